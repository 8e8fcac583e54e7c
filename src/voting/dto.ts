import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  MinLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '../common/pagination';
import { IsIsoDate, IsOptional } from '../common/validators';
import { IsUniqueArray } from '../common/validators';
import { Choice, IsChoiceMap } from './validators';
import {
  EXCUSE_REASONS,
  ExcuseReason,
  SESSION_PURPOSES,
  SESSION_STATUSES,
  SessionPurpose,
  SessionStatus,
  VOTE_LEVELS,
  VOTE_MODES,
  VoteLevelName,
  VoteMode,
} from './vote.entities';

export const MAX_CANDIDATES = 10000;
const MAX_PEOPLE = 100000;

class ExcusedDto {
  @IsUUID() memberId: string;
  @IsIn(EXCUSE_REASONS) reason: ExcuseReason;
}

export class CreateVoteDto {
  @IsIn(VOTE_LEVELS) level: VoteLevelName;
  @IsIn(SESSION_PURPOSES) purpose: SessionPurpose;
  @IsUUID() orgId: string;
  @IsIsoDate() meetingDate: string;
  /** Optional only for a plan vote: it then covers every entry still awaiting a decision. */
  @ValidateIf((o: CreateVoteDto) => o.purpose !== 'plan' || o.candidateIds !== undefined)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_CANDIDATES)
  @IsUniqueArray()
  @IsUUID('all', { each: true })
  candidateIds?: string[];
  @IsIn(VOTE_MODES) mode: VoteMode;
  /** Mass assessment: expected attendees (应到会人数). */
  @ValidateIf((o: CreateVoteDto) => o.level === 'mass_assessment' || o.expected !== undefined)
  @IsInt()
  @Min(1)
  @Max(MAX_PEOPLE)
  expected?: number;
  /** Committee: all members of the body, present or not. */
  @ValidateIf((o: CreateVoteDto) => o.level === 'committee' || o.bodySize !== undefined)
  @IsInt()
  @Min(1)
  @Max(MAX_PEOPLE)
  bodySize?: number;
  /** Branch meeting: voting members left out of `expected`, each for a recognised reason. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_PEOPLE)
  @ValidateNested({ each: true })
  @Type(() => ExcusedDto)
  excused?: ExcusedDto[];
  @ValidateIf((o: CreateVoteDto) => o.purpose === 'plan' || o.planId !== undefined)
  @IsUUID()
  planId?: string;
}

/** {present} for a mass assessment or committee; {memberIds} for a branch meeting. */
export class AttendanceDto {
  /** 群众测评、党委表决：实到人数（与 memberIds 二选一）。 */
  @ValidateIf((o: AttendanceDto) => o.memberIds === undefined) @IsInt() @Min(0) @Max(MAX_PEOPLE) present?: number;
  /** 支部大会：到会的有表决权党员（与 present 二选一）。 */
  @ValidateIf((o: AttendanceDto) => o.present === undefined)
  @IsArray()
  @ArrayMaxSize(MAX_PEOPLE)
  @IsUniqueArray()
  @IsUUID('all', { each: true })
  memberIds?: string[];
}

export class WrittenOpinionDto {
  @IsUUID() memberId: string;
  @IsDefined() @IsChoiceMap(MAX_CANDIDATES) choices: Record<string, Choice>;
}

class CountDto {
  @IsUUID() candidateId: string;
  @IsInt() @Min(0) @Max(MAX_PEOPLE) approve: number;
  /** Mass assessment: the disapprovals. */
  @IsInt() @Min(0) @Max(MAX_PEOPLE) reject: number;
  @IsInt() @Min(0) @Max(MAX_PEOPLE) abstain: number;
  @IsInt() @Min(0) @Max(MAX_PEOPLE) invalid: number;
}

export class CountsDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_CANDIDATES)
  @ValidateNested({ each: true })
  @Type(() => CountDto)
  results: CountDto[];
}

/** {count} for a mass assessment or committee; {memberIds} (present members) for a branch meeting. */
export class BallotPapersDto {
  /** 群众测评、党委表决：发放张数（与 memberIds 二选一）。 */
  @ValidateIf((o: BallotPapersDto) => o.memberIds === undefined) @IsInt() @Min(1) @Max(10000) count?: number;
  /** 支部大会：领取选票的到会党员（与 count 二选一），每人一张。 */
  @ValidateIf((o: BallotPapersDto) => o.count === undefined)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10000)
  @IsUniqueArray()
  @IsUUID('all', { each: true })
  memberIds?: string[];
}

export class CloseVoteDto {
  /** The tellers' key (监票人开箱密钥) as printed; required to close an electronic session whose papers were issued. */
  @IsOptional() @IsString() @MaxLength(200) tallyKey?: string;
}

export class CastBallotDto {
  /** The one-time code; dashes and spaces are ignored, letters in either case. Anything else is simply not a code (404). */
  @IsString() @MinLength(1) @MaxLength(200) code: string;
  @IsDefined() @IsChoiceMap(MAX_CANDIDATES) choices: Record<string, Choice>;
}

/** GET /api/votes (SPEC §7.1): sessions in scope, newest first. */
export class ListVotesQuery extends PageQuery {
  @IsOptional() @IsUUID() orgId?: string;
  @IsOptional() @IsIn(SESSION_STATUSES) status?: SessionStatus;
  @IsOptional() @IsIn(VOTE_LEVELS) level?: VoteLevelName;
  @IsOptional() @IsIn(SESSION_PURPOSES) purpose?: SessionPurpose;
}

export class VoidVoteDto {
  /** Why the session is void (opened by mistake, the tellers' key lost …). */
  @IsString() @MinLength(1) @MaxLength(500) reason: string;
}

export class BallotPaperQuery {
  /** The one-time code as printed; read leniently like a cast. */
  @IsString() @MinLength(1) @MaxLength(200) code: string;
}
