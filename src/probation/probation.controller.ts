import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentCaller } from '../auth/decorators';
import { BRANCH_UP, Caller, COMMITTEE_UP, DEPARTMENT_UP } from '../auth/roles';
import { IdParam } from '../common/params';
import { CancelDto, DateOnlyDto, DatedByDto, ExtensionDto, ListVisitsQuery, SpotCheckDto, VisitDto } from './dto';
import { ProbationService, VISIT_ROLES } from './probation.service';
import { DocxDownload } from '../office/http';
import { Idempotency } from '../common/idempotency.interceptor';

/** Reviewers read candidates and visits and log visits (SPEC §12). */

@ApiTags('probation')
@ApiBearerAuth()
@Controller()
export class ProbationController {
  constructor(private readonly probation: ProbationService) {}

  @Post('candidates/:id/approval-talk')
  @Allow(...COMMITTEE_UP)
  approvalTalk(@CurrentCaller() c: Caller, @IdParam() id: string, @Body() dto: DatedByDto) {
    return this.probation.approvalTalk(c, id, dto);
  }

  @Post('candidates/:id/oath')
  @Allow(...BRANCH_UP)
  oath(@CurrentCaller() c: Caller, @IdParam() id: string, @Body() dto: DateOnlyDto) {
    return this.probation.oath(c, id, dto);
  }

  @Post('candidates/:id/visits')
  @Allow(...VISIT_ROLES)
  @Idempotency('create')
  visit(@CurrentCaller() c: Caller, @IdParam() id: string, @Body() dto: VisitDto) {
    return this.probation.visit(c, id, dto);
  }

  @Get('visits')
  @Allow(...VISIT_ROLES)
  visits(@CurrentCaller() c: Caller, @Query() query: ListVisitsQuery) {
    return this.probation.listVisits(c, query);
  }

  @Get('visits/:id/record.docx')
  @Allow(...VISIT_ROLES)
  @DocxDownload('预备党员回访记录')
  visitRecord(@CurrentCaller() c: Caller, @IdParam() id: string) {
    return this.probation.visitRecord(c, id);
  }

  @Post('candidates/:id/conversion-application')
  @Allow(...BRANCH_UP)
  conversionApplication(@CurrentCaller() c: Caller, @IdParam() id: string, @Body() dto: DateOnlyDto) {
    return this.probation.conversionApplication(c, id, dto);
  }

  @Post('candidates/:id/extension')
  @Allow(...BRANCH_UP)
  extension(@CurrentCaller() c: Caller, @IdParam() id: string, @Body() dto: ExtensionDto) {
    return this.probation.extension(c, id, dto);
  }

  @Post('candidates/:id/cancel')
  @Allow(...COMMITTEE_UP)
  cancel(@CurrentCaller() c: Caller, @IdParam() id: string, @Body() dto: CancelDto) {
    return this.probation.cancel(c, id, dto);
  }

  @Post('spot-checks')
  @Allow(...DEPARTMENT_UP)
  @Idempotency('create')
  spotCheck(@CurrentCaller() c: Caller, @Body() dto: SpotCheckDto) {
    return this.probation.spotCheck(c, dto);
  }
}
