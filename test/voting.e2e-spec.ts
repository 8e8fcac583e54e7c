import { Client, codes } from './support/client';
import { startApp, tableCounts, TestApp } from './support/harness';
import { orgTree, OrgTree } from './support/fixtures';
import { NOON, walkToDevelopmentObject } from './support/pipeline';
import { D, paperVote, preReviewed, ResultBody, throughBranchMeeting } from './support/voting';

describe('voting: sessions, thresholds and gates (SPEC §7.1, §7.2, §7.4, §5 row 11)', () => {
  let t: TestApp;
  let tree: OrgTree;
  let admin: Client;
  let committee: Client;
  let branch: Client;
  let otherBranch: Client;
  let voting: string[]; // the ten formal members with a vote
  const candidate = async (id: string) => (await admin.get(`/api/candidates/${id}`)).body;

  beforeAll(async () => {
    t = await startApp();
    t.clock.set(NOON);
    tree = await orgTree(t, 10);
    admin = new Client(t, tree.admin);
    committee = new Client(t, tree.committee.token);
    branch = new Client(t, tree.branch.token);
    otherBranch = new Client(t, tree.otherBranch.token);
    voting = tree.members.map((m) => m.id);
    // Neither counts towards `expected`: a probationary member and one under 留党察看.
    await admin.ok(`/api/organizations/${tree.branch.id}/members`, {
      name: '预备党员甲',
      status: 'probationary',
      joinedOn: '2025-01-01',
    });
    await admin.ok(`/api/organizations/${tree.branch.id}/members`, {
      name: '留党察看乙',
      status: 'formal',
      votingRights: false,
      joinedOn: '2001-07-01',
    });
  });
  afterAll(() => t.close());

  describe('mass assessment (admission: approve ≥ ½ of expected)', () => {
    it('passes 4 of 8, fails 3 of 7 (back to activist) and passes 4 of 7', async () => {
      const [a, b, c] = await preReviewed(t, tree, ['测评甲', '测评乙', '测评丙']);
      const eight = await paperVote(
        t,
        tree.branch.token,
        { level: 'mass_assessment', orgId: tree.branch.id, meetingDate: D.mass, candidateIds: [a], expected: 8 },
        { present: 8 },
        { approve: 4, reject: 4 },
      );
      expect(eight.results[0]).toMatchObject({
        candidateId: a,
        approve: 4,
        reject: 4,
        required: 4,
        passed: true,
        reason: 'PASSED',
        applied: true,
      });
      const seven = await paperVote(
        t,
        tree.branch.token,
        { level: 'mass_assessment', orgId: tree.branch.id, meetingDate: D.mass, candidateIds: [b, c], expected: 7 },
        { present: 7 },
        (id) => (id === b ? { approve: 3, reject: 3, abstain: 1 } : { approve: 4, reject: 2, invalid: 1 }),
      );
      expect(seven.status).toBe('closed');
      expect(seven.quorumMet).toBe(true);
      expect(seven.results).toEqual([
        expect.objectContaining({
          candidateId: b,
          approve: 3,
          required: 4,
          passed: false,
          reason: 'INSUFFICIENT_APPROVAL',
          applied: true,
        }),
        expect.objectContaining({
          candidateId: c,
          approve: 4,
          required: 4,
          passed: true,
          reason: 'PASSED',
          applied: true,
        }),
      ]);
      const failed = await candidate(b);
      expect(failed.stage).toBe('activist');
      expect(failed.record.votes?.admission).toBeUndefined();
      expect(failed.record.preReview).toBeUndefined();
      expect(failed.timeline.at(-1)).toMatchObject({
        type: 'mass_assessment',
        date: D.mass,
        input: expect.objectContaining({ passed: false, approve: 3 }),
      });
      const passed = await candidate(c);
      expect(passed.stage).toBe('development_object');
      expect(passed.record.votes.admission.mass_assessment).toEqual({ date: D.mass, passed: true });
    });

    it('counts the expected attendees, not those present, for admission', async () => {
      const [a] = await preReviewed(t, tree, ['测评丁']);
      // 4 of 4 present approve, but 10 were expected: 4 < 5.
      const res = await paperVote(
        t,
        tree.branch.token,
        { level: 'mass_assessment', orgId: tree.branch.id, meetingDate: D.mass, candidateIds: [a], expected: 10 },
        { present: 4 },
        { approve: 4 },
      );
      expect(res.results[0]).toMatchObject({ approve: 4, required: 5, passed: false });
    });

    it('refuses counts that exceed those present (BALLOTS_EXCEED_PRESENT) and writes nothing', async () => {
      const [a] = await preReviewed(t, tree, ['测评戊']);
      const session = await branch.ok<{ id: string }>('/api/votes', {
        level: 'mass_assessment',
        purpose: 'admission',
        orgId: tree.branch.id,
        meetingDate: D.mass,
        candidateIds: [a],
        mode: 'paper',
        expected: 8,
      });
      await branch.ok(`/api/votes/${session.id}/attendance`, { present: 6 });
      const before = await tableCounts(t.dataSource);
      const res = await branch.post(`/api/votes/${session.id}/counts`, {
        results: [{ candidateId: a, approve: 5, reject: 2, abstain: 0, invalid: 0 }],
      });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('BALLOTS_EXCEED_PRESENT');
      expect(await tableCounts(t.dataSource)).toEqual(before);
      const tooMany = await branch.post(`/api/votes/${session.id}/attendance`, { present: 9 });
      expect(tooMany.status).toBe(422);
      expect(tooMany.body.code).toBe('PRESENT_EXCEEDS_EXPECTED');
      const missing = await branch.post(`/api/votes/${session.id}/close`);
      expect(missing.status).toBe(422);
      expect(missing.body.code).toBe('COUNTS_MISSING');
      expect((await branch.get(`/api/votes/${session.id}`)).body.status).toBe('open');
    });
  });

  describe('branch meeting (quorum and approval > ½ of expected voting members)', () => {
    let ids: string[];
    beforeAll(async () => {
      ids = await preReviewed(t, tree, ['支部甲', '支部乙', '支部丙', '支部丁']);
      await paperVote(
        t,
        tree.branch.token,
        { level: 'mass_assessment', orgId: tree.branch.id, meetingDate: D.mass, candidateIds: ids, expected: 10 },
        { present: 10 },
        { approve: 10 },
      );
    });

    const voidSession = (id: string) => branch.ok(`/api/votes/${id}/void`, { reason: '仅为核对应到人数' });

    it('computes expected from the roster: formal members with a vote, less the excused', async () => {
      const full = await branch.ok<{ id: string; expected: number }>('/api/votes', {
        level: 'branch_meeting',
        purpose: 'admission',
        orgId: tree.branch.id,
        meetingDate: D.branch,
        candidateIds: [ids[0]],
        mode: 'paper',
      });
      expect(full.expected).toBe(10);
      await voidSession(full.id); // one open session per candidate and level (SPEC §7.1)
      const excused = await branch.ok<{ id: string; expected: number; excused: unknown[] }>('/api/votes', {
        level: 'branch_meeting',
        purpose: 'admission',
        orgId: tree.branch.id,
        meetingDate: D.branch,
        candidateIds: [ids[0]],
        mode: 'paper',
        excused: [
          { memberId: voting[8], reason: 'abroad_over_6_months' },
          { memberId: voting[9], reason: 'bedridden' },
        ],
      });
      expect(excused.expected).toBe(8);
      expect(excused.excused).toHaveLength(2);
      await voidSession(excused.id);
      const badReason = await branch.post('/api/votes', {
        level: 'branch_meeting',
        purpose: 'admission',
        orgId: tree.branch.id,
        meetingDate: D.branch,
        candidateIds: [ids[0]],
        mode: 'paper',
        excused: [{ memberId: voting[9], reason: 'busy' }],
      });
      expect(badReason.status).toBe(400);
    });

    it('refuses an excused member without a vote, and present members who are excused or have no vote', async () => {
      const roster = (await admin.get(`/api/organizations/${tree.branch.id}/members?limit=100`)).body.items as {
        id: string;
        hasVote: boolean;
      }[];
      const voteless = roster.filter((m) => !m.hasVote).map((m) => m.id);
      expect(voteless).toHaveLength(2);
      const res = await branch.post('/api/votes', {
        level: 'branch_meeting',
        purpose: 'admission',
        orgId: tree.branch.id,
        meetingDate: D.branch,
        candidateIds: [ids[0]],
        mode: 'paper',
        excused: [{ memberId: voteless[0], reason: 'detained' }],
      });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('EXCUSED_NOT_VOTING_MEMBER');
      const session = await branch.ok<{ id: string }>('/api/votes', {
        level: 'branch_meeting',
        purpose: 'admission',
        orgId: tree.branch.id,
        meetingDate: D.branch,
        candidateIds: [ids[0]],
        mode: 'paper',
        excused: [{ memberId: voting[9], reason: 'detained' }],
      });
      const withVoteless = await branch.post(`/api/votes/${session.id}/attendance`, {
        memberIds: [voting[0], voteless[1]],
      });
      expect(withVoteless.status).toBe(422);
      expect(withVoteless.body.code).toBe('MEMBER_NO_VOTE');
      const withExcused = await branch.post(`/api/votes/${session.id}/attendance`, {
        memberIds: [voting[0], voting[9]],
      });
      expect(withExcused.status).toBe(422);
      expect(withExcused.body.code).toBe('MEMBER_EXCUSED');
      const foreign = await branch.post(`/api/votes/${session.id}/attendance`, {
        memberIds: [tree.branch.id],
      });
      expect(foreign.status).toBe(422);
      expect(foreign.body.code).toBe('MEMBER_NOT_IN_BRANCH');
      const count = await branch.post(`/api/votes/${session.id}/attendance`, { present: 5 });
      expect(count.status).toBe(400);
      await voidSession(session.id);
    });

    it('needs 6 of 10 present: 5 present is QUORUM_NOT_MET and nothing is applied', async () => {
      const res = await paperVote(
        t,
        tree.branch.token,
        { level: 'branch_meeting', orgId: tree.branch.id, meetingDate: D.branch, candidateIds: [ids[0]] },
        { memberIds: voting.slice(0, 5) },
        { approve: 5 },
      );
      expect(res.quorumMet).toBe(false);
      expect(res.results[0]).toMatchObject({
        approve: 5,
        required: 6,
        passed: false,
        reason: 'QUORUM_NOT_MET',
        applied: false,
      });
      expect(res.results[0].violations?.map((v) => v.code)).toEqual(['QUORUM_NOT_MET']);
      const c = await candidate(ids[0]);
      expect(c.record.votes.admission.branch_meeting).toBeUndefined();
    });

    it('needs 6 approvals of 10: 5 in the room fail; an absent member’s written approval makes 6', async () => {
      const session = await branch.ok<{ id: string; expected: number }>('/api/votes', {
        level: 'branch_meeting',
        purpose: 'admission',
        orgId: tree.branch.id,
        meetingDate: D.branch,
        candidateIds: [ids[1], ids[2]],
        mode: 'paper',
      });
      expect(session.expected).toBe(10);
      await branch.ok(`/api/votes/${session.id}/attendance`, { memberIds: voting.slice(0, 6) });
      // written opinions: a present member may not give one; an absent member gives one once
      const present = await branch.post(`/api/votes/${session.id}/written-opinions`, {
        memberId: voting[0],
        choices: { [ids[1]]: 'approve' },
      });
      expect(present.status).toBe(422);
      expect(present.body.code).toBe('MEMBER_PRESENT');
      await branch.ok(`/api/votes/${session.id}/written-opinions`, {
        memberId: voting[6],
        choices: { [ids[1]]: 'approve', [ids[2]]: 'reject' },
      });
      const again = await branch.post(`/api/votes/${session.id}/written-opinions`, {
        memberId: voting[6],
        choices: { [ids[1]]: 'approve' },
      });
      expect(again.status).toBe(409);
      const stray = await branch.post(`/api/votes/${session.id}/written-opinions`, {
        memberId: voting[7],
        choices: { [ids[3]]: 'approve' },
      });
      expect(stray.status).toBe(422);
      expect(stray.body.code).toBe('CANDIDATE_NOT_IN_VOTE');
      const giver = await branch.post(`/api/votes/${session.id}/attendance`, {
        memberIds: voting.slice(0, 7),
      });
      expect(giver.status).toBe(422);
      expect(giver.body.code).toBe('MEMBER_GAVE_WRITTEN_OPINION');
      await branch.ok(`/api/votes/${session.id}/counts`, {
        results: [
          { candidateId: ids[1], approve: 5, reject: 1, abstain: 0, invalid: 0 },
          { candidateId: ids[2], approve: 5, reject: 1, abstain: 0, invalid: 0 },
        ],
      });
      const res = await branch.ok<ResultBody>(`/api/votes/${session.id}/close`);
      expect(res.quorumMet).toBe(true);
      expect(res.results).toEqual([
        expect.objectContaining({
          candidateId: ids[1],
          approve: 6,
          required: 6,
          passed: true,
          reason: 'PASSED',
          applied: true,
          written: { approve: 1, reject: 0, abstain: 0 },
        }),
        expect.objectContaining({
          candidateId: ids[2],
          approve: 5,
          reject: 2,
          required: 6,
          passed: false,
          reason: 'INSUFFICIENT_APPROVAL',
          applied: true,
        }),
      ]);
      const passed = await candidate(ids[1]);
      expect(passed.record.votes.admission.branch_meeting).toEqual({ date: D.branch, passed: true });
      expect(passed.deadlines).toEqual(
        expect.arrayContaining([expect.objectContaining({ kind: 'approval', dueOn: '2025-09-20' })]),
      );
      expect((await candidate(ids[2])).record.votes.admission.branch_meeting).toEqual({
        date: D.branch,
        passed: false,
      });
      // the result reads the same afterwards; closing again is a conflict
      const read = await branch.get(`/api/votes/${session.id}/result`);
      expect(read.status).toBe(200);
      expect(read.body).toEqual(res);
      const twice = await branch.post(`/api/votes/${session.id}/close`);
      expect(twice.status).toBe(409);
      expect(twice.body.code).toBe('VOTE_CLOSED');
      const late = await branch.post(`/api/votes/${session.id}/attendance`, { memberIds: voting });
      expect(late.status).toBe(409);
    });

    it('passes 6 of 10 present with 6 approvals, and excused members lower the bar', async () => {
      const res = await paperVote(
        t,
        tree.branch.token,
        {
          level: 'branch_meeting',
          orgId: tree.branch.id,
          meetingDate: D.branch,
          candidateIds: [ids[3]],
          excused: [
            { memberId: voting[8], reason: 'mental_illness' },
            { memberId: voting[9], reason: 'away_over_6_months' },
          ],
        },
        { memberIds: voting.slice(0, 5) },
        { approve: 5 },
      );
      // expected 8: 5 present > 4, 5 approvals > 4
      expect(res.quorumMet).toBe(true);
      expect(res.results[0]).toMatchObject({ approve: 5, required: 5, passed: true });
    });
  });

  describe('committee (approve ≥ ⅔ of the whole body)', () => {
    let ids: string[];
    beforeAll(async () => {
      ids = await preReviewed(t, tree, ['审批甲', '审批乙', '审批丙', '审批丁']);
      await throughBranchMeeting(t, tree, ids);
    });

    it('bodySize 9 → 6 passes, 5 fails; bodySize 7 → 5 passes, 4 fails', async () => {
      const nine = await paperVote(
        t,
        tree.committee.token,
        {
          level: 'committee',
          orgId: tree.committee.id,
          meetingDate: D.committee,
          candidateIds: [ids[0], ids[1]],
          bodySize: 9,
        },
        { present: 7 },
        (id) => (id === ids[0] ? { approve: 6, reject: 1 } : { approve: 5, reject: 2 }),
      );
      expect(nine.results.map((r) => [r.approve, r.required, r.passed])).toEqual([
        [6, 6, true],
        [5, 6, false],
      ]);
      const seven = await paperVote(
        t,
        tree.committee.token,
        {
          level: 'committee',
          orgId: tree.committee.id,
          meetingDate: D.committee,
          candidateIds: [ids[2], ids[3]],
          bodySize: 7,
        },
        { present: 7 },
        (id) => (id === ids[2] ? { approve: 5, reject: 2 } : { approve: 4, abstain: 3 }),
      );
      expect(seven.results.map((r) => [r.approve, r.required, r.passed])).toEqual([
        [5, 5, true],
        [4, 5, false],
      ]);
      expect((await candidate(ids[0])).stage).toBe('probationary');
      expect((await candidate(ids[1])).stage).toBe('development_object');
      expect(nine.ledgerHead).toMatch(/^[0-9a-f]{64}$/);
    });

    it('is held only by a committee or a department (APPROVER_NOT_COMMITTEE), by committee-level users', async () => {
      const general = await admin.ok<{ id: string }>('/api/organizations', {
        name: '机关第一党总支',
        kind: 'general_branch',
        parentId: tree.committee.id,
      });
      const body = {
        level: 'committee',
        purpose: 'admission',
        orgId: general.id,
        meetingDate: D.committee,
        candidateIds: [ids[1]],
        mode: 'paper',
        bodySize: 7,
      };
      const res = await committee.post('/api/votes', body);
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('APPROVER_NOT_COMMITTEE');
      const atBranch = await committee.post('/api/votes', { ...body, orgId: tree.branch.id });
      expect(atBranch.body.code).toBe('APPROVER_NOT_COMMITTEE');
      const byBranch = await branch.post('/api/votes', { ...body, orgId: tree.branch.id });
      expect(byBranch.status).toBe(403);
      const noBody = await committee.post('/api/votes', {
        ...body,
        orgId: tree.committee.id,
        bodySize: undefined,
      });
      expect(noBody.status).toBe(400);
    });
  });

  describe('gates (§5 row 11): every violation of every candidate, nothing written', () => {
    it('PRE_REVIEW_MISSING, MASS_ASSESSMENT_NOT_PASSED, BRANCH_MEETING_NOT_PASSED, APPROVAL_TALK_MISSING', async () => {
      const raw = await walkToDevelopmentObject(t, tree, { name: '未预审' });
      const [reviewed] = await preReviewed(t, tree, ['已预审']);
      const before = await tableCounts(t.dataSource);

      const mass = await branch.post('/api/votes', {
        level: 'mass_assessment',
        purpose: 'admission',
        orgId: tree.branch.id,
        meetingDate: D.mass,
        candidateIds: [raw, reviewed],
        mode: 'paper',
        expected: 10,
      });
      expect(mass.status).toBe(422);
      expect(mass.body.error).toBe('GateViolation');
      expect(codes(mass.body)).toEqual(['PRE_REVIEW_MISSING']);
      expect(mass.body.violations[0].message).toMatch(/^未预审：/);

      const atBranch = await branch.post('/api/votes', {
        level: 'branch_meeting',
        purpose: 'admission',
        orgId: tree.branch.id,
        meetingDate: D.branch,
        candidateIds: [raw, reviewed],
        mode: 'paper',
      });
      expect(atBranch.status).toBe(422);
      expect(codes(atBranch.body)).toEqual([
        'MASS_ASSESSMENT_NOT_PASSED',
        'MASS_ASSESSMENT_NOT_PASSED',
        'PRE_REVIEW_MISSING',
      ]);
      expect(atBranch.body.violations.filter((v: { candidateId: string }) => v.candidateId === reviewed)).toHaveLength(
        1,
      );

      const atCommittee = await committee.post('/api/votes', {
        level: 'committee',
        purpose: 'admission',
        orgId: tree.committee.id,
        meetingDate: D.committee,
        candidateIds: [reviewed],
        mode: 'paper',
        bodySize: 9,
      });
      expect(atCommittee.status).toBe(422);
      expect(codes(atCommittee.body)).toEqual(['APPROVAL_TALK_MISSING', 'BRANCH_MEETING_NOT_PASSED']);

      const future = await branch.post('/api/votes', {
        level: 'mass_assessment',
        purpose: 'admission',
        orgId: tree.branch.id,
        meetingDate: '2026-11-22',
        candidateIds: [reviewed],
        mode: 'paper',
        expected: 10,
      });
      expect(codes(future.body)).toEqual(['DATE_IN_FUTURE']);

      const conversion = await branch.post('/api/votes', {
        level: 'mass_assessment',
        purpose: 'conversion',
        orgId: tree.branch.id,
        meetingDate: D.mass,
        candidateIds: [reviewed],
        mode: 'paper',
        expected: 10,
      });
      expect(codes(conversion.body)).toEqual(['WRONG_STAGE']);
      expect(await tableCounts(t.dataSource)).toEqual(before);
    });

    it('keeps candidates to the holder’s subtree and the caller’s scope', async () => {
      const [id] = await preReviewed(t, tree, ['范围甲']);
      // outside the caller's scope: 404, as everywhere; in scope but another branch's: 422
      const other = await otherBranch.post('/api/votes', {
        level: 'mass_assessment',
        purpose: 'admission',
        orgId: tree.otherBranch.id,
        meetingDate: D.mass,
        candidateIds: [id],
        mode: 'paper',
        expected: 10,
      });
      expect(other.status).toBe(404);
      const sibling = await committee.post('/api/votes', {
        level: 'mass_assessment',
        purpose: 'admission',
        orgId: tree.otherBranch.id,
        meetingDate: D.mass,
        candidateIds: [id],
        mode: 'paper',
        expected: 10,
      });
      expect(sibling.status).toBe(422);
      expect(sibling.body).toMatchObject({
        error: 'GateViolation',
        code: 'CANDIDATE_NOT_IN_ORG',
        violations: [expect.objectContaining({ code: 'CANDIDATE_NOT_IN_ORG' })],
      });
      const foreignOrg = await otherBranch.post('/api/votes', {
        level: 'mass_assessment',
        purpose: 'admission',
        orgId: tree.branch.id,
        meetingDate: D.mass,
        candidateIds: [id],
        mode: 'paper',
        expected: 10,
      });
      expect(foreignOrg.status).toBe(404);
      const dup = await branch.post('/api/votes', {
        level: 'mass_assessment',
        purpose: 'admission',
        orgId: tree.branch.id,
        meetingDate: D.mass,
        candidateIds: [id, id],
        mode: 'paper',
        expected: 10,
      });
      expect(dup.status).toBe(400);
      const none = await branch.post('/api/votes', {
        level: 'mass_assessment',
        purpose: 'admission',
        orgId: tree.branch.id,
        meetingDate: D.mass,
        candidateIds: [],
        mode: 'paper',
        expected: 10,
      });
      expect(none.status).toBe(400);
    });

    it('re-checks the gate at closing: a complaint filed meanwhile → tallied, not applied', async () => {
      const [a, b] = await preReviewed(t, tree, ['复核甲', '复核乙']);
      const session = await branch.ok<{ id: string }>('/api/votes', {
        level: 'mass_assessment',
        purpose: 'admission',
        orgId: tree.branch.id,
        meetingDate: D.mass,
        candidateIds: [a, b],
        mode: 'paper',
        expected: 10,
      });
      await committee.ok('/api/complaints', {
        candidateId: a,
        channel: 'letter',
        receivedOn: '2025-06-14',
        content: '反映该同志有违规经商问题，请组织核实。',
      });
      await branch.ok(`/api/votes/${session.id}/attendance`, { present: 10 });
      await branch.ok(`/api/votes/${session.id}/counts`, {
        results: [a, b].map((candidateId) => ({ candidateId, approve: 2, reject: 8, abstain: 0, invalid: 0 })),
      });
      const res = await branch.ok<ResultBody>(`/api/votes/${session.id}/close`);
      expect(res.results[0]).toMatchObject({ candidateId: a, passed: false, applied: false });
      expect(res.results[0].violations?.map((v) => v.code)).toEqual(['OPEN_COMPLAINT']);
      expect(res.results[1]).toMatchObject({ candidateId: b, passed: false, applied: true });
      expect((await candidate(a)).stage).toBe('development_object');
      expect((await candidate(b)).stage).toBe('activist');
    });
  });
});
