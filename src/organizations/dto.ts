import { IsBoolean, IsIn, IsNotEmpty, IsString, IsUUID, MaxLength } from 'class-validator';
import { IsIsoDate, IsOptional } from '../common/validators';
import { PageQuery } from '../common/pagination';
import { MEMBER_STATUSES, MemberStatus, ORG_KINDS, OrgKind } from './kinds';

export class CreateOrganizationDto {
  @IsString() @IsNotEmpty() @MaxLength(200) name: string;
  @IsIn(ORG_KINDS) kind: OrgKind;
  @IsOptional() @IsUUID() parentId?: string;
}

export class ListOrganizationsQuery extends PageQuery {
  @IsOptional() @IsUUID() parentId?: string;
}

export class CreateMemberDto {
  @IsString() @IsNotEmpty() @MaxLength(100) name: string;
  @IsIn(MEMBER_STATUSES) status: MemberStatus;
  /** false under 留党察看 */
  @IsOptional() @IsBoolean() votingRights?: boolean;
  @IsIsoDate() joinedOn: string;
}

export class UpdateMemberDto {
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100) name?: string;
  @IsOptional() @IsIn(MEMBER_STATUSES) status?: MemberStatus;
  @IsOptional() @IsBoolean() votingRights?: boolean;
}
