import type { Role } from '../auth/roles';
import type { AccountEvent, AccountEventType, User } from './user.entity';

export interface UserView {
  id: string;
  username: string;
  name: string;
  role: Role;
  orgId: string | null;
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export const toUserView = (u: User): UserView => ({
  id: u.id,
  username: u.username,
  name: u.name,
  role: u.role,
  orgId: u.orgId,
  disabled: !!u.disabled,
  createdAt: u.createdAt,
  updatedAt: u.updatedAt,
});

export interface AccountEventView {
  type: AccountEventType;
  actor: string;
  changes: Record<string, [unknown, unknown]>;
  at: string;
}

export const toAccountEventView = (e: AccountEvent): AccountEventView => ({
  type: e.type,
  actor: e.actorName,
  changes: JSON.parse(e.changes) as Record<string, [unknown, unknown]>,
  at: e.at,
});

export interface LoginView {
  accessToken: string;
  expiresAt: string;
  user: Pick<UserView, 'id' | 'username' | 'name' | 'role' | 'orgId'>;
}
