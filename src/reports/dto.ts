import { IsOptional, IsUUID } from 'class-validator';
import { PageQuery } from '../common/pagination';

export class OverdueReportQuery extends PageQuery {
  @IsOptional() @IsUUID() orgId?: string;
}
