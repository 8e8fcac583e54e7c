import { Client } from './support/client';
import { startApp, tableCounts, TestApp } from './support/harness';
import { orgTree, OrgTree } from './support/fixtures';
import { NOON } from './support/pipeline';
import { D, ok, preReviewed, ResultBody, seedDevelopmentObjects } from './support/voting';

const isPostgres = (process.env.DATABASE_URL ?? '').startsWith('postgres');

describe('voting: electronic secret ballots (SPEC §7.3)', () => {
  let t: TestApp;
  let tree: OrgTree;
  let branch: Client;
  let base: string;
  const cast = (code: string, choices: object) => t.http.post('/api/ballots').send({ code, choices });
  const open = (body: object) =>
    branch.ok<{ id: string; expected: number }>('/api/votes', {
      purpose: 'admission',
      orgId: tree.branch.id,
      mode: 'electronic',
      ...body,
    });
  const papers = (id: string, body: object) =>
    branch.ok<{ codes: string[]; tallyKey?: string }>(`/api/votes/${id}/ballot-papers`, body);

  beforeAll(async () => {
    t = await startApp();
    t.clock.set(NOON);
    tree = await orgTree(t, 10);
    branch = new Client(t, tree.branch.token);
    base = await t.listen();
  });
  afterAll(() => t.close());

  it('hands out shuffled one-time codes, counts each once, and publishes sorted receipts', async () => {
    const [a, b, c] = await preReviewed(t, tree, ['电子甲', '电子乙', '电子丙']);
    const session = await open({ level: 'mass_assessment', meetingDate: D.mass, candidateIds: [a, b, c], expected: 8 });
    await branch.ok(`/api/votes/${session.id}/attendance`, { present: 8 });
    const { codes, tallyKey } = await papers(session.id, { count: 8 });
    expect(codes).toHaveLength(8);
    expect(new Set(codes).size).toBe(8);
    // 20 × 5 bits = 100 bits
    for (const code of codes) expect(code.replace(/-/g, '')).toMatch(/^[0-9A-HJKMNP-TV-Z]{20}$/);
    const over = await branch.post(`/api/votes/${session.id}/ballot-papers`, { count: 1 });
    expect(over.status).toBe(422);
    expect(over.body.code).toBe('PAPERS_EXCEED_PRESENT');

    // a: 4 approve of expected 8 → passes; b: 3 → fails; c: left out by all but one → abstentions
    const receipts: string[] = [];
    for (const [i, code] of codes.slice(0, 7).entries()) {
      const choices: Record<string, string> = { [a]: i < 4 ? 'approve' : 'reject', [b]: i < 3 ? 'approve' : 'abstain' };
      if (i === 0) choices[c] = 'approve';
      const res = await cast(i === 1 ? code.toLowerCase().replace(/-/g, ' ') : code, choices);
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ receipt: expect.stringMatching(/^[0-9A-Z]{16}$/) });
      receipts.push(res.body.receipt);
    }
    const reused = await cast(codes[0], { [a]: 'reject' });
    expect(reused.status).toBe(409);
    expect(reused.body.code).toBe('BALLOT_CODE_USED');
    const unknown = await cast('AAAA-BBBB-CCCC-DDDD-EEEE', { [a]: 'approve' });
    expect(unknown.status).toBe(404);
    const stranger = await cast(codes[7], { [tree.branch.id]: 'approve' });
    expect(stranger.status).toBe(422);
    expect(stranger.body.code).toBe('CANDIDATE_NOT_IN_VOTE');
    expect((await cast(codes[7], { 'not-a-candidate': 'approve' })).body.code).toBe('CANDIDATE_NOT_IN_VOTE');
    expect((await cast('not_a_code!', { [a]: 'approve' })).status).toBe(404);
    const badChoice = await cast(codes[7], { [a]: 'yes' });
    expect(badChoice.status).toBe(400);
    expect((await branch.get(`/api/votes/${session.id}`)).body).toMatchObject({
      papersIssued: 8,
      ballotsCast: 7,
    });
    const during = await branch.get(`/api/votes/${session.id}/result`);
    expect(during.body).toMatchObject({ status: 'open', results: [] }); // nothing is counted before the close

    const res = await branch.ok<ResultBody>(`/api/votes/${session.id}/close`, { tallyKey });
    expect(res.results).toEqual([
      expect.objectContaining({
        candidateId: a,
        approve: 4,
        reject: 3,
        abstain: 0,
        invalid: 0,
        required: 4,
        passed: true,
      }),
      expect.objectContaining({ candidateId: b, approve: 3, reject: 0, abstain: 4, required: 4, passed: false }),
      expect.objectContaining({ candidateId: c, approve: 1, reject: 0, abstain: 6, passed: false }),
    ]);
    expect(res.receipts).toEqual([...receipts].sort());
    // the eighth code was never used (its failed attempt consumed nothing), and now the vote is closed
    const closed = await cast(codes[7], { [a]: 'approve' });
    expect(closed.status).toBe(409);
    expect(closed.body.code).toBe('VOTE_CLOSED');
    const counts = await branch.post(`/api/votes/${session.id}/counts`, {
      results: [{ candidateId: a, approve: 1, reject: 0, abstain: 0, invalid: 0 }],
    });
    expect(counts.status).toBe(409);
  });

  it('gives branch-meeting papers to present voting members only, one each, and adds written opinions', async () => {
    const ids = await preReviewed(t, tree, ['支电甲']);
    const m = tree.members.map((x) => x.id);
    // pass the mass assessment electronically, without recorded attendance: those handed a paper are present
    const mass = await open({ level: 'mass_assessment', meetingDate: D.mass, candidateIds: ids, expected: 4 });
    const massPapers = await papers(mass.id, { count: 2 });
    for (const code of massPapers.codes) await ok(cast(code, { [ids[0]]: 'approve' }));
    expect(
      (await branch.ok<ResultBody>(`/api/votes/${mass.id}/close`, { tallyKey: massPapers.tallyKey })).results[0],
    ).toMatchObject({ approve: 2, required: 2, passed: true });

    const session = await open({ level: 'branch_meeting', meetingDate: D.branch, candidateIds: ids });
    expect(session.expected).toBe(10);
    const early = await branch.post(`/api/votes/${session.id}/ballot-papers`, { memberIds: [m[0]] });
    expect(early.status).toBe(422);
    expect(early.body.code).toBe('MEMBER_NOT_PRESENT');
    await branch.ok(`/api/votes/${session.id}/attendance`, { memberIds: m.slice(0, 6) });
    const { codes, tallyKey } = await papers(session.id, { memberIds: m.slice(0, 5) });
    expect(codes).toHaveLength(5);
    const second = await branch.post(`/api/votes/${session.id}/ballot-papers`, {
      memberIds: [m[4], m[5]],
    });
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('PAPER_ALREADY_ISSUED');
    const count = await branch.post(`/api/votes/${session.id}/ballot-papers`, { count: 1 });
    expect(count.status).toBe(400);
    const drop = await branch.post(`/api/votes/${session.id}/attendance`, { memberIds: m.slice(1, 6) });
    expect(drop.status).toBe(422);
    expect(drop.body.code).toBe('PAPER_RECIPIENT_ABSENT');
    const recipients = await t.dataSource.query(
      `SELECT * FROM vote_paper_recipients WHERE session_id = '${session.id}'`,
    );
    expect(recipients).toHaveLength(5);
    expect(Object.keys(recipients[0]).sort()).toEqual(['member_id', 'session_id']);
    for (const code of codes) await ok(cast(code, { [ids[0]]: 'approve' }));
    await branch.ok(`/api/votes/${session.id}/written-opinions`, {
      memberId: m[6],
      choices: { [ids[0]]: 'approve' },
    });
    const res = await branch.ok<ResultBody>(`/api/votes/${session.id}/close`, { tallyKey });
    expect(res.quorumMet).toBe(true);
    // 5 in the room + 1 written = 6 > 5; the sixth member present cast no ballot
    expect(res.results[0]).toMatchObject({
      approve: 6,
      required: 6,
      passed: true,
      written: { approve: 1, reject: 0, abstain: 0 },
    });
    expect(res.receipts).toHaveLength(5);
  });

  it('keeps ballots secret by schema: no member, code, sequence or time column; SQLite WITHOUT ROWID', async () => {
    const inSchema = (table: string) =>
      `information_schema.columns WHERE table_name = '${table}' AND table_schema = current_schema()`;
    const columns = async (table: string): Promise<string[]> =>
      isPostgres
        ? (await t.dataSource.query(`SELECT column_name AS name FROM ${inSchema(table)}`)).map(
            (r: { name: string }) => r.name,
          )
        : (await t.dataSource.query(`PRAGMA table_info(${table})`)).map((r: { name: string }) => r.name);
    const ballot = await columns('ballots');
    expect(ballot.sort()).toEqual(['choices', 'id', 'session_id']);
    for (const name of ballot) expect(name).not.toMatch(/member|code|seq|serial|order|time|_at$|date|created|receipt/);
    const participation = await columns('ballot_codes');
    for (const name of participation) expect(name).not.toMatch(/member|time|_at$|date|seq/);
    if (!isPostgres) {
      for (const table of ['ballots', 'ballot_codes']) {
        const [{ sql }] = await t.dataSource.query(
          `SELECT sql FROM sqlite_master WHERE type = 'table' AND name = '${table}'`,
        );
        expect(sql).toContain('WITHOUT ROWID');
      }
    } else {
      const defaults = await t.dataSource.query(
        `SELECT column_default FROM ${inSchema('ballots')} AND column_default IS NOT NULL`,
      );
      expect(defaults).toEqual([]); // no serial, no now()
    }
    // ballot ids are random (v4), and codes are stored only hashed
    const ids = (await t.dataSource.query('SELECT id FROM ballots')).map((r: { id: string }) => r.id);
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const hashes = (await t.dataSource.query('SELECT code_hash FROM ballot_codes')).map(
      (r: { code_hash: string }) => r.code_hash,
    );
    for (const h of hashes) expect(h).toMatch(/^[0-9a-f]{64}$/);
  });

  it('logs no code and no choice', async () => {
    const [a] = await preReviewed(t, tree, ['日志甲']);
    const session = await open({ level: 'mass_assessment', meetingDate: D.mass, candidateIds: [a], expected: 3 });
    const { codes } = await papers(session.id, { count: 3 });
    const from = t.logs.length;
    await ok(cast(codes[0], { [a]: 'approve' }));
    expect((await cast(codes[0], { [a]: 'reject' })).status).toBe(409);
    expect((await cast(codes[1], { [a]: 'maybe' })).status).toBe(400);
    expect((await cast(codes[2], { [tree.branch.id]: 'reject' })).status).toBe(422);
    const lines = t.logs.slice(from).join('\n');
    expect(lines).toContain('/api/ballots'); // the requests were logged — by method and url only
    for (const code of codes) {
      expect(lines).not.toContain(code);
      expect(lines).not.toContain(code.replace(/-/g, ''));
    }
    expect(lines).not.toContain(a);
    expect(lines).not.toMatch(/approve|reject|maybe|choices/);
  });

  it('keeps no idempotency record of a ballot, even when the client sends a key', async () => {
    const [a] = await preReviewed(t, tree, ['幂等甲']);
    const session = await open({ level: 'mass_assessment', meetingDate: D.mass, candidateIds: [a], expected: 2 });
    const { codes } = await papers(session.id, { count: 1 });
    const [{ n: before }] = await t.dataSource.query('SELECT COUNT(*) AS n FROM idempotency_records');
    const res = await t.http
      .post('/api/ballots')
      .set('Idempotency-Key', 'ballot-1')
      .send({ code: codes[0], choices: { [a]: 'approve' } });
    expect(res.status).toBe(201);
    const [{ n: after }] = await t.dataSource.query('SELECT COUNT(*) AS n FROM idempotency_records');
    expect(Number(after)).toBe(Number(before));
    expect(
      (
        await t.http
          .post('/api/ballots')
          .set('Idempotency-Key', 'ballot-1')
          .send({ code: codes[0], choices: { [a]: 'approve' } })
      ).status,
    ).toBe(409);
  });

  it(
    'accepts exactly one ballot per code under 400 simultaneous casts ' + '(200 on one code, 200 on distinct codes)',
    async () => {
      const [a] = await preReviewed(t, tree, ['并发甲']);
      const session = await open({ level: 'mass_assessment', meetingDate: D.mass, candidateIds: [a], expected: 300 });
      const { codes, tallyKey } = await papers(session.id, { count: 201 });
      const [shared, ...distinct] = codes;
      const send = (code: string, i: number) =>
        fetch(`${base}/api/ballots`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ code, choices: { [a]: i % 2 ? 'approve' : 'reject' } }),
        }).then((r) => r.status);
      const statuses = await Promise.all([
        ...Array.from({ length: 200 }, (_, i) => send(shared, i)),
        ...distinct.map((code, i) => send(code, i)),
      ]);
      const tally = statuses.reduce<Record<number, number>>((acc, s) => ({ ...acc, [s]: (acc[s] ?? 0) + 1 }), {});
      expect(tally).toEqual({ 201: 201, 409: 199 });
      const [{ n: ballots }] = await t.dataSource.query(
        `SELECT COUNT(*) AS n FROM ballots WHERE session_id = '${session.id}'`,
      );
      const yes = isPostgres ? 'true' : '1';
      const [{ n: used }] = await t.dataSource.query(
        `SELECT COUNT(*) AS n FROM ballot_codes WHERE session_id = '${session.id}' AND used = ${yes}`,
      );
      expect(Number(ballots)).toBe(201);
      expect(Number(used)).toBe(201);
      const res = await branch.ok<ResultBody>(`/api/votes/${session.id}/close`, { tallyKey });
      expect(res.results[0].approve + res.results[0].reject).toBe(201);
      expect(res.receipts).toHaveLength(201);
    },
  );

  it('closes a 1,000-candidate electronic batch correctly', async () => {
    const ids = await seedDevelopmentObjects(t, tree, 1000, 'pre_review');
    const session = await open({ level: 'mass_assessment', meetingDate: D.mass, candidateIds: ids, expected: 15 });
    const { codes, tallyKey } = await papers(session.id, { count: 15 });
    // a fixed scatter of approvals, rejections and left-out candidates (abstentions)
    const expected = ids.map(() => ({ approve: 0, reject: 0, abstain: 0 }));
    for (const [k, code] of codes.entries()) {
      const choices: Record<string, string> = {};
      ids.forEach((id, i) => {
        const h = (i * 7919 + k * k * 104729) % 13;
        if (h < 7) {
          choices[id] = 'approve';
          expected[i].approve += 1;
        } else if (h < 10) {
          choices[id] = 'reject';
          expected[i].reject += 1;
        } else expected[i].abstain += 1;
      });
      await ok(cast(code, choices));
    }
    const before = await tableCounts(t.dataSource);
    const started = Date.now();
    const res = await branch.ok<ResultBody>(`/api/votes/${session.id}/close`, { tallyKey });
    const ms = Date.now() - started;
    expect(res.results).toHaveLength(1000);
    res.results.forEach((r, i) => {
      expect(r.candidateId).toBe(ids[i]);
      expect({ approve: r.approve, reject: r.reject, abstain: r.abstain }).toEqual(expected[i]);
      expect(r.passed).toBe(expected[i].approve >= 8);
    });
    const failed = expected.filter((e) => e.approve < 8).length;
    expect(failed).toBeGreaterThan(0);
    expect(failed).toBeLessThan(1000);
    const after = await tableCounts(t.dataSource);
    expect(after.candidate_events - before.candidate_events).toBe(1000);
    expect(after.vote_results - before.vote_results).toBe(1000);
    const quoted = ids.map((id) => `'${id}'`).join(',');
    const [{ n }] = await t.dataSource.query(
      `SELECT COUNT(*) AS n FROM candidates WHERE stage = 'activist' AND id IN (${quoted})`,
    );
    expect(Number(n)).toBe(failed);
    expect(ms).toBeLessThan(10000);
  });
});
