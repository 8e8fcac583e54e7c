import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  Equals,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsString,
  IsUUID,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '../common/pagination';
import { IsIsoDate, IsOptional } from '../common/validators';
import type { VotePurpose } from '../rules';

export class ChannelsDto {
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(50) phone?: string;
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(200) address?: string;
  @IsOptional() @Equals(true) online?: true;
}

export class CreateNoticeDto {
  /** The branch, or an ancestor issuing one notice for several branches. */
  @IsUUID() orgId: string;
  @IsIn(['admission', 'conversion']) kind: VotePurpose;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(10000) @ArrayUnique() @IsUUID('all', { each: true }) candidateIds: string[];
  @IsIsoDate() startDate: string;
  /** Within the profile's range (PUBLICITY_DAYS_OUT_OF_RANGE); the profile's default when omitted. */
  @IsOptional() @IsInt() days?: number;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => ChannelsDto) channels?: ChannelsDto;
}

export class ListNoticesQuery extends PageQuery {
  @IsOptional() @IsUUID() orgId?: string;
  @IsOptional() @IsIn(['open', 'closed']) status?: 'open' | 'closed';
  @IsOptional() @IsIn(['admission', 'conversion']) kind?: VotePurpose;
}

export class PublicNoticesQuery extends PageQuery {
  @IsOptional() @IsUUID() orgId?: string;
}
