import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsInt, IsUUID, Max, Min } from 'class-validator';
import { IsOptional } from '../common/validators';
import { PageQuery } from '../common/pagination';

export class OverdueReportQuery extends PageQuery {
  @IsOptional() @IsUUID() orgId?: string;
}

/** SPEC §11: the funnel and structure reports, for one calendar year. */
export class YearReportQuery {
  /** The organization whose subtree is counted; the caller's own scope when absent. */
  @IsOptional() @IsUUID() orgId?: string;
  /** The calendar year (required). */
  @IsDefined() @Type(() => Number) @IsInt() @Min(1900) @Max(2100) year: number;
  /** SPEC §15: `xlsx` answers the same figures as a workbook. */
  @IsOptional() @IsIn(['json', 'xlsx']) format?: 'json' | 'xlsx';
}
