import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  Equals,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsString,
  IsUUID,
  MaxLength,
  registerDecorator,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '../common/pagination';
import { IsIsoDate, IsOptional } from '../common/validators';
import type { VotePurpose } from '@admissions/rules';

export class ChannelsDto {
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(50) phone?: string;
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(200) address?: string;
  @IsOptional() @Equals(true) online?: true;
}

/**
 * SPEC §6: a notice must tell the public how to object — a phone or an address (or both);
 * the online page alone is not enough (it always exists). A field error on `channels`.
 */
export function HasObjectionChannel(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'hasObjectionChannel',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: '须提供受理反映的电话或地址（至少一项）' },
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
          const { phone, address } = value as { phone?: unknown; address?: unknown };
          const given = (v: unknown) => typeof v === 'string' && v.trim().length > 0;
          return given(phone) || given(address);
        },
      },
    });
  };
}

export class CreateNoticeDto {
  /** The branch, or an ancestor issuing one notice for several branches. */
  @IsUUID() orgId: string;
  @IsIn(['admission', 'conversion']) kind: VotePurpose;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(10000) @ArrayUnique() @IsUUID('all', { each: true }) candidateIds: string[];
  @IsIsoDate() startDate: string;
  /** Within the profile's range (PUBLICITY_DAYS_OUT_OF_RANGE); the profile's default when omitted. */
  @IsOptional() @IsInt() days?: number;
  /** How the public may object: a phone or an address (or both) is required; `online` marks the online page. */
  @IsDefined() @IsObject() @ValidateNested() @Type(() => ChannelsDto) @HasObjectionChannel() channels: ChannelsDto;
}

export class ListNoticesQuery extends PageQuery {
  @IsOptional() @IsUUID() orgId?: string;
  @IsOptional() @IsIn(['open', 'closed']) status?: 'open' | 'closed';
  @IsOptional() @IsIn(['admission', 'conversion']) kind?: VotePurpose;
}

export class PublicNoticesQuery extends PageQuery {
  @IsOptional() @IsUUID() orgId?: string;
}
