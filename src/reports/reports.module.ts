import { Module } from '@nestjs/common';
import { OrganizationsModule } from '../organizations/organizations.module';
import { AdmissionsReportService } from './admissions-report.service';
import { OverdueReportService } from './overdue-report.service';
import { ReportsController } from './reports.controller';

@Module({ imports: [OrganizationsModule], controllers: [ReportsController], providers: [OverdueReportService, AdmissionsReportService] })
export class ReportsModule {}
