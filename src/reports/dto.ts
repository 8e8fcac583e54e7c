import { IsUUID } from 'class-validator';
import { IsOptional } from '../common/validators';
import { PageQuery } from '../common/pagination';

export class OverdueReportQuery extends PageQuery {
  @IsOptional() @IsUUID() orgId?: string;
}
