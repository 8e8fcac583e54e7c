import { Module } from '@nestjs/common';
import { CandidatesModule } from '../candidates';
import { DeadlinesModule } from '../deadlines';
import { OverdueReportService } from './overdue-report.service';
import { ReportsController } from './reports.controller';

@Module({
  imports: [CandidatesModule, DeadlinesModule],
  controllers: [ReportsController],
  providers: [OverdueReportService],
})
export class ReportsModule {}
