import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Role } from '../auth/roles';

/** A person who signs in to the console (SPEC §14). The password is kept only as its scrypt hash. */
@Entity('users')
export class User {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  /** Lower case, unique: the name typed at sign-in. */
  @Column({ type: 'varchar', length: 32, unique: true }) username: string;
  @Column({ type: 'varchar', length: 100 }) name: string;
  @Column({ type: 'varchar', length: 20 }) role: Role;
  /** Absent only for an admin acting everywhere. */
  @Column({ type: 'varchar', length: 36, nullable: true, name: 'org_id' }) orgId: string | null;
  /** The organization's materialized path ('' for everywhere): who may see and manage the account. */
  @Column({ type: 'varchar', length: 400, name: 'org_path' }) orgPath: string;
  @Column({ type: 'varchar', length: 200, name: 'password_hash' }) passwordHash: string;
  @Column({ type: 'boolean', default: false }) disabled: boolean;
  /**
   * In every token the account signs in for (`sv`); raised by logout, disabling, a change of
   * role, organization or password, so every token issued before stops working at once.
   */
  @Column({ type: 'integer', default: 1, name: 'session_version' }) sessionVersion: number;
  @Column({ type: 'varchar', length: 32, name: 'created_at' }) createdAt: string;
  @Column({ type: 'varchar', length: 32, name: 'updated_at' }) updatedAt: string;
}

/** The account's audit trail: every change, sign-in and refusal, with who did it (never a password). */
@Entity('account_events')
export class AccountEvent {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ type: 'varchar', length: 36, name: 'user_id' }) userId: string;
  @Column({ type: 'varchar', length: 30 }) type: AccountEventType;
  @Column({ type: 'varchar', length: 100, name: 'actor_sub' }) actorSub: string;
  @Column({ type: 'varchar', length: 100, name: 'actor_name' }) actorName: string;
  /** JSON: `{ field: [before, after] }` for a change; `{}` otherwise. */
  @Column({ type: 'text' }) changes: string;
  @Column({ type: 'varchar', length: 32 }) at: string;
}

export const ACCOUNT_EVENT_TYPES = [
  'created',
  'updated',
  'password-reset',
  'password-changed',
  'login',
  'login-failed',
  'logout',
] as const;
export type AccountEventType = (typeof ACCOUNT_EVENT_TYPES)[number];
