import { Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { Allow, CurrentCaller } from '../auth/decorators';
import { ANY_ROLE, BRANCH_UP, Caller } from '../auth/roles';
import { Idempotency } from '../common/idempotency.interceptor';
import { IdParam } from '../common/params';
import { DocxDownload, ImportQuery, ImportUpload, UploadedFile, XlsxDownload } from '../office/http';
import { CandidateFiles } from './candidate-files.service';
import { ListCandidatesQuery } from './dto';

export class CandidateImportQuery extends ImportQuery {
  /** The branch (党支部) the applicants applied to. */
  @IsUUID() orgId: string;
}

/** SPEC §15: applicants in from a spreadsheet, the list out to one, and the full record as a document. */
@ApiTags('candidates')
@ApiBearerAuth()
@Controller()
export class CandidateFilesController {
  constructor(private readonly files: CandidateFiles) {}

  @Get('templates/candidates.xlsx')
  @Allow(...ANY_ROLE)
  @XlsxDownload('入党申请人导入模板')
  template() {
    return this.files.template();
  }

  @Post('candidates/import')
  @Allow(...BRANCH_UP)
  @Idempotency('create')
  @ImportUpload()
  import(@CurrentCaller() c: Caller, @Query() query: CandidateImportQuery, @UploadedFile() file: Buffer) {
    return this.files.import(c, query.orgId, file, query.dryRun === 'true');
  }

  @Get('candidates/export.xlsx')
  @Allow(...ANY_ROLE)
  @XlsxDownload('发展党员名册（列表的筛选条件）')
  export(@CurrentCaller() c: Caller, @Query() query: ListCandidatesQuery) {
    return this.files.export(c, query);
  }

  @Get('candidates/:id/record.docx')
  @Allow(...ANY_ROLE)
  @DocxDownload('发展党员全程纪实表')
  record(@CurrentCaller() c: Caller, @IdParam() id: string) {
    return this.files.record(c, id);
  }
}
