import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { AccountsService } from '../accounts';
// The demo is a composition root: it reads the users table to find the accounts it made.
import { User } from '../accounts/user.entity';
import type { Caller, Role } from '../auth/roles';
import type { DemoOrgs } from './seed';

export const DEMO_USERS_FILE = 'data/demo-users.txt';
const ADMIN: Caller = { sub: 'demo-seed', name: '演示数据', role: 'admin', scopePath: '' };

const ACCOUNTS: { username: string; name: string; role: Role; org?: keyof DemoOrgs }[] = [
  { username: 'admin', name: '系统管理员', role: 'admin' },
  { username: 'department', name: '组织员老周', role: 'department', org: 'department' },
  { username: 'committee', name: '工委委员小林', role: 'committee', org: 'committee' },
  { username: 'branch', name: '支部书记王建国', role: 'branch', org: 'branch' },
  { username: 'reviewer', name: '回访员陈敏', role: 'reviewer', org: 'committee' },
];

export interface DemoUser {
  username: string;
  password: string;
  name: string;
  role: Role;
}

/**
 * A sign-in per role (SPEC §14), each with a password generated on the first run and kept in
 * data/demo-users.txt (readable by the owner only) for the next ones.
 */
export async function seedUsers(app: NestFastifyApplication, orgs: DemoOrgs): Promise<DemoUser[]> {
  const kept = new Map(
    existsSync(DEMO_USERS_FILE)
      ? readFileSync(DEMO_USERS_FILE, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((line) => line.split('=', 2) as [string, string])
      : [],
  );
  const accounts = app.get(AccountsService);
  const users = app.get(DataSource).getRepository(User);
  const demo: DemoUser[] = [];
  for (const a of ACCOUNTS) {
    const existing = await users.findOneBy({ username: a.username });
    let password = kept.get(a.username);
    if (!existing || !password) {
      password = `${randomBytes(9).toString('base64url')}`;
      if (existing) await accounts.resetPassword(ADMIN, existing.id, { password });
      else
        await accounts.create(ADMIN, {
          username: a.username,
          name: a.name,
          role: a.role,
          orgId: a.org ? orgs[a.org].id : undefined,
          password,
        });
    }
    demo.push({ username: a.username, password, name: a.name, role: a.role });
  }
  writeFileSync(DEMO_USERS_FILE, demo.map((u) => `${u.username}=${u.password}\n`).join(''), { mode: 0o600 });
  return demo;
}
