import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { expiryOf, signToken } from '../auth/jwt';
import type { Caller } from '../auth/roles';
import { Sessions } from '../auth/sessions';
import { notFound } from '../common/domain-error';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { TransactionRunner } from '../database/transaction';
import { AccountsService } from './accounts.service';
import { ChangePasswordDto, LoginDto } from './dto';
import { CurrentPasswordWrong, LoginFailed, LoginLocked } from './errors';
import { LoginLock } from './login-lock';
import { decoyHash, hashPassword, verifyPassword } from './password';
import { User } from './user.entity';
import { LoginView, toUserView, UserView } from './views';

/** Sign-in, sign-out and one's own password (SPEC §14); and the guard's question whether a session holds. */
@Injectable()
export class SignInService implements Sessions {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly accounts: AccountsService,
    private readonly lock: LoginLock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * 401 LOGIN_FAILED alike for an unknown username, a wrong password and a disabled account —
   * each after a full hash — and 429 LOGIN_LOCKED after five within 15 minutes, alike too.
   */
  async login(dto: LoginDto): Promise<LoginView> {
    const username = dto.username.trim().toLowerCase();
    if (await this.lock.isLocked(username)) throw new LoginLocked();
    const user = await this.dataSource.manager.findOne(User, { where: { username } });
    const matches = await verifyPassword(dto.password, user?.passwordHash ?? (await decoyHash()));
    if (!user || !matches || user.disabled) {
      await this.lock.fail(username); // the fifth locks the username for the next attempts
      if (user)
        await this.tx.run((em) =>
          this.accounts.record(em, user.id, 'login-failed', { sub: 'anonymous', name: '（登录失败）' }),
        );
      throw new LoginFailed();
    }
    await this.lock.clear(username);
    await this.tx.run((em) => this.accounts.record(em, user.id, 'login', { sub: user.id, name: user.name }));
    const accessToken = signToken(
      { sub: user.id, name: user.name, role: user.role, orgId: user.orgId ?? undefined, sv: user.sessionVersion },
      this.config.jwtSecret,
      this.config.sessionHours * 3600,
    );
    const { id, name, role, orgId } = toUserView(user);
    return { accessToken, expiresAt: expiryOf(accessToken).toISOString(), user: { id, username, name, role, orgId } };
  }

  /** Ends every session of the caller's account (an integration token has none to end). */
  async logout(caller: Caller): Promise<void> {
    await this.tx.run(async (em) => {
      const user = await em.findOne(User, { where: { id: caller.sub } });
      if (!user) return;
      await em.update(User, { id: user.id }, { sessionVersion: user.sessionVersion + 1 });
      await this.accounts.record(em, user.id, 'logout', caller);
    });
  }

  /** The caller's own password; every session ends, this one included. */
  async changePassword(caller: Caller, dto: ChangePasswordDto): Promise<void> {
    const user = await this.requireAccount(caller);
    if (await this.lock.isLocked(user.username)) throw new LoginLocked();
    if (!(await verifyPassword(dto.current, user.passwordHash))) {
      await this.lock.fail(user.username);
      throw new CurrentPasswordWrong();
    }
    const passwordHash = await hashPassword(dto.next);
    await this.tx.run(async (em) => {
      await this.accounts.setPassword(em, user, passwordHash);
      await this.accounts.record(em, user.id, 'password-changed', caller);
    });
  }

  async me(caller: Caller): Promise<UserView> {
    return toUserView(await this.requireAccount(caller));
  }

  async isCurrent(userId: string, version: number): Promise<boolean> {
    const user = await this.dataSource.manager.findOne(User, {
      select: { sessionVersion: true, disabled: true },
      where: { id: userId },
    });
    return !!user && !user.disabled && user.sessionVersion === version;
  }

  private async requireAccount(caller: Caller): Promise<User> {
    const user = await this.dataSource.manager.findOne(User, { where: { id: caller.sub } });
    if (!user) throw notFound('账号（此令牌不属于任何账号）');
    return user;
  }
}
