import { Module } from '@nestjs/common';
import { OrganizationsModule } from '../organizations/organizations.module';
import { OverdueReportService } from './overdue-report.service';
import { ReportsController } from './reports.controller';

@Module({ imports: [OrganizationsModule], controllers: [ReportsController], providers: [OverdueReportService] })
export class ReportsModule {}
