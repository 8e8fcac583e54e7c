import { Type } from 'class-transformer';
import { IsIn, IsNotEmpty, IsObject, IsString, IsUUID, Matches, MaxLength, ValidateNested } from 'class-validator';
import { PageQuery } from '../common/pagination';
import { IsIsoDate, IsOptional } from '../common/validators';
import {
  Handling,
  HANDLINGS,
  RECORD_SOURCES,
  RECORD_STATUSES,
  RecordSource,
  RecordStatus,
} from './accountability-record.entity';

export class SubjectDto {
  /** The organization held accountable (or whose member is). */
  @IsUUID() orgId: string;
  /** A roster member, when a person is held accountable. */
  @IsOptional() @IsUUID() memberId?: string;
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100) name?: string;
}

export class CreateRecordDto {
  /** A catalog code (A01…C05); unknown codes answer 422 UNKNOWN_SITUATION. */
  @IsString() @IsNotEmpty() @MaxLength(8) situation: string;
  @IsObject() @ValidateNested() @Type(() => SubjectDto) subject: SubjectDto;
  @IsOptional() @IsUUID() candidateId?: string;
  @IsIsoDate() occurredOn: string;
  @IsString() @IsNotEmpty() @MaxLength(5000) facts: string;
}

export class DecideDto {
  @IsIn(HANDLINGS) handling: Handling;
  /** Who decided (the body or official). */
  @IsString() @IsNotEmpty() @MaxLength(200) authority: string;
  @IsIsoDate() decidedOn: string;
}

export class DismissDto {
  @IsString() @IsNotEmpty() @MaxLength(2000) reason: string;
}

export class ListRecordsQuery extends PageQuery {
  /** An organization in scope: its whole subtree. */
  @IsOptional() @IsUUID() orgId?: string;
  @IsOptional() @Matches(/^[A-Z][0-9]{2}$/) situation?: string;
  @IsOptional() @IsIn(RECORD_STATUSES) status?: RecordStatus;
  @IsOptional() @IsIn(RECORD_SOURCES) source?: RecordSource;
}
