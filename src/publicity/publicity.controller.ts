import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentCaller } from '../auth/decorators';
import { BRANCH_UP, Caller } from '../auth/roles';
import { IdParam } from '../common/params';
import { CreateNoticeDto, ListNoticesQuery } from './dto';
import { PublicityService } from './publicity.service';
import { DocxDownload } from '../office/http';
import { Idempotency } from '../common/idempotency.interceptor';

/** SPEC §6: publicity notices (公示), staff side. */
@ApiTags('publicity')
@ApiBearerAuth()
@Controller('publicity')
export class PublicityController {
  constructor(private readonly publicity: PublicityService) {}

  @Post()
  @Allow(...BRANCH_UP)
  @Idempotency('create')
  create(@CurrentCaller() c: Caller, @Body() dto: CreateNoticeDto) {
    return this.publicity.create(c, dto);
  }

  @Get()
  @Allow(...BRANCH_UP)
  list(@CurrentCaller() c: Caller, @Query() query: ListNoticesQuery) {
    return this.publicity.list(c, query);
  }

  @Get(':id')
  @Allow(...BRANCH_UP)
  get(@CurrentCaller() c: Caller, @IdParam() id: string) {
    return this.publicity.get(c, id);
  }

  @Get(':id/notice.docx')
  @Allow(...BRANCH_UP)
  @DocxDownload('公示（公文格式）')
  noticeDocument(@CurrentCaller() c: Caller, @IdParam() id: string) {
    return this.publicity.noticeDocument(c, id);
  }

  @Post(':id/close')
  @Allow(...BRANCH_UP)
  close(@CurrentCaller() c: Caller, @IdParam() id: string) {
    return this.publicity.close(c, id);
  }
}
