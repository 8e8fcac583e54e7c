import { Client, Json } from './support/client';
import { orgTree, OrgTree } from './support/fixtures';
import { startApp, tableCounts, TestApp } from './support/harness';

/**
 * SPEC §14 accounts: users bound to a role and an organization, sign-in issuing the API's JWT,
 * sessions that end at once, passwords as scrypt hashes, five failures lock a username, every
 * change on the account's trail. On SQLite and PostgreSQL (DATABASE_URL), with Redis for the lock.
 */
const PASSWORD = 'correct horse battery';

describe('accounts and sign-in', () => {
  let t: TestApp;
  let tree: OrgTree;
  let admin: Client;
  let department: Client;

  const login = (username: string, password: string) => t.http.post('/api/auth/login').send({ username, password });
  const signIn = async (username: string, password = PASSWORD) => {
    const res = await login(username, password);
    if (res.status !== 200) throw new Error(`login ${username} → ${res.status} ${JSON.stringify(res.body)}`);
    return { client: new Client(t, res.body.accessToken as string), body: res.body as Json };
  };
  const user = (username: string, role: string, orgId?: string, password = PASSWORD) =>
    admin.ok('/api/users', { username, name: `${username}同志`, role, orgId, password });
  /** The answer without its correlation id, which differs per request. */
  const shape = (res: { status: number; body: Json }) => {
    const { correlationId: _, ...body } = res.body as Record<string, unknown>;
    return { status: res.status, body };
  };

  beforeAll(async () => {
    t = await startApp();
    tree = await orgTree(t, 1);
    admin = new Client(t, tree.admin);
    department = new Client(t, tree.department.token);
  });
  afterAll(() => t.close());

  describe('creating and signing in', () => {
    it('signs in with the password and answers the JWT the API takes, with the user', async () => {
      const created = await user('Wang.Branch', 'branch', tree.branch.id);
      expect(created).toMatchObject({
        username: 'wang.branch',
        role: 'branch',
        orgId: tree.branch.id,
        disabled: false,
      });
      expect(JSON.stringify(created)).not.toMatch(/password|scrypt/i);

      const { client, body } = await signIn('WANG.branch');
      expect(body.user).toEqual({
        id: created.id,
        username: 'wang.branch',
        name: 'Wang.Branch同志',
        role: 'branch',
        orgId: tree.branch.id,
      });
      expect(Date.parse(body.expiresAt) - Date.now()).toBeGreaterThan(7.9 * 3600_000);
      expect(Date.parse(body.expiresAt) - Date.now()).toBeLessThanOrEqual(8 * 3600_000);
      const claims = JSON.parse(Buffer.from(body.accessToken.split('.')[1], 'base64url').toString());
      expect(claims).toMatchObject({ sub: created.id, role: 'branch', orgId: tree.branch.id });

      expect((await client.get(`/api/organizations/${tree.branch.id}/members`)).status).toBe(200);
      expect((await client.get(`/api/organizations/${tree.otherBranch.id}/members`)).status).toBe(404);
      expect((await client.get('/api/auth/me')).body).toMatchObject({ id: created.id, username: 'wang.branch' });
    });

    it('keeps only a memory-hard hash of the password, and never logs it', async () => {
      await user('hash.check', 'reviewer', tree.committee.id, 'Pa55word-never-stored');
      await signIn('hash.check', 'Pa55word-never-stored');
      const [row] = await t.dataSource.query(`SELECT password_hash FROM users WHERE username = 'hash.check'`);
      expect(row.password_hash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
      const everything = JSON.stringify(await t.dataSource.query('SELECT * FROM users')) + t.logs.join('\n');
      expect(everything).not.toContain('Pa55word-never-stored');
      const trail = JSON.stringify(await t.dataSource.query('SELECT * FROM account_events'));
      expect(trail).not.toContain('Pa55word-never-stored');
    });

    it('refuses bad input with every field error and writes nothing', async () => {
      const before = await tableCounts(t.dataSource);
      const res = await admin.post('/api/users', {
        username: 'x',
        name: '',
        role: 'boss',
        password: 'short',
        extra: 1,
      });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(
        ['extra', 'name', 'orgId', 'password', 'role', 'username'].sort(),
      );
      const orgless = await admin.post('/api/users', {
        username: 'no.org',
        name: '某',
        role: 'branch',
        password: PASSWORD,
      });
      expect(orgless.status).toBe(400);
      expect(orgless.body.errors.map((e: { field: string }) => e.field)).toEqual(['orgId']);
      expect(await tableCounts(t.dataSource)).toEqual(before);
    });

    it('keeps usernames unique whatever their case (409), writing nothing', async () => {
      await user('unique.one', 'branch', tree.branch.id);
      const before = await tableCounts(t.dataSource);
      const res = await admin.post('/api/users', {
        username: 'UNIQUE.one',
        name: '另一人',
        role: 'branch',
        orgId: tree.branch.id,
        password: PASSWORD,
      });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('USERNAME_TAKEN');
      expect(await tableCounts(t.dataSource)).toEqual(before);
    });

    it('refuses the Idempotency-Key on sign-in: its answer holds a token', async () => {
      await user('idem.login', 'branch', tree.branch.id);
      const res = await t.http
        .post('/api/auth/login')
        .set('Idempotency-Key', 'k-1')
        .send({ username: 'idem.login', password: PASSWORD });
      expect(res.status).toBe(400);
      expect(await t.dataSource.query(`SELECT id FROM idempotency_records`)).toEqual([]);
    });
  });

  describe('who manages whom', () => {
    it('lets a department manage the roles below its own within its subtree, and list only there', async () => {
      const made = await department.ok('/api/users', {
        username: 'dept.made',
        name: '支部书记',
        role: 'branch',
        orgId: tree.branch.id,
        password: PASSWORD,
      });
      expect(made.role).toBe('branch');
      for (const role of ['department', 'admin']) {
        const res = await department.post('/api/users', {
          username: `dept.${role}`,
          name: '越权',
          role,
          orgId: tree.department.id,
          password: PASSWORD,
        });
        expect(res.status).toBe(403);
      }
      const other = await admin.ok<{ id: string }>('/api/organizations', { name: '另一组织部', kind: 'department' });
      const outside = await department.post('/api/users', {
        username: 'dept.outside',
        name: '外单位',
        role: 'branch',
        orgId: other.id,
        password: PASSWORD,
      });
      expect(outside.status).toBe(404);
      await user('root.admin', 'admin');
      const listed = (await department.get('/api/users?limit=500')).body;
      expect(listed.items.map((u: Json) => u.username)).toContain('dept.made');
      expect(listed.items.map((u: Json) => u.username)).not.toContain('root.admin');
      const rootId = (await admin.get('/api/users?role=admin')).body.items[0].id;
      expect((await department.patch(`/api/users/${rootId}`, { name: '改名' })).status).toBe(404);
      const peer = await user('dept.peer', 'department', tree.department.id);
      expect((await department.patch(`/api/users/${peer.id}`, { disabled: true })).status).toBe(403);
      expect((await department.post(`/api/users/${peer.id}/password`, { password: 'new password 1' })).status).toBe(
        403,
      );
    });

    it('answers 403 to roles below department on every account route', async () => {
      const branch = new Client(t, tree.branch.token);
      expect((await branch.get('/api/users')).status).toBe(403);
      const res = await branch.post('/api/users', {
        username: 'by.branch',
        name: '某',
        role: 'branch',
        orgId: tree.branch.id,
        password: PASSWORD,
      });
      expect(res.status).toBe(403);
    });

    it('keeps one enabled administrator (409 LAST_ADMIN)', async () => {
      const admins = (await admin.get('/api/users?role=admin&limit=500')).body.items as Json[];
      for (const a of admins.slice(1)) await admin.ok(`/api/users/${a.id}`, { disabled: true }, 200, 'patch');
      const last = admins[0];
      const res = await admin.patch(`/api/users/${last.id}`, { disabled: true });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('LAST_ADMIN');
      const demote = { role: 'department', orgId: tree.department.id };
      expect((await admin.patch(`/api/users/${last.id}`, demote)).body.code).toBe('LAST_ADMIN');
      for (const a of admins.slice(1)) await admin.ok(`/api/users/${a.id}`, { disabled: false }, 200, 'patch');
    });
  });

  describe('sessions end at once', () => {
    it('on logout: the token (and every other of that user) answers 401', async () => {
      await user('logout.me', 'branch', tree.branch.id);
      const first = await signIn('logout.me');
      const second = await signIn('logout.me');
      expect((await first.client.post('/api/auth/logout', null)).status).toBe(204);
      for (const s of [first, second]) {
        const res = await s.client.get('/api/auth/me');
        expect(res.status).toBe(401);
        expect(res.body.code).toBe('SESSION_ENDED');
      }
      expect((await (await signIn('logout.me')).client.get('/api/auth/me')).status).toBe(200);
    });

    it('on disabling, a change of role, organization or password — not on a new name', async () => {
      const u = await user('change.me', 'branch', tree.branch.id);
      const cases: [string, object][] = [
        ['name', { name: '新名字' }],
        ['role', { role: 'reviewer' }],
        ['orgId', { orgId: tree.otherBranch.id }],
        ['disabled', { disabled: true }],
      ];
      for (const [field, change] of cases) {
        const session = await signIn('change.me');
        await admin.ok(`/api/users/${u.id}`, change, 200, 'patch');
        const status = (await session.client.get('/api/auth/me')).status;
        expect({ field, status }).toEqual({ field, status: field === 'name' ? 200 : 401 });
      }
      // disabled: the right password answers exactly like an unknown username
      const disabled = shape(await login('change.me', PASSWORD));
      expect(disabled).toEqual(shape(await login('nobody.at.all', PASSWORD)));
      expect(disabled.status).toBe(401);
      await admin.ok(`/api/users/${u.id}`, { disabled: false }, 200, 'patch');
      const session = await signIn('change.me');
      expect((await admin.post(`/api/users/${u.id}/password`, { password: 'a brand new one' })).status).toBe(204);
      expect((await session.client.get('/api/auth/me')).status).toBe(401);
      expect((await login('change.me', PASSWORD)).status).toBe(401);
      expect((await login('change.me', 'a brand new one')).status).toBe(200);
      // the signed-in token carries the new organization
      const { body } = await signIn('change.me', 'a brand new one');
      expect(body.user).toMatchObject({ role: 'reviewer', orgId: tree.otherBranch.id, name: '新名字' });
    });

    it("changes one's own password: the current one is required, then every session ends", async () => {
      await user('own.password', 'committee', tree.committee.id);
      const a = await signIn('own.password');
      const b = await signIn('own.password');
      const wrong = await a.client.post('/api/auth/password', { current: 'not it at all', next: 'my new password' });
      expect(wrong.status).toBe(422);
      expect(wrong.body.code).toBe('CURRENT_PASSWORD_WRONG');
      const short = await a.client.post('/api/auth/password', { current: PASSWORD, next: 'short' });
      expect(short.status).toBe(400);
      expect((await a.client.post('/api/auth/password', { current: PASSWORD, next: 'my new password' })).status).toBe(
        204,
      );
      expect((await a.client.get('/api/auth/me')).status).toBe(401);
      expect((await b.client.get('/api/auth/me')).status).toBe(401);
      expect((await login('own.password', 'my new password')).status).toBe(200);
    });

    it('keeps integration tokens (npm run token) working', async () => {
      expect((await admin.get('/api/users')).status).toBe(200);
      expect((await admin.post('/api/auth/logout', null)).status).toBe(204);
      expect((await admin.get('/api/users')).status).toBe(200);
    });
  });

  describe('five failures lock a username for 15 minutes', () => {
    afterEach(() => t.clock.set());

    it('answers 401 five times, then 429 LOGIN_LOCKED even for the right password; alike for an unknown name', async () => {
      await user('lock.me', 'branch', tree.branch.id);
      t.clock.set('2026-06-01T08:00:00Z');
      const known: Json[] = [];
      const unknown: Json[] = [];
      for (let i = 0; i < 5; i++) {
        known.push(shape(await login('lock.me', `wrong ${i}`)));
        unknown.push(shape(await login('no.such.user', `wrong ${i}`)));
      }
      expect(known).toEqual(unknown);
      expect(known.every((r) => r.status === 401 && r.body.code === 'LOGIN_FAILED')).toBe(true);
      const locked = shape(await login('lock.me', PASSWORD));
      expect(locked).toEqual(shape(await login('no.such.user', PASSWORD)));
      expect(locked).toMatchObject({ status: 429, body: { code: 'LOGIN_LOCKED' } });

      t.clock.set('2026-06-01T08:14:59Z');
      expect((await login('lock.me', PASSWORD)).status).toBe(429);
      t.clock.set('2026-06-01T08:15:01Z');
      expect((await login('lock.me', PASSWORD)).status).toBe(200);
    });

    it('counts failures within 15 minutes only, and a success starts the count again', async () => {
      await user('slow.typist', 'branch', tree.branch.id);
      t.clock.set('2026-06-02T08:00:00Z');
      for (let i = 0; i < 4; i++) await login('slow.typist', 'wrong');
      t.clock.set('2026-06-02T08:15:01Z');
      expect((await login('slow.typist', 'wrong')).status).toBe(401); // the first four have aged out
      expect((await login('slow.typist', PASSWORD)).status).toBe(200);
      for (let i = 0; i < 4; i++) await login('slow.typist', 'wrong');
      expect((await login('slow.typist', PASSWORD)).status).toBe(200);
    });

    it('holds across instances through Redis, and every change is on the trail', async () => {
      const first = await startApp({ REDIS_URL: 'redis://127.0.0.1:6379' });
      const second = await startApp({ REDIS_URL: 'redis://127.0.0.1:6379' }, first);
      try {
        const firstAdmin = new Client(first, first.token('admin'));
        const made = await firstAdmin.ok('/api/users', {
          username: 'shared.lock',
          name: '共享',
          role: 'admin',
          password: PASSWORD,
        });
        const attempt = (app: TestApp, password: string) =>
          app.http.post('/api/auth/login').send({ username: 'shared.lock', password });
        for (let i = 0; i < 5; i++) expect((await attempt(i % 2 ? second : first, 'wrong')).status).toBe(401);
        expect((await attempt(second, PASSWORD)).status).toBe(429);
        expect((await attempt(first, PASSWORD)).status).toBe(429);

        const trail = (await firstAdmin.get(`/api/users/${made.id}/events`)).body as Json[];
        expect(trail.map((e) => e.type).sort()).toEqual(['created', ...Array(5).fill('login-failed')].sort());
      } finally {
        await second.close();
        await first.close();
      }
    });

    it('records who changed what on the account', async () => {
      const u = await user('trail.me', 'branch', tree.branch.id);
      await admin.ok(`/api/users/${u.id}`, { role: 'committee', orgId: tree.committee.id }, 200, 'patch');
      await admin.post(`/api/users/${u.id}/password`, { password: 'another password' });
      await signIn('trail.me', 'another password');
      const trail = (await admin.get(`/api/users/${u.id}/events`)).body as Json[];
      expect(trail.map((e) => e.type)).toEqual(['login', 'password-reset', 'updated', 'created']);
      expect(trail[2]).toMatchObject({
        actor: 'admin用户',
        changes: { role: ['branch', 'committee'], orgId: [tree.branch.id, tree.committee.id] },
      });
    });
  });
});
