import { Client } from './support/client';
import { auth, startApp, tableCounts, TestApp } from './support/harness';
import { orgTree, OrgTree } from './support/fixtures';
import { NOON } from './support/pipeline';

/**
 * SPEC §12: a create's Idempotency-Key is reserved in the create's own transaction, so
 * concurrent retries write exactly once on either database; only creates take it.
 */
describe('Idempotency-Key under concurrent retries', () => {
  let t: TestApp;
  let tree: OrgTree;
  let branch: Client;
  let base: string;

  beforeAll(async () => {
    t = await startApp({ LOG_LEVEL: 'warn' });
    t.clock.set(NOON);
    tree = await orgTree(t, 2);
    branch = new Client(t, tree.branch.token);
    base = await t.listen();
  });
  afterAll(() => t.close());

  const create = (key: string, name: string) =>
    fetch(`${base}/api/candidates`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${tree.branch.token}`,
        'idempotency-key': key,
      },
      body: JSON.stringify({
        orgId: tree.branch.id,
        name,
        gender: 'female',
        birthDate: '1998-04-02',
        applicationDate: '2026-11-01',
      }),
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as { id?: string; code?: string } }));
  const rows = async (name: string) =>
    Number((await t.dataSource.query(`SELECT COUNT(*) AS n FROM candidates WHERE name = '${name}'`))[0].n);

  it(
    'writes once for 50 simultaneous creates with one key; ' +
      'the others get the first answer or 409 IDEMPOTENCY_KEY_IN_USE',
    async () => {
      const answers = await Promise.all(Array.from({ length: 50 }, () => create('burst-1', '并发幂等')));
      expect(await rows('并发幂等')).toBe(1);
      const created = answers.filter((a) => a.status === 201);
      expect(created.length).toBeGreaterThanOrEqual(1);
      expect(new Set(created.map((a) => a.body.id)).size).toBe(1);
      for (const a of answers.filter((x) => x.status !== 201))
        expect(a).toMatchObject({ status: 409, body: { code: 'IDEMPOTENCY_KEY_IN_USE' } });
      // once answered, every retry replays the first answer
      const again = await create('burst-1', '并发幂等');
      expect(again).toMatchObject({ status: 201, body: { id: created[0].body.id } });
      expect(await rows('并发幂等')).toBe(1);
    },
  );

  it('keeps keys apart by caller, and does not hold a key whose create was refused', async () => {
    const other = t.token('branch', tree.branch.id, { sub: 'another-clerk' });
    const body = {
      orgId: tree.branch.id,
      name: '另一位',
      gender: 'male',
      birthDate: '1999-01-01',
      applicationDate: '2026-11-01',
    };
    const mine = await t.http
      .post('/api/candidates')
      .set(auth(tree.branch.token))
      .set('Idempotency-Key', 'shared')
      .send(body);
    const theirs = await t.http.post('/api/candidates').set(auth(other)).set('Idempotency-Key', 'shared').send(body);
    expect([mine.status, theirs.status]).toEqual([201, 201]);
    expect(theirs.body.id).not.toBe(mine.body.id);

    const before = await tableCounts(t.dataSource);
    const young = { ...body, name: '未成年', birthDate: '2010-01-01' };
    const refused = await t.http
      .post('/api/candidates')
      .set(auth(tree.branch.token))
      .set('Idempotency-Key', 'refused-1')
      .send(young);
    expect(refused.status).toBe(422);
    expect(await tableCounts(t.dataSource)).toEqual(before); // nothing kept, not even the key
    const fixed = await t.http
      .post('/api/candidates')
      .set(auth(tree.branch.token))
      .set('Idempotency-Key', 'refused-1')
      .send(young);
    expect(fixed.status).toBe(422);
  });

  it('is taken by creates only: a command and a public complaint ignore it and store nothing', async () => {
    const [{ n: before }] = await t.dataSource.query('SELECT COUNT(*) AS n FROM idempotency_records');
    const c = await branch.post('/api/candidates', {
      orgId: tree.branch.id,
      name: '命令',
      gender: 'male',
      birthDate: '1990-01-01',
      applicationDate: '2026-11-01',
    });
    await branch.post(`/api/candidates/${c.body.id}/talk`, { date: '2026-11-05', by: '书记' });
    const activist = { date: '2026-11-10', recommendation: 'members', committeeFiledOn: '2026-11-12' };
    const first = await t.http
      .post(`/api/candidates/${c.body.id}/activist`)
      .set(auth(tree.branch.token))
      .set('Idempotency-Key', 'cmd-1')
      .send(activist);
    expect(first.status).toBe(201);
    const again = await t.http
      .post(`/api/candidates/${c.body.id}/activist`)
      .set(auth(tree.branch.token))
      .set('Idempotency-Key', 'cmd-1')
      .send(activist);
    expect(again.body.code).toBe('GATE_VIOLATION'); // tried afresh, not replayed: already an activist
    expect(again.body.violations).toEqual([expect.objectContaining({ code: 'WRONG_STAGE' })]);
    const anonymous = await t.http.post('/api/public/complaints').set('Idempotency-Key', 'anon-1').send({});
    expect(anonymous.status).toBe(400);
    const [{ n: after }] = await t.dataSource.query('SELECT COUNT(*) AS n FROM idempotency_records');
    expect(Number(after)).toBe(Number(before));
  });
});
