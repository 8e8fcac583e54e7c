import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsUUID, Max, Min } from 'class-validator';
import { PageQuery } from '../common/pagination';
import { IsOptional } from '../common/validators';
import { IsUniqueArray } from '../common/validators';

export class CreatePlanDto {
  /** The organization department (组织部) whose plan it is. */
  @IsUUID() orgId: string;
  @IsInt() @Min(2000) @Max(2100) year: number;
  /** 计划发展名额; absent: no quota. */
  @IsOptional() @IsInt() @Min(0) @Max(1000000) quota?: number;
}

export class PlanEntriesDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10000)
  @IsUniqueArray()
  @IsUUID('all', { each: true })
  candidateIds: string[];
}

export class ListPlansQuery extends PageQuery {
  /** Plans that cover this organization: of its subtree, or of a department above it. */
  @IsOptional() @IsUUID() orgId?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year?: number;
}
