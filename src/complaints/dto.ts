import { IsIn, IsNotEmpty, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { PageQuery } from '../common/pagination';
import { IsIsoDate, IsOptional } from '../common/validators';
import { COMPLAINT_FINDINGS, ComplaintFinding } from '@admissions/rules';
import { COMPLAINT_CHANNELS, ComplaintChannel } from './complaint.entity';

/** Filed online by anyone during publicity (SPEC §6). */
export class PublicComplaintDto {
  @IsUUID() noticeId: string;
  @IsUUID() candidateId: string;
  @IsString() @MinLength(10) @MaxLength(2000) content: string;
  @IsOptional() @IsString() @MaxLength(200) contact?: string;
}

/** Letters, visits and hotline calls, entered by committee staff. */
export class StaffComplaintDto {
  @IsUUID() candidateId: string;
  @IsIn(COMPLAINT_CHANNELS) channel: ComplaintChannel;
  @IsIsoDate() receivedOn: string;
  @IsString() @IsNotEmpty() @MaxLength(10000) content: string;
  @IsOptional() @IsString() @MaxLength(100) complainant?: string;
}

export class VerificationDto {
  @IsIsoDate() verifiedOn: string;
  @IsIn(COMPLAINT_FINDINGS) finding: ComplaintFinding;
  @IsString() @IsNotEmpty() @MaxLength(10000) summary: string;
  /** What the complainant will read. */
  @IsOptional() @IsString() @MaxLength(2000) reply?: string;
}

export class ListComplaintsQuery extends PageQuery {
  @IsOptional() @IsUUID() candidateId?: string;
  @IsOptional() @IsUUID() orgId?: string;
  @IsOptional() @IsIn(['open', 'verified']) status?: 'open' | 'verified';
}
