import { Client } from './support/client';
import { startApp, TestApp } from './support/harness';
import { orgTree, OrgTree } from './support/fixtures';
import { NOON } from './support/pipeline';
import { D, preReviewed, ResultBody } from './support/voting';

/** POST /api/ballots (SPEC §7.3), issue 13: its own body check, its refusals in order, and a close racing casts. */
describe('casting a ballot', () => {
  let t: TestApp;
  let tree: OrgTree;
  let branch: Client;
  let base: string;
  const cast = (body: unknown) => t.http.post('/api/ballots').send(body as object);
  const session = async (names: string[], expected: number) => {
    const ids = await preReviewed(t, tree, names);
    const vote = await branch.ok<{ id: string }>('/api/votes', {
      purpose: 'admission',
      orgId: tree.branch.id,
      mode: 'electronic',
      level: 'mass_assessment',
      meetingDate: D.mass,
      candidateIds: ids,
      expected,
    });
    const papers = await branch.ok<{ codes: string[]; tallyKey: string }>(`/api/votes/${vote.id}/ballot-papers`, {
      count: expected,
    });
    return { id: vote.id, ids, ...papers };
  };

  beforeAll(async () => {
    t = await startApp();
    t.clock.set(NOON);
    tree = await orgTree(t, 10);
    branch = new Client(t, tree.branch.token);
    base = await t.listen();
  });
  afterAll(() => t.close());

  it('answers a bad body 400 with every field error, and writes nothing', async () => {
    const vote = await session(['校验甲'], 2);
    const [a] = vote.ids;
    const res = await cast({ code: 5, choices: { [a]: 'maybe' }, extra: 1 });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    expect(res.body.errors).toEqual([
      { field: 'extra', code: 'whitelistValidation', message: 'extra: 不允许的字段' },
      { field: 'code', code: 'maxLength', message: 'code: 过长' },
      { field: 'code', code: 'minLength', message: 'code: 过短' },
      { field: 'code', code: 'isString', message: 'code: 须为字符串' },
      {
        field: 'choices',
        code: 'isChoiceMap',
        message: 'choices: choices: 须为 {候选人ID: approve|reject|abstain} 的对象',
      },
    ]);
    for (const body of [[], { code: vote.codes[0] }, { code: '', choices: {} }, { code: vote.codes[0], choices: [] }])
      expect((await cast(body)).status).toBe(400);
    // a JSON array, string or null body too
    for (const body of ['[1]', '"x"', 'null']) {
      const raw = await fetch(`${base}/api/ballots`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      expect(raw.status).toBe(400);
    }
    // the code was not spent by any of them
    expect((await cast({ code: vote.codes[0], choices: { [a]: 'approve' } })).status).toBe(201);
  });

  it('refuses in order: unknown code 404, closed vote 409 (even for a used code), used code 409, stray candidate 422', async () => {
    const vote = await session(['次序甲', '次序乙'], 4);
    const [a] = vote.ids;
    expect((await cast({ code: 'AAAA-BBBB-CCCC-DDDD-EEEE', choices: {} })).status).toBe(404);
    expect((await cast({ code: vote.codes[0], choices: { [a]: 'approve' } })).status).toBe(201);
    const reused = await cast({ code: vote.codes[0], choices: { [a]: 'reject' } });
    expect([reused.status, reused.body.code]).toEqual([409, 'BALLOT_CODE_USED']);
    const stray = await cast({ code: vote.codes[1], choices: { [tree.branch.id]: 'approve' } });
    expect([stray.status, stray.body.code]).toEqual([422, 'CANDIDATE_NOT_IN_VOTE']);
    await branch.ok(`/api/votes/${vote.id}/close`, { tallyKey: vote.tallyKey });
    for (const code of [vote.codes[0], vote.codes[1]]) {
      const after = await cast({ code, choices: { [a]: 'approve' } });
      expect([after.status, after.body.code]).toEqual([409, 'VOTE_CLOSED']);
    }
  });

  it('counts every cast acknowledged before a close that races them, and refuses the rest as closed', async () => {
    const vote = await session(['竞速甲'], 120);
    const [a] = vote.ids;
    const send = (code: string) =>
      fetch(`${base}/api/ballots`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code, choices: { [a]: 'approve' } }),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as { receipt?: string; code?: string } }));
    // 120 casts sent over ~30 ms, the close in the middle of them
    const after = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const casts = Promise.all(vote.codes.map((code, i) => after(i / 4).then(() => send(code))));
    const closing = after(15).then(() =>
      branch.ok<ResultBody>(`/api/votes/${vote.id}/close`, { tallyKey: vote.tallyKey }),
    );
    const [answers, result] = await Promise.all([casts, closing]);
    const receipts = answers.filter((r) => r.status === 201).map((r) => r.body.receipt);
    for (const r of answers) if (r.status !== 201) expect([r.status, r.body.code]).toEqual([409, 'VOTE_CLOSED']);
    // exactly the acknowledged casts are counted: none lost, none counted unacknowledged
    expect([...(result.receipts ?? [])].sort()).toEqual([...receipts].sort());
    expect(result.results[0].approve).toBe(receipts.length);
  });
});
