// The reports feature (SPEC §3, §11).
export { ReportsModule } from './reports.module';
