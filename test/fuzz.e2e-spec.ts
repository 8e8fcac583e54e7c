import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { Client } from './support/client';
import { auth, startApp, TestApp } from './support/harness';
import { orgTree, OrgTree } from './support/fixtures';
import { NOON } from './support/pipeline';
import { D, preReviewed } from './support/voting';

/**
 * SPEC §12, played as a client that sends anything: generated bad requests to every POST and
 * PATCH route of the OpenAPI document — wrong types, nulls, control characters, unknown fields,
 * deep nesting, text that is not JSON, foreign and malformed ids. No answer is a 5xx, and no
 * 4xx changes a single row.
 */
describe('bad input on every write route', () => {
  let t: TestApp;
  let tree: OrgTree;
  let admin: Client;
  let committee: Client;
  let branch: Client;
  let routes: { method: 'post' | 'patch'; path: string }[];
  let ids: string[];
  let fingerprintSql: string;

  beforeAll(async () => {
    t = await startApp({ LOG_LEVEL: 'warn', PUBLIC_RATE_LIMIT: '100000' });
    t.clock.set(NOON);
    tree = await orgTree(t, 3);
    admin = new Client(t, tree.admin);
    committee = new Client(t, tree.committee.token);
    branch = new Client(t, tree.branch.token);
    const [candidate] = await preReviewed(t, tree, ['模糊甲']);
    const vote = await branch.ok<{ id: string }>('/api/votes', {
      level: 'mass_assessment',
      purpose: 'admission',
      orgId: tree.branch.id,
      meetingDate: D.mass,
      candidateIds: [candidate],
      mode: 'electronic',
      expected: 3,
    });
    const record = await committee.ok<{ id: string }>('/api/accountability/records', {
      situation: 'C05',
      subject: { orgId: tree.branch.id },
      occurredOn: '2025-06-01',
      facts: '档案材料缺失',
    });
    const [notice] = (await t.dataSource.query('SELECT id FROM publicity_notices')) as { id: string }[];
    ids = [
      candidate,
      vote.id,
      record.id,
      notice.id,
      tree.branch.id,
      tree.committee.id,
      tree.department.id,
      tree.members[0].id,
      randomUUID(),
    ];
    const doc = (await t.http.get('/api/docs-json')).body as { paths: Record<string, Record<string, unknown>> };
    routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      (['post', 'patch'] as const).filter((m) => ops[m]).map((method) => ({ method, path })),
    );
    expect(routes.length).toBeGreaterThan(30);
    const tables = t.dataSource.entityMetadatas.map((m) => m.tableName);
    fingerprintSql = `SELECT ${tables.map((table) => `(SELECT COUNT(*) FROM ${table}) AS "${table}"`).join(', ')}`;
  });
  afterAll(() => t.close());

  const fingerprint = async () => JSON.stringify(await t.dataSource.query(fingerprintSql));
  const send = (method: 'post' | 'patch', url: string, token: string, body: string) =>
    t.http[method](url).set(auth(token)).set('content-type', 'application/json').send(body);

  // Values a field may hold that no field should accept as it is.
  const control = fc.constantFrom('\u0000', '\u0007', '\u001b', '\u007f', '\u0008');
  const nasty = fc.oneof(
    fc.constant(null),
    fc.tuple(fc.string({ maxLength: 20 }), control, fc.string({ maxLength: 20 })).map(([a, c, b]) => a + c + b),
    fc.string({ maxLength: 50 }),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.array(fc.oneof(fc.constant(null), fc.string(), fc.integer()), { maxLength: 5 }),
    fc.constantFrom('2025-02-29', '9999-99-99', 'not-a-uuid', '', ' ', '0'.repeat(300), randomUUID(), '[]', '{}'),
    fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
  );
  const FIELDS = [
    'name',
    'kind',
    'parentId',
    'orgId',
    'status',
    'joinedOn',
    'votingRights',
    'gender',
    'birthDate',
    'applicationDate',
    'idNumber',
    'date',
    'by',
    'recommendation',
    'committeeFiledOn',
    'memberIds',
    'result',
    'notes',
    'startDate',
    'endDate',
    'days',
    'hours',
    'passed',
    'reason',
    'candidateIds',
    'channels',
    'noticeId',
    'candidateId',
    'content',
    'contact',
    'channel',
    'receivedOn',
    'finding',
    'verifiedOn',
    'summary',
    'level',
    'purpose',
    'meetingDate',
    'mode',
    'expected',
    'bodySize',
    'excused',
    'present',
    'choices',
    'results',
    'count',
    'code',
    'tallyKey',
    'situation',
    'subject',
    'occurredOn',
    'facts',
    'handling',
    'authority',
    'decidedOn',
    'visitors',
    'methods',
    'checks',
    'action',
    'decision',
    'months',
    'sampleSize',
    'seed',
    'year',
    'quota',
    'planId',
    'priorRemoval',
  ];
  const object = fc.dictionary(fc.constantFrom(...FIELDS), nasty, { minKeys: 1, maxKeys: 6 });
  const deep = fc.integer({ min: 33, max: 5000 }).map((n) => `${'['.repeat(n)}${']'.repeat(n)}`);
  const body = fc.oneof(
    { arbitrary: object.map((o) => JSON.stringify(o)), weight: 6 },
    { arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)), weight: 2 },
    { arbitrary: deep, weight: 1 },
    { arbitrary: fc.string({ maxLength: 40 }), weight: 1 }, // not JSON, or JSON of the wrong kind
  );
  const id = fc.oneof(
    fc.constantFrom(...Array.from({ length: 9 }, (_, i) => i)).map((i) => ids[i]),
    fc.constantFrom('x', '1', '%00', '..', randomUUID().toUpperCase()),
  );
  const role = fc.constantFrom('admin', 'department', 'committee', 'branch', 'reviewer');

  it('answers 1,000 generated bad requests with no 5xx, and changes nothing on any 4xx', async () => {
    const seen = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(fc.nat(), id, body, role, async (r, pathId, text, who) => {
        const route = routes[r % routes.length];
        const url = route.path.replace(/\{[^}]+\}/g, () => encodeURIComponent(pathId));
        const token =
          who === 'admin'
            ? tree.admin
            : t.token(
                who,
                who === 'department' ? tree.department.id : who === 'committee' ? tree.committee.id : tree.branch.id,
              );
        const before = await fingerprint();
        const res = await send(route.method, url, token, text);
        seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
        if (res.status >= 500)
          throw new Error(`${route.method.toUpperCase()} ${url} → ${res.status} for ${text.slice(0, 200)}`);
        if (res.status >= 400) expect(await fingerprint()).toBe(before);
        expect(JSON.stringify(res.body)).not.toMatch(/QueryFailedError|SQLITE_|at [\w.]+ \(|\.ts:\d+/);
      }),
      { numRuns: 1000 },
    );
    expect([...seen.keys()].every((s) => s < 500)).toBe(true);
    expect(seen.get(400) ?? 0).toBeGreaterThan(300); // the guard, not only the 404 of a missing id, was exercised
  });

  it(
    'answers the cases found by hand with 400 and writes nothing: ' +
      'null in PATCH /api/members/:id, NUL in a public complaint and in a name',
    async () => {
      const before = await fingerprint();
      const member = await branch.patch(`/api/members/${tree.members[0].id}`, { votingRights: null });
      expect(member.status).toBe(400);
      expect(member.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'votingRights' })]));
      const [notice] = (await t.dataSource.query('SELECT id FROM publicity_notices')) as { id: string }[];
      const complaint = await t.http
        .post('/api/public/complaints')
        .send({ noticeId: notice.id, candidateId: ids[0], content: '反映情况\u0000反映情况反映情况' });
      expect(complaint.status).toBe(400);
      expect(complaint.body.errors).toEqual([expect.objectContaining({ field: 'content', code: 'controlCharacter' })]);
      const named = await admin.post('/api/organizations', {
        name: '支部\u0000',
        kind: 'branch',
        parentId: tree.committee.id,
      });
      expect(named.status).toBe(400);
      expect(await fingerprint()).toBe(before);
    },
  );

  it('refuses JSON nested 5,000 deep on every write route with 400 before any work, and keeps answering', async () => {
    const deepBody = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
    for (const route of routes) {
      const url = route.path.replace(/\{[^}]+\}/g, ids[0]);
      const started = Date.now();
      const res = await send(route.method, url, tree.admin, deepBody);
      expect({ url, status: res.status, code: res.body.errors?.[0]?.code }).toEqual({
        url,
        status: 400,
        code: 'maxDepth',
      });
      expect(Date.now() - started).toBeLessThan(1000);
    }
    expect((await t.http.get('/api/health')).status).toBe(200);
  });
});
