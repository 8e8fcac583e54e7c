import { ChildProcess, execSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { Client } from 'pg';
import request from 'supertest';
import { signToken } from '../../src/auth/jwt';
import type { Role } from '../../src/auth/roles';
import { orgTree, OrgTree } from '../support/fixtures';
import { ensureBuilt, ROOT } from '../support/built';
import { JWT_SECRET, LEDGER_KEY, PERSONAL_DATA_KEY, TestApp } from '../support/harness';
import { D, ok, post, preReviewed } from '../support/voting';

/**
 * SPEC §3, §10, §12: two service processes (the built dist/) on one PostgreSQL and one Redis
 * — this test's own redis-server, so it may FLUSHALL it — behave as one service: a ballot code
 * is used once, a create with one Idempotency-Key writes once, the public rate limit is one
 * budget, and deadlines fire exactly once after Redis lost its data, without a restart. Last,
 * one instance is killed (-9) mid-burst and every unanswered create is retried on the other.
 */
const PG_URL = process.env.PG_TEST_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

jest.setTimeout(180_000);

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

async function waitFor(check: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('two instances on one PostgreSQL and one Redis', () => {
  const schema = `cluster_${Date.now().toString(36)}`;
  let redis: ChildProcess;
  let redisPort: number;
  const instances: { process: ChildProcess; base: string }[] = [];
  let pg: Client;
  let tree: OrgTree;
  let a: TestApp;

  const redisCli = (...args: string[]) =>
    execSync(`redis-cli -p ${redisPort} ${args.join(' ')}`)
      .toString()
      .trim();

  async function startInstance(): Promise<{ process: ChildProcess; base: string }> {
    const port = await freePort();
    const child = spawn(process.execPath, ['dist/main.js'], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: `${PG_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`,
        REDIS_URL: `redis://127.0.0.1:${redisPort}`,
        JWT_SECRET,
        LEDGER_KEY,
        PERSONAL_DATA_KEY,
        LOG_LEVEL: 'warn',
        PUBLIC_RATE_LIMIT: '20',
        RECONCILE_INTERVAL_SECONDS: '2',
        RECONCILE_HORIZON_HOURS: '1',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const base = `http://127.0.0.1:${port}`;
    await waitFor(async () => (await fetch(`${base}/api/health`)).ok, 30_000, `instance on ${port}`);
    return { process: child, base };
  }

  beforeAll(async () => {
    ensureBuilt();
    redisPort = await freePort();
    redis = spawn(
      'redis-server',
      ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    await waitFor(async () => redisCli('ping') === 'PONG', 10_000, 'redis-server');
    pg = new Client({ connectionString: PG_URL });
    await pg.connect();
    await pg.query(`CREATE SCHEMA ${schema}`);
    instances.push(await startInstance()); // the first one migrates
    instances.push(await startInstance());
    a = {
      http: request(instances[0].base),
      token: (role: Role, orgId?: string, extra: { sub?: string; name?: string } = {}) =>
        signToken(
          { sub: extra.sub ?? `${role}-user`, name: extra.name ?? `${role}用户`, role, orgId },
          JWT_SECRET,
          3600,
        ),
    } as unknown as TestApp;
    tree = await orgTree(a, 10);
  });

  afterAll(async () => {
    for (const i of instances) i.process.kill('SIGKILL');
    redis?.kill('SIGKILL');
    await pg?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await pg?.end();
  });

  const on = (k: number, path: string, init: RequestInit = {}) => fetch(`${instances[k % 2].base}${path}`, init);
  const json = (body: object, headers: Record<string, string> = {}) => ({
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const count = async (sql: string) => Number((await pg.query(`SELECT COUNT(*) AS n FROM ${schema}.${sql}`)).rows[0].n);

  it('accepts exactly one of 200 simultaneous casts of one code, split across both instances', async () => {
    const [candidate] = await preReviewed(a, tree, ['双实例甲']);
    const session = await ok<{ id: string }>(
      post(a, tree.branch.token, '/api/votes', {
        level: 'mass_assessment',
        purpose: 'admission',
        orgId: tree.branch.id,
        meetingDate: D.mass,
        candidateIds: [candidate],
        mode: 'electronic',
        expected: 5,
      }),
    );
    const { codes } = await ok<{ codes: string[] }>(
      post(a, tree.branch.token, `/api/votes/${session.id}/ballot-papers`, { count: 1 }),
    );
    const statuses = await Promise.all(
      Array.from({ length: 200 }, (_, k) =>
        on(k, '/api/ballots', json({ code: codes[0], choices: { [candidate]: k % 2 ? 'approve' : 'reject' } })).then(
          (r) => r.status,
        ),
      ),
    );
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(199);
    expect(await count(`ballots WHERE session_id = '${session.id}'`)).toBe(1);
  });

  it('writes once for 50 simultaneous creates with one Idempotency-Key, split across both instances', async () => {
    const body = {
      orgId: tree.branch.id,
      name: '双实例幂等',
      gender: 'male',
      birthDate: '1990-01-01',
      applicationDate: '2026-11-01',
    };
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, k) =>
        on(
          k,
          '/api/candidates',
          json(body, { authorization: `Bearer ${tree.branch.token}`, 'idempotency-key': 'two-instances-1' }),
        ).then((r) => r.status),
      ),
    );
    expect(await count(`candidates WHERE name = '双实例幂等'`)).toBe(1);
    expect(answers.every((s) => s === 201 || s === 409)).toBe(true);
  });

  it('holds one public rate limit across both instances', async () => {
    redisCli('FLUSHALL'); // a fresh minute for this client (and, on the way, a Redis that lost its data)
    const statuses: number[] = [];
    for (let k = 0; k < 40; k++) statuses.push((await on(k, '/api/public/notices')).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(20);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20);
  });

  it(
    'fires overdue deadlines exactly once each after FLUSHALL, ' +
      'without a restart, and says it is degraded meanwhile',
    async () => {
      const ids: string[] = [];
      for (let i = 0; i < 10; i++) {
        ids.push(
          (
            await ok<{ id: string }>(
              a.http
                .post('/api/candidates')
                .set({ authorization: `Bearer ${tree.branch.token}` })
                .send({
                  orgId: tree.branch.id,
                  name: `逾期${i}`,
                  gender: 'female',
                  birthDate: '1995-01-01',
                  applicationDate: '2026-11-25',
                }),
            )
          ).id,
        );
      }
      const quoted = ids.map((id) => `'${id}'`).join(',');
      redisCli('FLUSHALL'); // every job and the reconcile marker gone
      for (const k of [0, 1])
        expect(await (await on(k, '/api/health')).json()).toMatchObject({
          status: 'degraded',
          jobs: 'degraded',
          redis: 'up',
        });
      // as if their month had passed while Redis had nothing: the talks are overdue now
      await pg.query(
        `UPDATE ${schema}.deadlines SET due_on = '2026-11-01' WHERE kind = 'talk' AND candidate_id = ANY($1)`,
        [ids],
      );
      const a01 = () => count(`accountability_records WHERE situation = 'A01' AND candidate_id IN (${quoted})`);
      await waitFor(async () => (await a01()) === 10, 15_000, 'ten A01 records');
      await new Promise((r) => setTimeout(r, 4500)); // two more reconciles on each instance
      expect(await a01()).toBe(10);
      expect(
        await count(
          `accountability_ledger WHERE event = 'filed' AND content LIKE '%"situation":"A01"%' AND record_id IN ` +
            `(SELECT id FROM ${schema}.accountability_records WHERE candidate_id = ANY(ARRAY[${quoted}]))`,
        ),
      ).toBe(10);
      const overdue = `deadlines WHERE kind = 'talk' AND status = 'overdue' AND candidate_id IN (${quoted})`;
      expect(await count(overdue)).toBe(10);
      for (const k of [0, 1])
        expect(await (await on(k, '/api/health')).json()).toMatchObject({ status: 'ok', jobs: 'up' });
    },
  );

  it(
    'writes no duplicate when an instance is killed (-9) ' + 'mid-burst and every create is retried on the other',
    async () => {
      const bodies = Array.from({ length: 60 }, (_, i) => ({
        orgId: tree.branch.id,
        name: `断电${i}`,
        gender: 'male',
        birthDate: '1991-01-01',
        applicationDate: '2026-11-01',
      }));
      const headers = (i: number) => ({ authorization: `Bearer ${tree.branch.token}`, 'idempotency-key': `kill-${i}` });
      const first = Promise.all(
        bodies.map((b, i) =>
          fetch(`${instances[0].base}/api/candidates`, json(b, headers(i))).then(
            (r) => r.status,
            () => 0,
          ),
        ),
      );
      await new Promise((r) => setTimeout(r, 150));
      instances[0].process.kill('SIGKILL');
      await first;
      const retried = await Promise.all(
        bodies.map((b, i) => fetch(`${instances[1].base}/api/candidates`, json(b, headers(i))).then((r) => r.status)),
      );
      // 409: carried out, its answer lost with the process
      expect(retried.every((s) => s === 201 || s === 409)).toBe(true);
      for (let i = 0; i < bodies.length; i++) expect(await count(`candidates WHERE name = '断电${i}'`)).toBe(1);
    },
  );
});
