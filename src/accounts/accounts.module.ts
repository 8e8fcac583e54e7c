import { Module } from '@nestjs/common';
import { OrganizationsModule } from '../organizations';
import { AccountsService } from './accounts.service';
import { AuthController, UsersController } from './accounts.controller';
import { LoginLock } from './login-lock';
import { SignInService } from './sign-in.service';

@Module({
  imports: [OrganizationsModule],
  controllers: [UsersController, AuthController],
  providers: [AccountsService, SignInService, LoginLock],
  exports: [AccountsService, SignInService],
})
export class AccountsModule {}
