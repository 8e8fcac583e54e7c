import { Client, codes } from './support/client';
import { startApp, tableCounts, TestApp } from './support/harness';
import { orgTree, OrgTree } from './support/fixtures';
import { cmd, NOON } from './support/pipeline';
import { D, ok, preReviewed, walkToPublicized } from './support/voting';

/**
 * SPEC §7.1, §7.3 and §5 row 7: finding sessions, voiding one, one open session per level,
 * what a paper is for, a failed political review.
 */
describe('vote sessions: list, void, one open at a time, the ballot paper', () => {
  let t: TestApp;
  let tree: OrgTree;
  let branch: Client;
  let otherBranch: Client;

  beforeAll(async () => {
    t = await startApp({ LOG_LEVEL: 'warn' });
    t.clock.set(NOON);
    tree = await orgTree(t, 4);
    branch = new Client(t, tree.branch.token);
    otherBranch = new Client(t, tree.otherBranch.token);
  });
  afterAll(() => t.close());

  const open = (candidateIds: string[], mode = 'electronic') =>
    branch.post('/api/votes', {
      level: 'mass_assessment',
      purpose: 'admission',
      orgId: tree.branch.id,
      meetingDate: D.mass,
      candidateIds,
      mode,
      expected: 4,
    });

  it(
    'refuses a second open session of the same level and purpose for a candidate ' +
      '(409 VOTE_ALREADY_OPEN, naming it); void frees the candidate exactly as before',
    async () => {
      const [a, b] = await preReviewed(t, tree, ['作废甲', '作废乙']);
      const before = (await branch.get(`/api/candidates/${a}`)).body;
      const first = await ok<{ id: string }>(open([a, b]));
      const { codes: papers } = await branch.ok<{ codes: string[] }>(`/api/votes/${first.id}/ballot-papers`, {
        count: 2,
      });
      await ok(t.http.post('/api/ballots').send({ code: papers[0], choices: { [a]: 'reject' } }));

      const counts = await tableCounts(t.dataSource);
      const again = await open([b]);
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('VOTE_ALREADY_OPEN');
      expect(again.body.message).toContain(first.id);
      expect(await tableCounts(t.dataSource)).toEqual(counts);

      const voided = await branch.post(`/api/votes/${first.id}/void`, {
        reason: '候选人名单有误，重新组织',
      });
      expect(voided.status).toBe(201);
      expect(voided.body).toMatchObject({ status: 'void', voidReason: '候选人名单有误，重新组织' });
      expect(
        Number((await t.dataSource.query(`SELECT COUNT(*) AS n FROM ballots WHERE session_id = '${first.id}'`))[0].n),
      ).toBe(0); // the sealed box is emptied
      const after = (await branch.get(`/api/candidates/${a}`)).body;
      expect({ stage: after.stage, record: after.record, version: after.version }).toEqual({
        stage: before.stage,
        record: before.record,
        version: before.version,
      });
      // its codes stop working, to cast or to look at; it cannot be voided or closed again
      const cast = await t.http.post('/api/ballots').send({ code: papers[1], choices: { [a]: 'approve' } });
      expect([cast.status, cast.body.code]).toEqual([409, 'VOTE_CLOSED']);
      const look = await t.http.get('/api/ballots/paper').query({ code: papers[1] });
      expect([look.status, look.body.code]).toEqual([409, 'VOTE_CLOSED']);
      const twice = await branch.post(`/api/votes/${first.id}/void`, { reason: '再次' });
      expect([twice.status, twice.body.code]).toEqual([409, 'VOTE_NOT_OPEN']);
      expect((await branch.post(`/api/votes/${first.id}/close`, {})).status).toBe(409);
      expect((await branch.post(`/api/votes/${first.id}/void`, {})).status).toBe(400);
      // the candidates may be put to a new session
      expect((await open([a, b])).status).toBe(201);
    },
  );

  it(
    'answers what a paper is for without using it: session, ' + 'level, purpose, the candidates by name in order',
    async () => {
      const ids = await preReviewed(t, tree, ['选票甲', '选票乙', '选票丙']);
      const session = await ok<{ id: string }>(open(ids));
      const { codes: papers, tallyKey } = await branch.ok<{ codes: string[]; tallyKey: string }>(
        `/api/votes/${session.id}/ballot-papers`,
        { count: 2 },
      );
      const res = await t.http.get('/api/ballots/paper').query({ code: papers[0].toLowerCase() });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        sessionId: session.id,
        title: '第一党支部党外群众民主测评表决（接收预备党员）',
        level: 'mass_assessment',
        purpose: 'admission',
        meetingDate: D.mass,
        orgName: '第一党支部',
        candidates: [
          { id: ids[0], name: '选票甲' },
          { id: ids[1], name: '选票乙' },
          { id: ids[2], name: '选票丙' },
        ],
      });
      // looking uses nothing
      expect((await t.http.get('/api/ballots/paper').query({ code: papers[0] })).status).toBe(200);
      await ok(t.http.post('/api/ballots').send({ code: papers[0], choices: { [ids[0]]: 'approve' } }));
      const used = await t.http.get('/api/ballots/paper').query({ code: papers[0] });
      expect([used.status, used.body.code]).toEqual([409, 'BALLOT_CODE_USED']);
      expect((await t.http.get('/api/ballots/paper').query({ code: 'AAAA-BBBB-CCCC-DDDD-EEEE' })).status).toBe(404);
      expect((await t.http.get('/api/ballots/paper')).status).toBe(400);
      await branch.ok(`/api/votes/${session.id}/close`, { tallyKey });
      const closed = await t.http.get('/api/ballots/paper').query({ code: papers[1] });
      expect([closed.status, closed.body.code]).toEqual([409, 'VOTE_CLOSED']);
    },
  );

  it('lists sessions in scope, newest first, with their filters', async () => {
    const all = await branch.get('/api/votes');
    expect(all.status).toBe(200);
    expect(all.body.total).toBeGreaterThanOrEqual(3);
    const times = all.body.items.map((s: { createdAt: string }) => s.createdAt);
    expect(times).toEqual([...times].sort().reverse());
    expect(all.body.items[0]).not.toHaveProperty('candidateIds');
    const voided = await branch.get('/api/votes?status=void');
    expect(voided.body.items.every((s: { status: string }) => s.status === 'void')).toBe(true);
    expect(voided.body.total).toBe(1);
    expect((await branch.get('/api/votes?level=committee')).body.total).toBe(0);
    expect((await otherBranch.get('/api/votes')).body.total).toBe(0);
    expect((await otherBranch.get(`/api/votes?orgId=${tree.branch.id}`)).status).toBe(404);
    expect((await branch.get('/api/votes?status=maybe')).status).toBe(400);
  });

  it(
    'stops pre-review and every admission vote after ' + 'a failed political review, whenever it was recorded',
    async () => {
      const [published] = await walkToPublicized(t, tree, ['政审后补']);
      await ok(
        cmd(t, tree.branch.token, published, 'political-review', {
          date: D.preReview,
          result: 'failed',
          notes: '复核发现问题',
        }),
      );
      const pre = await cmd(t, tree.committee.token, published, 'pre-review', { date: D.preReview, result: 'passed' });
      expect(codes(pre.body)).toEqual(['POLITICAL_REVIEW_NOT_PASSED']);
      const [reviewed] = await preReviewed(t, tree, ['预审后政审']);
      await ok(cmd(t, tree.branch.token, reviewed, 'political-review', { date: D.mass, result: 'failed' }));
      const vote = await open([reviewed], 'paper');
      expect(vote.status).toBe(422);
      expect(codes(vote.body)).toEqual(['POLITICAL_REVIEW_NOT_PASSED']);
    },
  );
});
