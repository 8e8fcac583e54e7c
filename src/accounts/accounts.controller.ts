import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentCaller, Public } from '../auth/decorators';
import { ANY_ROLE, Caller, DEPARTMENT_UP } from '../auth/roles';
import { Idempotency } from '../common/idempotency.interceptor';
import { IdParam } from '../common/params';
import { AccountsService } from './accounts.service';
import { ChangePasswordDto, CreateUserDto, ListUsersQuery, LoginDto, ResetPasswordDto, UpdateUserDto } from './dto';
import { SignInService } from './sign-in.service';

@ApiTags('accounts')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly accounts: AccountsService) {}

  @Post()
  @Allow(...DEPARTMENT_UP)
  @Idempotency('create')
  create(@CurrentCaller() caller: Caller, @Body() dto: CreateUserDto) {
    return this.accounts.create(caller, dto);
  }

  @Get()
  @Allow(...DEPARTMENT_UP)
  list(@CurrentCaller() caller: Caller, @Query() query: ListUsersQuery) {
    return this.accounts.list(caller, query);
  }

  @Get(':id')
  @Allow(...DEPARTMENT_UP)
  get(@CurrentCaller() caller: Caller, @IdParam() id: string) {
    return this.accounts.get(caller, id);
  }

  @Get(':id/events')
  @Allow(...DEPARTMENT_UP)
  events(@CurrentCaller() caller: Caller, @IdParam() id: string) {
    return this.accounts.events(caller, id);
  }

  @Patch(':id')
  @Allow(...DEPARTMENT_UP)
  @HttpCode(200)
  update(@CurrentCaller() caller: Caller, @IdParam() id: string, @Body() dto: UpdateUserDto) {
    return this.accounts.update(caller, id, dto);
  }

  @Post(':id/password')
  @Allow(...DEPARTMENT_UP)
  @HttpCode(204)
  resetPassword(@CurrentCaller() caller: Caller, @IdParam() id: string, @Body() dto: ResetPasswordDto) {
    return this.accounts.resetPassword(caller, id, dto);
  }
}

@ApiTags('accounts')
@Controller('auth')
export class AuthController {
  constructor(private readonly signIn: SignInService) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @Idempotency('refuse')
  login(@Body() dto: LoginDto) {
    return this.signIn.login(dto);
  }

  @Post('logout')
  @ApiBearerAuth()
  @Allow(...ANY_ROLE)
  @HttpCode(204)
  logout(@CurrentCaller() caller: Caller) {
    return this.signIn.logout(caller);
  }

  @Post('password')
  @ApiBearerAuth()
  @Allow(...ANY_ROLE)
  @HttpCode(204)
  changePassword(@CurrentCaller() caller: Caller, @Body() dto: ChangePasswordDto) {
    return this.signIn.changePassword(caller, dto);
  }

  @Get('me')
  @ApiBearerAuth()
  @Allow(...ANY_ROLE)
  me(@CurrentCaller() caller: Caller) {
    return this.signIn.me(caller);
  }
}
