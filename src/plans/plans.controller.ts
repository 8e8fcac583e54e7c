import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentCaller } from '../auth/decorators';
import { Caller, COMMITTEE_UP, DEPARTMENT_UP } from '../auth/roles';
import { IdParam } from '../common/params';
import { CreatePlanDto, ListPlansQuery, PlanEntriesDto } from './dto';
import { PlansService } from './plans.service';
import { XlsxDownload } from '../office/http';
import { Idempotency } from '../common/idempotency.interceptor';

/** SPEC §11: departments draw up plans; committees put candidates forward. */
@ApiTags('plans')
@ApiBearerAuth()
@Controller('plans')
export class PlansController {
  constructor(private readonly plans: PlansService) {}

  @Post()
  @Allow(...DEPARTMENT_UP)
  @Idempotency('create')
  create(@CurrentCaller() c: Caller, @Body() dto: CreatePlanDto) {
    return this.plans.create(c, dto);
  }

  @Get()
  @Allow(...COMMITTEE_UP)
  list(@CurrentCaller() c: Caller, @Query() query: ListPlansQuery) {
    return this.plans.list(c, query);
  }

  @Post(':id/entries')
  @Allow(...COMMITTEE_UP)
  addEntries(@CurrentCaller() c: Caller, @IdParam() id: string, @Body() dto: PlanEntriesDto) {
    return this.plans.addEntries(c, id, dto);
  }

  @Get(':id/export.xlsx')
  @Allow(...COMMITTEE_UP)
  @XlsxDownload('年度发展党员计划')
  export(@CurrentCaller() c: Caller, @IdParam() id: string) {
    return this.plans.export(c, id);
  }

  @Get(':id')
  @Allow(...COMMITTEE_UP)
  detail(@CurrentCaller() c: Caller, @IdParam() id: string) {
    return this.plans.detail(c, id);
  }
}
