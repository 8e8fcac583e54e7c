import jwt from 'jsonwebtoken';
import { Client } from './support/client';
import { auth, JWT_SECRET, startApp, tableCounts, TestApp } from './support/harness';
import { orgTree, OrgTree } from './support/fixtures';

describe('foundation: health, docs, auth, organizations, errors', () => {
  let t: TestApp;
  let tree: OrgTree;
  let admin: Client;
  let department: Client;
  let committee: Client;
  let branch: Client;
  let otherBranch: Client;

  beforeAll(async () => {
    t = await startApp();
    tree = await orgTree(t);
    admin = new Client(t, tree.admin);
    department = new Client(t, tree.department.token);
    committee = new Client(t, tree.committee.token);
    branch = new Client(t, tree.branch.token);
    otherBranch = new Client(t, tree.otherBranch.token);
  });
  afterAll(() => t.close());

  describe('service', () => {
    it('reports health without login, naming the database', async () => {
      const res = await t.http.get('/api/health');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'ok', database: { status: 'up' }, redis: 'not_configured' });
    });

    it('checks Redis when REDIS_URL is set, and reports it down without failing to start', async () => {
      const withRedis = await startApp({ REDIS_URL: 'redis://127.0.0.1:6379' });
      try {
        const res = await withRedis.http.get('/api/health');
        expect(res.status).toBe(200);
        expect(res.body.redis).toBe('up');
      } finally {
        await withRedis.close();
      }
      const deadRedis = await startApp({ REDIS_URL: 'redis://127.0.0.1:1' });
      try {
        const res = await deadRedis.http.get('/api/health');
        expect(res.status).toBe(503);
        expect(res.body).toMatchObject({ status: 'degraded', redis: 'down', database: { status: 'up' } });
        expect(deadRedis.logs.some((l) => l.includes('Redis 暂不可用'))).toBe(true);
      } finally {
        await deadRedis.close();
      }
    });

    it('serves the OpenAPI document and UI', async () => {
      const json = await t.http.get('/api/docs-json');
      expect(json.status).toBe(200);
      expect(json.body.openapi).toMatch(/^3\./);
      expect(Object.keys(json.body.paths)).toEqual(expect.arrayContaining(['/api/organizations', '/api/health']));
      const ui = await t.http.get('/api/docs');
      expect(ui.status).toBe(200);
      expect(ui.text).toContain('swagger');
    });

    it('echoes a correlation id on every answer and writes it into the log lines', async () => {
      const res = await t.http.get('/api/organizations').set('x-correlation-id', 'trace-abc-123');
      expect(res.status).toBe(401);
      expect(res.headers['x-correlation-id']).toBe('trace-abc-123');
      expect(res.body.correlationId).toBe('trace-abc-123');
      expect(t.logs.some((l) => l.includes('"reqId":"trace-abc-123"'))).toBe(true);
      const fresh = await t.http.get('/api/health');
      expect(fresh.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  describe('authentication and scope', () => {
    const claims = (over: object = {}) => ({ sub: 'u1', name: '张三', role: 'admin', ...over });
    const base64url = (text: string) => Buffer.from(text).toString('base64url');
    const expired = { ...claims(), exp: Math.floor(Date.now() / 1000) - 10 };
    const algNone = base64url('{"alg":"none","typ":"JWT"}');

    it.each([
      ['no token', undefined],
      ['garbage', 'Bearer not-a-jwt'],
      [
        'wrong signature',
        `Bearer ${jwt.sign(claims(), 'another-secret-0123456789', { algorithm: 'HS256', expiresIn: 60 })}`,
      ],
      ['expired', `Bearer ${jwt.sign(expired, JWT_SECRET, { algorithm: 'HS256' })}`],
      ['alg none', `Bearer ${algNone}.${base64url(JSON.stringify({ ...claims(), exp: 9999999999 }))}.`],
      ['HS512', `Bearer ${jwt.sign(claims(), JWT_SECRET, { algorithm: 'HS512', expiresIn: 60 })}`],
      [
        'unknown role',
        `Bearer ${jwt.sign(claims({ role: 'king' }), JWT_SECRET, { algorithm: 'HS256', expiresIn: 60 })}`,
      ],
      ['no exp', `Bearer ${jwt.sign(claims(), JWT_SECRET, { algorithm: 'HS256' })}`],
      [
        'branch without orgId',
        `Bearer ${jwt.sign(claims({ role: 'branch' }), JWT_SECRET, { algorithm: 'HS256', expiresIn: 60 })}`,
      ],
    ])('refuses %s with 401', async (_name, header) => {
      const req = t.http.get('/api/organizations');
      const res = await (header ? req.set('Authorization', header) : req);
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ statusCode: 401, code: 'UNAUTHENTICATED' });
    });

    it('refuses a token whose organization does not exist', async () => {
      const orphan = new Client(t, t.token('branch', '00000000-0000-4000-8000-000000000000'));
      expect((await orphan.get('/api/organizations')).status).toBe(401);
    });

    it('answers 403 when the role may not act, before looking at the resource', async () => {
      const res = await branch.post('/api/organizations', {
        name: '新支部',
        kind: 'branch',
        parentId: tree.committee.id,
      });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('FORBIDDEN');
    });

    it('answers 404 for a resource outside the caller’s subtree, and lists only the subtree', async () => {
      const res = await branch.get(`/api/organizations/${tree.otherBranch.id}`);
      expect(res.status).toBe(404);
      const own = await branch.get(`/api/organizations/${tree.branch.id}`);
      expect(own.status).toBe(200);
      const list = await branch.get('/api/organizations');
      expect(list.body.items.map((o: { id: string }) => o.id)).toEqual([tree.branch.id]);
      const committeeList = await committee.get('/api/organizations');
      expect(committeeList.body.total).toBe(3);
    });

    it('lets an admin act everywhere and a department within its subtree only', async () => {
      const dept = await department.post('/api/organizations', {
        name: '第三党支部',
        kind: 'branch',
        parentId: tree.committee.id,
      });
      expect(dept.status).toBe(201);
      const root = await department.post('/api/organizations', { name: '另一个组织部', kind: 'department' });
      expect(root.status).toBe(403);
      const other = await new Client(t, t.token('admin')).post('/api/organizations', {
        name: '市委组织部',
        kind: 'department',
      });
      expect(other.status).toBe(201);
      const outside = await department.post('/api/organizations', {
        name: 'x',
        kind: 'committee',
        parentId: other.body.id,
      });
      expect(outside.status).toBe(404);
    });
  });

  describe('organizations and rosters', () => {
    it.each([
      ['branch', 'branch'],
      ['general_branch', 'branch'],
      ['committee', 'branch'],
      ['department', 'committee'],
      ['general_branch', 'department'],
    ])('refuses a %s under a %s with 422 ORG_PARENT_INVALID', async (kind, parentKind) => {
      const parentId =
        parentKind === 'branch' ? tree.branch.id : parentKind === 'committee' ? tree.committee.id : tree.department.id;
      const res = await admin.post('/api/organizations', { name: '某组织', kind, parentId });
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({
        statusCode: 422,
        error: 'GateViolation',
        code: 'ORG_PARENT_INVALID',
        violations: [{ code: 'ORG_PARENT_INVALID', message: expect.stringMatching(/不能设在/) }],
      });
    });

    it('shows an organization with its children', async () => {
      const res = await committee.get(`/api/organizations/${tree.committee.id}`);
      expect(res.status).toBe(200);
      expect(res.body.children.map((c: { name: string }) => c.name)).toEqual(
        expect.arrayContaining(['第一党支部', '第二党支部']),
      );
      const byParent = await admin.get(`/api/organizations?parentId=${tree.committee.id}`);
      expect(byParent.body.items.every((o: { parentId: string }) => o.parentId === tree.committee.id)).toBe(true);
    });

    it('keeps a branch roster with status and voting rights', async () => {
      const add = await branch.post(`/api/organizations/${tree.branch.id}/members`, {
        name: '留党察看者',
        status: 'formal',
        votingRights: false,
        joinedOn: '2015-07-01',
      });
      expect(add.status).toBe(201);
      expect(add.body).toMatchObject({ status: 'formal', votingRights: false, hasVote: false });
      const patch = await branch.patch(`/api/members/${add.body.id}`, { votingRights: true });
      expect(patch.status).toBe(200);
      expect(patch.body.hasVote).toBe(true);
      const foreign = await otherBranch.patch(`/api/members/${add.body.id}`, { votingRights: false });
      expect(foreign.status).toBe(404);
      const list = await branch.get(`/api/organizations/${tree.branch.id}/members?limit=100`);
      expect(list.body.total).toBe(tree.members.length + 1);
      const reviewer = new Client(t, t.token('reviewer', tree.branch.id));
      expect((await reviewer.get(`/api/organizations/${tree.branch.id}/members`)).status).toBe(200);
      const reviewerWrite = await reviewer.post(`/api/organizations/${tree.branch.id}/members`, {
        name: '某人',
        status: 'formal',
        joinedOn: '2015-07-01',
      });
      expect(reviewerWrite.status).toBe(403);
    });

    it('keeps rosters on branches only', async () => {
      const res = await committee.post(`/api/organizations/${tree.committee.id}/members`, {
        name: '某人',
        status: 'formal',
        joinedOn: '2015-07-01',
      });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('ROSTER_BRANCH_ONLY');
    });
  });

  describe('bad input changes nothing', () => {
    it('lists every field error with 400 and writes nothing', async () => {
      const before = await tableCounts(t.dataSource);
      const res = await branch.post(`/api/organizations/${tree.branch.id}/members`, {
        name: '',
        status: 'member',
        votingRights: 'yes',
        joinedOn: '2025-02-29',
        extra: 1,
      });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      const fields = res.body.errors.map((e: { field: string }) => e.field).sort();
      expect(fields).toEqual(expect.arrayContaining(['extra', 'joinedOn', 'name', 'status', 'votingRights']));
      expect(res.body.errors.every((e: { message: string }) => /[\u4e00-\u9fa5]/.test(e.message))).toBe(true);
      expect(await tableCounts(t.dataSource)).toEqual(before);
    });

    it('answers malformed JSON with 400 and no stack trace', async () => {
      const res = await t.http
        .post('/api/organizations')
        .set(auth(tree.admin))
        .set('Content-Type', 'application/json')
        .send('{"name": ');
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).not.toMatch(/at .*\.(js|ts):\d+|SQLITE|stack/i);
    });

    it('answers 404 for a malformed id and for an unknown route', async () => {
      expect((await admin.get('/api/organizations/not-a-uuid')).status).toBe(404);
      expect((await admin.get('/api/nothing-here')).status).toBe(404);
    });

    it('refuses a future joining date with 422 and writes nothing', async () => {
      const before = await tableCounts(t.dataSource);
      const res = await branch.post(`/api/organizations/${tree.branch.id}/members`, {
        name: '未来人',
        status: 'formal',
        joinedOn: '2999-01-01',
      });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('DATE_IN_FUTURE');
      expect(await tableCounts(t.dataSource)).toEqual(before);
    });
  });

  describe('Idempotency-Key', () => {
    it('returns the first answer to a retry and writes nothing new', async () => {
      const body = { name: '重试支部', kind: 'branch', parentId: tree.committee.id };
      const first = await admin.post('/api/organizations', body, { 'Idempotency-Key': 'k-1' });
      expect(first.status).toBe(201);
      const before = await tableCounts(t.dataSource);
      const again = await admin.post('/api/organizations', body, { 'Idempotency-Key': 'k-1' });
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
      expect(await tableCounts(t.dataSource)).toEqual(before);
      const reused = await admin.post('/api/organizations', { ...body, name: '另一个' }, { 'Idempotency-Key': 'k-1' });
      expect(reused.status).toBe(409);
      expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
      const otherKey = await admin.post('/api/organizations', body, { 'Idempotency-Key': 'k-2' });
      expect(otherKey.body.id).not.toBe(first.body.id);
    });
  });
});
