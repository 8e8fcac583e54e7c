import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  Equals,
  IsArray,
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsNumber,
  IsObject,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '../common/pagination';
import { IsIsoDate, IsOptional } from '../common/validators';
import { STAGES } from '@admissions/rules';

/** 18 characters (17 digits and a digit or X) or the old 15 digits. */
const ID_NUMBER = /^(\d{17}[\dXx]|\d{15})$/;

class PriorRemovalDto {
  /** persuaded: 劝退; removed: 除名 */
  @IsIn(['persuaded', 'removed']) kind: 'persuaded' | 'removed';
  @IsIsoDate() on: string;
}

export class CreateCandidateDto {
  /** The branch (党支部) the applicant applied to. */
  @IsUUID() orgId: string;
  @IsString() @IsNotEmpty() @MaxLength(100) name: string;
  @IsIn(['male', 'female']) gender: 'male' | 'female';
  @IsIsoDate() birthDate: string;
  @IsIsoDate() applicationDate: string;
  @IsOptional() @IsString() @MaxLength(50) ethnicity?: string;
  @IsOptional() @IsString() @MaxLength(50) education?: string;
  @IsOptional() @IsString() @MaxLength(100) occupation?: string;
  @IsOptional() @IsString() @MaxLength(200) workUnit?: string;
  /** 一线 */
  @IsOptional() @IsBoolean() frontline?: boolean;
  /** 高知识群体 */
  @IsOptional() @IsBoolean() highKnowledge?: boolean;
  /** 18 characters (17 digits and a digit or X) or the old 15 digits; stored only hashed and masked. */
  @IsOptional() @IsString() @Matches(ID_NUMBER) idNumber?: string;
  @IsOptional() @ValidateNested() @Type(() => PriorRemovalDto) priorRemoval?: PriorRemovalDto;
}

export class ListCandidatesQuery extends PageQuery {
  @IsOptional() @IsUUID() orgId?: string;
  @IsOptional() @IsIn(STAGES) stage?: string;
  @IsOptional() @IsIn(['true', 'false']) deferred?: 'true' | 'false';
  @IsOptional() @IsString() @MaxLength(100) q?: string;
  /** Finds by national ID number (SPEC §13): matched by its keyed digest, never stored. */
  @IsOptional() @IsString() @Matches(ID_NUMBER) idNumber?: string;
  /** The previous page's `nextCursor`: the page after it, by keyset (`page` is then ignored). */
  @IsOptional() @IsString() @MaxLength(200) cursor?: string;
}

class DatedDto {
  @IsIsoDate() date: string;
}

export class TalkDto extends DatedDto {
  @IsString() @IsNotEmpty() @MaxLength(100) by: string;
}

export class ActivistDto extends DatedDto {
  @IsIn(['members', 'organization']) recommendation: 'members' | 'organization';
  @IsIsoDate() committeeFiledOn: string;
}

export class MembersDto {
  @IsArray() @ArrayMaxSize(10) @ArrayUnique() @IsUUID('all', { each: true }) memberIds: string[];
}

export class AssessmentDto extends DatedDto {
  @IsIn(['good', 'fair', 'poor']) result: 'good' | 'fair' | 'poor';
  @IsOptional() @IsString() @MaxLength(2000) notes?: string;
}

export class DevelopmentObjectDto extends DatedDto {
  /** 听取党小组、培养联系人、党员和群众意见 */
  @Equals(true) opinionsHeard: true;
  @IsIsoDate() committeeFiledOn: string;
}

export class PoliticalReviewDto extends DatedDto {
  @IsIn(['passed', 'failed']) result: 'passed' | 'failed';
  @IsOptional() @IsString() @MaxLength(2000) notes?: string;
}

export class TrainingDto {
  @IsIsoDate() startDate: string;
  @IsIsoDate() endDate: string;
  @IsNumber() @Min(0) @Max(366) days: number;
  @IsNumber() @Min(0) @Max(10000) hours: number;
  @IsBoolean() passed: boolean;
}

export class PreReviewDto extends DatedDto {
  @IsIn(['passed', 'failed']) result: 'passed' | 'failed';
  @IsOptional() @IsString() @MaxLength(2000) notes?: string;
}

export class ReasonDto extends DatedDto {
  @IsString() @IsNotEmpty() @MaxLength(2000) reason: string;
}

export class OptionalReasonDto extends DatedDto {
  @IsOptional() @IsString() @MaxLength(2000) reason?: string;
}

/** SPEC §13: personal data corrected, each field optional, the reason required. */
export class CorrectCandidateDto {
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100) name?: string;
  @IsOptional() @IsIn(['male', 'female']) gender?: 'male' | 'female';
  @IsOptional() @IsIsoDate() birthDate?: string;
  @IsOptional() @IsString() @MaxLength(50) ethnicity?: string;
  @IsOptional() @IsString() @MaxLength(50) education?: string;
  @IsOptional() @IsString() @MaxLength(100) occupation?: string;
  @IsOptional() @IsString() @MaxLength(200) workUnit?: string;
  @IsOptional() @IsBoolean() frontline?: boolean;
  @IsOptional() @IsBoolean() highKnowledge?: boolean;
  /** Stored only as a keyed digest and masked. */
  @IsOptional() @IsString() @Matches(ID_NUMBER) idNumber?: string;
  @IsString() @IsNotEmpty() @MaxLength(2000) reason: string;
}

/** SPEC §13: a recorded step amended — its date and/or fields of its input. */
export class StepCorrectionDto {
  @IsOptional() @IsIsoDate() date?: string;
  /** Fields of the step's own body (as its command takes them); checked against that command's rules. */
  @IsOptional() @IsObject() input?: Record<string, unknown>;
  @IsString() @IsNotEmpty() @MaxLength(2000) reason: string;
}

/** SPEC §13: 组织关系转接 to another branch in the caller's scope. */
export class TransferDto {
  @IsUUID() toOrgId: string;
  @IsIsoDate() date: string;
  @IsString() @IsNotEmpty() @MaxLength(2000) reason: string;
}

/** SPEC §13: one command for up to 500 candidates, all or nothing. */
export class BatchDto {
  @IsString() @IsNotEmpty() @MaxLength(40) command: string;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(500) @ArrayUnique() @IsUUID('all', { each: true }) candidateIds: string[];
  /** The command's body, as for one candidate. */
  @IsObject() input: Record<string, unknown>;
}
