import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ROLE_ZH, type Caller, type Role } from '../auth/roles';
import { inScope } from '../auth/scope';
import { Clock } from '../common/clock';
import { forbidden, notFound, RuleViolation } from '../common/domain-error';
import { newId } from '../common/ids';
import { Page, pageOf } from '../common/pagination';
import { TransactionRunner } from '../database/transaction';
import { OrganizationsService } from '../organizations';
import { CreateUserDto, ListUsersQuery, ResetPasswordDto, UpdateUserDto } from './dto';
import { LastAdmin, UsernameTaken } from './errors';
import { hashPassword } from './password';
import { AccountEvent, AccountEventType, User } from './user.entity';
import { AccountEventView, toAccountEventView, toUserView, UserView } from './views';

/** Who acts on an account: a caller, or the account itself (a sign-in). */
export interface AccountActor {
  sub: string;
  name: string;
}

/** SPEC §14: a department manages the roles below its own, within its subtree; an admin, everyone. */
const BELOW_DEPARTMENT: Role[] = ['committee', 'branch', 'reviewer'];

/** Users: created, listed, changed and reset by those who may manage them; every change on the trail. */
@Injectable()
export class AccountsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly orgs: OrganizationsService,
  ) {}

  async create(caller: Caller, dto: CreateUserDto): Promise<UserView> {
    this.requireManages(caller, dto.role);
    const orgPath = dto.orgId ? (await this.orgs.requireOrg(caller, dto.orgId)).path : '';
    const passwordHash = await hashPassword(dto.password); // before the transaction: it awaits no I/O but its own
    return this.tx.run(async (em) => {
      const username = dto.username.toLowerCase();
      if (await em.exists(User, { where: { username } })) throw new UsernameTaken(username);
      const now = this.clock.now().toISOString();
      const user: User = {
        id: newId(),
        username,
        name: dto.name,
        role: dto.role,
        orgId: dto.orgId ?? null,
        orgPath,
        passwordHash,
        disabled: false,
        sessionVersion: 1,
        createdAt: now,
        updatedAt: now,
      };
      await em.insert(User, user);
      await this.record(em, user.id, 'created', caller, { username: [null, username], role: [null, dto.role] });
      return toUserView(user);
    });
  }

  async list(caller: Caller, query: ListUsersQuery): Promise<Page<UserView>> {
    const { page, limit, skip } = pageOf(query);
    const qb = this.dataSource.getRepository(User).createQueryBuilder('u');
    const prefix = query.orgId ? (await this.orgs.requireOrg(caller, query.orgId)).path : caller.scopePath;
    if (prefix) qb.where('u.org_path LIKE :prefix', { prefix: `${prefix}%` });
    if (query.role) qb.andWhere('u.role = :role', { role: query.role });
    const [rows, total] = await qb.orderBy('u.username', 'ASC').skip(skip).take(limit).getManyAndCount();
    return { items: rows.map(toUserView), total, page, limit };
  }

  async get(caller: Caller, id: string): Promise<UserView> {
    return toUserView(await this.requireVisible(caller, id));
  }

  async update(caller: Caller, id: string, dto: UpdateUserDto): Promise<UserView> {
    const orgPath =
      dto.orgId === undefined ? undefined : dto.orgId ? (await this.orgs.requireOrg(caller, dto.orgId)).path : '';
    return this.tx.run(async (em) => {
      const user = await this.requireVisible(caller, id, em);
      this.requireManages(caller, user.role);
      if (dto.role) this.requireManages(caller, dto.role);
      if (dto.orgId === null && caller.role !== 'admin') throw forbidden('只有系统管理员可以设置全局账号');
      const next = { name: dto.name, role: dto.role, orgId: dto.orgId, disabled: dto.disabled };
      const changes: Record<string, [unknown, unknown]> = {};
      for (const [field, value] of Object.entries(next) as [keyof typeof next, unknown][]) {
        if (value !== undefined && value !== (field === 'disabled' ? !!user.disabled : user[field]))
          changes[field] = [field === 'disabled' ? !!user.disabled : user[field], value];
      }
      if (!Object.keys(changes).length) return toUserView(user);
      const role = dto.role ?? user.role;
      const orgId = dto.orgId === undefined ? user.orgId : dto.orgId;
      if (role !== 'admin' && !orgId) throw new RuleViolation('ORG_REQUIRED', '除系统管理员外，账号须属于一个组织');
      const stillAdmin = role === 'admin' && !(dto.disabled ?? user.disabled);
      if (user.role === 'admin' && !user.disabled && !stillAdmin && (await this.enabledAdmins(em)) <= 1)
        throw new LastAdmin();
      // A new role, organization or disabling ends every session; a new name does not.
      const endsSessions = 'role' in changes || 'orgId' in changes || 'disabled' in changes;
      const updated: User = {
        ...user,
        name: dto.name ?? user.name,
        role,
        orgId,
        orgPath: orgPath ?? user.orgPath,
        disabled: dto.disabled ?? !!user.disabled,
        sessionVersion: user.sessionVersion + (endsSessions ? 1 : 0),
        updatedAt: this.clock.now().toISOString(),
      };
      await em.update(User, { id }, updated);
      await this.record(em, id, 'updated', caller, changes);
      return toUserView(updated);
    });
  }

  async resetPassword(caller: Caller, id: string, dto: ResetPasswordDto): Promise<void> {
    const passwordHash = await hashPassword(dto.password);
    await this.tx.run(async (em) => {
      const user = await this.requireVisible(caller, id, em);
      this.requireManages(caller, user.role);
      await this.setPassword(em, user, passwordHash);
      await this.record(em, id, 'password-reset', caller);
    });
  }

  async events(caller: Caller, id: string): Promise<AccountEventView[]> {
    await this.requireVisible(caller, id);
    const rows = await this.dataSource.manager.find(AccountEvent, {
      where: { userId: id },
      order: { at: 'DESC', id: 'DESC' },
    });
    return rows.map(toAccountEventView);
  }

  /** A new password ends every session of the account. */
  async setPassword(em: EntityManager, user: User, passwordHash: string): Promise<void> {
    await em.update(
      User,
      { id: user.id },
      { passwordHash, sessionVersion: user.sessionVersion + 1, updatedAt: this.clock.now().toISOString() },
    );
  }

  async record(
    em: EntityManager,
    userId: string,
    type: AccountEventType,
    actor: AccountActor,
    changes: Record<string, [unknown, unknown]> = {},
  ): Promise<void> {
    await em.insert(AccountEvent, {
      id: newId(),
      userId,
      type,
      actorSub: actor.sub,
      actorName: actor.name,
      changes: JSON.stringify(changes),
      at: this.clock.now().toISOString(),
    });
  }

  private async requireVisible(caller: Caller, id: string, em: EntityManager = this.dataSource.manager): Promise<User> {
    const user = await em.findOne(User, { where: { id } });
    if (!user || !inScope(caller, user.orgPath)) throw notFound('账号');
    return user;
  }

  private requireManages(caller: Caller, role: Role): void {
    if (caller.role === 'admin' || (caller.role === 'department' && BELOW_DEPARTMENT.includes(role))) return;
    throw forbidden(`无权管理“${ROLE_ZH[role]}”角色的账号（组织部只能管理党委、支部和回访员账号）`);
  }

  private enabledAdmins(em: EntityManager): Promise<number> {
    return em.count(User, { where: { role: 'admin', disabled: false } });
  }
}
