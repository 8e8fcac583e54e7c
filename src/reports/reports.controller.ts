import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentCaller } from '../auth/decorators';
import { BRANCH_UP, Caller } from '../auth/roles';
import { OverdueReportQuery } from './dto';
import { OverdueReportService } from './overdue-report.service';

/** SPEC §10/§11: reports. */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class ReportsController {
  constructor(private readonly overdue: OverdueReportService) {}

  @Get('overdue') @Allow(...BRANCH_UP)
  overdueItems(@CurrentCaller() c: Caller, @Query() query: OverdueReportQuery) {
    return this.overdue.overdue(c, query);
  }
}
