import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsUUID, Max, Min } from 'class-validator';
import { IsOptional } from '../common/validators';
import { IsUniqueArray } from '../voting/validators';

export class CreatePlanDto {
  /** The organization department (组织部) whose plan it is. */
  @IsUUID() orgId: string;
  @IsInt() @Min(2000) @Max(2100) year: number;
  /** 计划发展名额; absent: no quota. */
  @IsOptional() @IsInt() @Min(0) @Max(1000000) quota?: number;
}

export class PlanEntriesDto {
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(10000) @IsUniqueArray() @IsUUID('all', { each: true }) candidateIds: string[];
}
