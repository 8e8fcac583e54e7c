import { Module } from '@nestjs/common';
import { CandidatesModule } from '../candidates';
import { DeadlinesModule } from '../deadlines';
import { OrganizationsModule } from '../organizations';
import { ReportSheets } from './report-sheets';
import { OverdueReportService } from './overdue-report.service';
import { ReportsController } from './reports.controller';

@Module({
  imports: [CandidatesModule, DeadlinesModule, OrganizationsModule],
  controllers: [ReportsController],
  providers: [OverdueReportService, ReportSheets],
})
export class ReportsModule {}
