import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ReportSheets } from './report-sheets';
import { Allow, CurrentCaller } from '../auth/decorators';
import { BRANCH_UP, Caller } from '../auth/roles';
import { CandidateStatistics } from '../candidates';
import { OverdueReportQuery, YearReportQuery } from './dto';
import { OverdueReportService } from './overdue-report.service';

/** SPEC §10/§11: reports, each within the caller's subtree (a branch reads its own branch). */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class ReportsController {
  constructor(
    private readonly overdue: OverdueReportService,
    private readonly admissions: CandidateStatistics,
    private readonly sheets: ReportSheets,
  ) {}

  @Get('overdue')
  @Allow(...BRANCH_UP)
  overdueItems(@CurrentCaller() c: Caller, @Query() query: OverdueReportQuery) {
    return this.overdue.overdue(c, query);
  }

  @Get('funnel')
  @Allow(...BRANCH_UP)
  async funnel(@CurrentCaller() c: Caller, @Query() query: YearReportQuery) {
    const report = await this.admissions.funnel(c, query);
    return query.format === 'xlsx' ? this.sheets.funnel(report) : report;
  }

  @Get('structure')
  @Allow(...BRANCH_UP)
  async structure(@CurrentCaller() c: Caller, @Query() query: YearReportQuery) {
    const report = await this.admissions.structure(c, query);
    return query.format === 'xlsx' ? this.sheets.structure(report) : report;
  }
}
