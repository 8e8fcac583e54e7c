import {
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { ROLES, type Role } from '../auth/roles';
import { PageQuery } from '../common/pagination';
import { IsOptional } from '../common/validators';
import { MAX_PASSWORD, MIN_PASSWORD } from './password';

const USERNAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{2,31}$/;
const USERNAME_MESSAGE = '用户名为 3–32 个字母、数字或 _ . -，以字母或数字开头';
const PASSWORD_MESSAGE = `密码至少 ${MIN_PASSWORD} 个字符`;

export class CreateUserDto {
  @IsString() @Matches(USERNAME, { message: USERNAME_MESSAGE }) username: string;
  @IsString() @IsNotEmpty() @MaxLength(100) name: string;
  @IsIn(ROLES) role: Role;
  /** Required for every role but admin. */
  @ValidateIf((dto: CreateUserDto) => dto.role !== 'admin' || dto.orgId !== undefined)
  @IsUUID()
  orgId?: string;
  @IsString() @MinLength(MIN_PASSWORD, { message: PASSWORD_MESSAGE }) @MaxLength(MAX_PASSWORD) password: string;
}

export class UpdateUserDto {
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100) name?: string;
  @IsOptional() @IsIn(ROLES) role?: Role;
  /** null: everywhere (admin only). */
  @ValidateIf((dto: UpdateUserDto) => dto.orgId !== undefined && dto.orgId !== null)
  @IsUUID()
  orgId?: string | null;
  @IsOptional() @IsBoolean() disabled?: boolean;
}

export class ResetPasswordDto {
  @IsString() @MinLength(MIN_PASSWORD, { message: PASSWORD_MESSAGE }) @MaxLength(MAX_PASSWORD) password: string;
}

export class LoginDto {
  @IsString() @IsNotEmpty() @MaxLength(100) username: string;
  @IsString() @IsNotEmpty() @MaxLength(MAX_PASSWORD) password: string;
}

export class ChangePasswordDto {
  @IsString() @IsNotEmpty() @MaxLength(MAX_PASSWORD) current: string;
  @IsString() @MinLength(MIN_PASSWORD, { message: PASSWORD_MESSAGE }) @MaxLength(MAX_PASSWORD) next: string;
}

export class ListUsersQuery extends PageQuery {
  @IsOptional() @IsIn(ROLES) role?: Role;
  @IsOptional() @IsUUID() orgId?: string;
}
