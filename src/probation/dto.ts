import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '../common/pagination';
import { IsIsoDate, IsOptional } from '../common/validators';

export class DatedByDto {
  @IsIsoDate() date: string;
  @IsString() @IsNotEmpty() @MaxLength(100) by: string;
}

export class DateOnlyDto {
  @IsIsoDate() date: string;
}

export class ExtensionDto {
  @IsIsoDate() date: string;
  /** 6..12, checked by the rules (EXTENSION_OUT_OF_RANGE) */
  @IsInt() months: number;
  @IsOptional() @IsString() @MaxLength(2000) reason?: string;
}

export class CancelDto {
  @IsIsoDate() date: string;
  @IsString() @IsNotEmpty() @MaxLength(2000) reason: string;
}

export const VISITOR_ROLES = ['secretary', 'introducer', 'other'] as const;
export const VISIT_METHODS = ['forum', 'mass_visit', 'veteran_visit', 'site_inspection'] as const;
export const RATINGS = ['good', 'concern', 'problem'] as const;
export const VISIT_ACTIONS = ['none', 'criticism', 'admonition_talk', 'extend_probation', 'cancel'] as const;

class VisitorDto {
  @IsUUID() memberId: string;
  @IsIn(VISITOR_ROLES) role: (typeof VISITOR_ROLES)[number];
}

class CheckDto {
  @IsIn(RATINGS) rating: (typeof RATINGS)[number];
  @IsOptional() @IsString() @MaxLength(2000) notes?: string;
}

/** 四查四看: 思想动态, 工作实绩, 群众评价, 表率作用 */
class ChecksDto {
  @IsDefined() @ValidateNested() @Type(() => CheckDto) thought: CheckDto;
  @IsDefined() @ValidateNested() @Type(() => CheckDto) performance: CheckDto;
  @IsDefined() @ValidateNested() @Type(() => CheckDto) massOpinion: CheckDto;
  @IsDefined() @ValidateNested() @Type(() => CheckDto) exemplary: CheckDto;
}

/**
 * What a visit with action `extend_probation` ({date, months}) or `cancel` ({date, reason})
 * decides (SPEC §8); the service checks that the fields fit the action.
 */
export class VisitDecisionDto {
  @IsIsoDate() date: string;
  /** extend_probation: 6..12, checked by the rules (EXTENSION_OUT_OF_RANGE) */
  @IsOptional() @IsInt() months?: number;
  /** cancel: why the probationary membership is cancelled */
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(2000) reason?: string;
}

export class VisitDto {
  @IsIsoDate() date: string;
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => VisitorDto)
  visitors: VisitorDto[];
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(VISIT_METHODS, { each: true })
  methods: (typeof VISIT_METHODS)[number][];
  @IsDefined() @ValidateNested() @Type(() => ChecksDto) checks: ChecksDto;
  @IsIn(VISIT_ACTIONS) action: (typeof VISIT_ACTIONS)[number];
  /** Required with action extend_probation ({date, months}) or cancel ({date, reason}); refused with any other action. */
  @IsOptional() @ValidateNested() @Type(() => VisitDecisionDto) decision?: VisitDecisionDto;
}

export class ListVisitsQuery extends PageQuery {
  @IsOptional() @IsUUID() orgId?: string;
  @IsOptional() @IsIsoDate() from?: string;
  @IsOptional() @IsIsoDate() to?: string;
}

export class SpotCheckDto {
  @IsUUID() orgId: string;
  @IsInt() @Min(1) @Max(10000) sampleSize: number;
  /** Any string or integer; the same seed draws the same sample. */
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value))
  @IsString()
  @MaxLength(100)
  seed?: string;
}
