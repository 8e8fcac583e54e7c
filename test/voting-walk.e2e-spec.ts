import { Client } from './support/client';
import { startApp, TestApp } from './support/harness';
import { orgTree, OrgTree } from './support/fixtures';
import { NOON } from './support/pipeline';
import { D, ok, paperVote, preReviewed, ResultBody, throughBranchMeeting } from './support/voting';

const good = { rating: 'good' };
const VISIT = {
  date: D.visit,
  methods: ['forum'],
  checks: { thought: good, performance: good, massOpinion: good, exemplary: good },
  action: 'none',
};

describe('voting: the admission walk and conversion decisions (SPEC §7.4, §5 rows 11 and 16)', () => {
  let t: TestApp;
  let tree: OrgTree;
  let admin: Client;
  let committee: Client;
  let branch: Client;
  let m: string[];
  const candidate = async (id: string) => (await admin.get(`/api/candidates/${id}`)).body;
  const roster = async () =>
    (await admin.get(`/api/organizations/${tree.branch.id}/members?limit=100`)).body.items as {
      candidateId: string | null;
      status: string;
      joinedOn: string;
      name: string;
      hasVote: boolean;
    }[];

  /** Takes pre-reviewed candidates through all three admission levels by HTTP. */
  async function admit(ids: string[], committeeDate = D.committee): Promise<ResultBody> {
    await throughBranchMeeting(t, tree, ids);
    return paperVote(
      t,
      tree.committee.token,
      { level: 'committee', orgId: tree.committee.id, meetingDate: committeeDate, candidateIds: ids, bodySize: 9 },
      { present: 9 },
      { approve: 9 },
    );
  }

  beforeAll(async () => {
    t = await startApp();
    t.clock.set(NOON);
    tree = await orgTree(t, 10);
    admin = new Client(t, tree.admin);
    committee = new Client(t, tree.committee.token);
    branch = new Client(t, tree.branch.token);
    m = tree.members.map((x) => x.id);
  });
  afterAll(() => t.close());

  it(
    'walks one candidate from pre-review through the three admission votes (written opinion, ' +
      'excused member), oath, a visit, conversion publicity and votes to full member',
    async () => {
      const [id] = await preReviewed(t, tree, ['王芳']);
      const mass = await branch.ok<{ id: string }>('/api/votes', {
        level: 'mass_assessment',
        purpose: 'admission',
        orgId: tree.branch.id,
        meetingDate: D.mass,
        candidateIds: [id],
        mode: 'electronic',
        expected: 12,
      });
      await branch.ok(`/api/votes/${mass.id}/attendance`, { present: 10 });
      const { codes, tallyKey } = await branch.ok<{ codes: string[]; tallyKey: string }>(
        `/api/votes/${mass.id}/ballot-papers`,
        { count: 10 },
      );
      for (const [i, code] of codes.entries())
        await ok(t.http.post('/api/ballots').send({ code, choices: { [id]: i < 6 ? 'approve' : 'reject' } }));
      expect((await branch.ok<ResultBody>(`/api/votes/${mass.id}/close`, { tallyKey })).results[0]).toMatchObject({
        approve: 6,
        required: 6,
        passed: true,
      });

      const meeting = await branch.ok<{ id: string; expected: number }>('/api/votes', {
        level: 'branch_meeting',
        purpose: 'admission',
        orgId: tree.branch.id,
        meetingDate: D.branch,
        candidateIds: [id],
        mode: 'paper',
        excused: [{ memberId: m[9], reason: 'abroad_over_6_months' }],
      });
      expect(meeting.expected).toBe(9);
      await branch.ok(`/api/votes/${meeting.id}/attendance`, { memberIds: m.slice(0, 5) });
      await branch.ok(`/api/votes/${meeting.id}/written-opinions`, { memberId: m[5], choices: { [id]: 'approve' } });
      await branch.ok(`/api/votes/${meeting.id}/counts`, {
        results: [{ candidateId: id, approve: 4, reject: 1, abstain: 0, invalid: 0 }],
      });
      const atBranch = await branch.ok<ResultBody>(`/api/votes/${meeting.id}/close`);
      expect(atBranch.results[0]).toMatchObject({ approve: 5, required: 5, passed: true, applied: true });
      expect((await candidate(id)).deadlines).toEqual(
        expect.arrayContaining([expect.objectContaining({ kind: 'approval', dueOn: '2025-09-20' })]),
      );

      const early = await committee.post('/api/votes', {
        level: 'committee',
        purpose: 'admission',
        orgId: tree.committee.id,
        meetingDate: D.committee,
        candidateIds: [id],
        mode: 'paper',
        bodySize: 9,
      });
      expect(early.status).toBe(422);
      expect(early.body.violations.map((v: { code: string }) => v.code)).toEqual(['APPROVAL_TALK_MISSING']);
      await committee.ok(`/api/candidates/${id}/approval-talk`, {
        date: D.approvalTalk,
        by: '党委组织委员',
      });
      const atCommittee = await paperVote(
        t,
        tree.committee.token,
        { level: 'committee', orgId: tree.committee.id, meetingDate: D.committee, candidateIds: [id], bodySize: 9 },
        { present: 8 },
        { approve: 6, reject: 2 },
      );
      expect(atCommittee.results[0]).toMatchObject({ approve: 6, required: 6, passed: true, applied: true });

      const c = await candidate(id);
      expect(c.stage).toBe('probationary');
      expect(c.record).toMatchObject({ probationStart: D.branch, probationEnd: D.probationEnd });
      expect(c.record.votes.admission).toEqual({
        mass_assessment: { date: D.mass, passed: true },
        branch_meeting: { date: D.branch, passed: true },
        committee: { date: D.committee, passed: true },
      });
      expect(
        c.timeline
          .map((e: { type: string }) => e.type)
          .filter((type: string) => ['mass_assessment', 'branch_meeting', 'committee'].includes(type)),
      ).toEqual(['mass_assessment', 'branch_meeting', 'committee']);
      expect(c.deadlines.map((d: { kind: string }) => d.kind)).not.toContain('approval');
      expect(c.deadlines).toEqual(
        expect.arrayContaining([expect.objectContaining({ kind: 'probation_end', dueOn: D.probationEnd })]),
      );
      const record = (await roster()).find((r) => r.candidateId === id);
      expect(record).toMatchObject({ name: '王芳', status: 'probationary', joinedOn: D.branch, hasVote: false });

      // probation: oath, then conversion — refused until a qualifying visit is on record
      await branch.ok(`/api/candidates/${id}/oath`, { date: '2025-07-15' });
      await branch.ok(`/api/candidates/${id}/conversion-application`, { date: D.conversionApplication });
      const conversionNotice = {
        orgId: tree.branch.id,
        kind: 'conversion',
        candidateIds: [id],
        startDate: '2026-06-22',
        channels: { phone: '0571-88886666', online: true },
      };
      const noVisit = await branch.post('/api/publicity', conversionNotice);
      expect(noVisit.status).toBe(422);
      expect(noVisit.body.violations.map((v: { code: string }) => v.code)).toEqual(['VISIT_RECORD_MISSING']);
      await branch.ok(`/api/candidates/${id}/visits`, { ...VISIT, visitors: [{ memberId: m[0], role: 'introducer' }] });
      const notice = await branch.ok<{ id: string; end: string }>('/api/publicity', conversionNotice);
      expect(notice.end).toBe('2026-06-28');
      await branch.ok(`/api/publicity/${notice.id}/close`);
      const conversion = { purpose: 'conversion', orgId: tree.branch.id, candidateIds: [id], mode: 'paper' };
      const convMass = await paperVote(
        t,
        tree.branch.token,
        { ...conversion, level: 'mass_assessment', meetingDate: D.conversionMass, expected: 12 } as never,
        { present: 8 },
        { approve: 4, reject: 4 },
      );
      // ½ of those present, inclusive
      expect(convMass.results[0]).toMatchObject({ approve: 4, required: 4, passed: true });
      const convBranch = await paperVote(
        t,
        tree.branch.token,
        { ...conversion, level: 'branch_meeting', meetingDate: D.conversionBranch } as never,
        { memberIds: m },
        { approve: 10 },
      );
      expect(convBranch.results[0]).toMatchObject({ passed: true, applied: true });
      expect((await candidate(id)).record.conversionDecision).toEqual({
        decision: 'report_for_approval',
        decidedOn: D.conversionBranch,
      });
      expect((await candidate(id)).conversionDecision).toBe('report_for_approval');
      const convCommittee = await paperVote(
        t,
        tree.committee.token,
        {
          ...conversion,
          orgId: tree.committee.id,
          level: 'committee',
          meetingDate: D.conversionCommittee,
          bodySize: 9,
        } as never,
        { present: 9 },
        { approve: 9 },
      );
      expect(convCommittee.results[0]).toMatchObject({ passed: true, applied: true });
      const full = await candidate(id);
      expect(full.stage).toBe('full_member');
      expect(full.record.fullMemberOn).toBe(D.probationEnd);
      expect((await roster()).find((r) => r.candidateId === id)).toMatchObject({ status: 'formal', hasVote: true });
    },
  );

  it(
    'approves later than three months with A11 in the ledger, ' + 'and refuses later than six (APPROVAL_TOO_LATE)',
    async () => {
      const [late, tooLate] = await preReviewed(t, tree, ['迟审甲', '迟审乙']);
      await throughBranchMeeting(t, tree, [late, tooLate]);
      const refused = await committee.post('/api/votes', {
        level: 'committee',
        purpose: 'admission',
        orgId: tree.committee.id,
        meetingDate: '2025-12-21',
        candidateIds: [tooLate],
        mode: 'paper',
        bodySize: 9,
      });
      expect(refused.status).toBe(422);
      expect(refused.body.violations.map((v: { code: string }) => v.code)).toEqual(['APPROVAL_TOO_LATE']);
      const res = await paperVote(
        t,
        tree.committee.token,
        { level: 'committee', orgId: tree.committee.id, meetingDate: '2025-12-20', candidateIds: [late], bodySize: 9 },
        { present: 9 },
        { approve: 9 },
      );
      expect(res.results[0]).toMatchObject({ passed: true, applied: true });
      expect((await candidate(late)).stage).toBe('probationary');
      const records = (await admin.get('/api/accountability/records?situation=A11')).body.items;
      expect(records).toEqual([expect.objectContaining({ situation: 'A11', candidateId: late, source: 'system' })]);
      const verify = (await admin.get('/api/accountability/ledger/verify')).body;
      expect(verify.ok).toBe(true);
      expect(res.ledgerHead).toBe(verify.head);
    },
  );

  describe('conversion', () => {
    let both: string, oneFailed: string, bothFailed: string, extended: string;
    beforeAll(async () => {
      [both, oneFailed, bothFailed, extended] = await preReviewed(t, tree, ['转正甲', '转正乙', '转正丙', '转正丁']);
      await admit([both, oneFailed, bothFailed, extended]);
      for (const id of [both, oneFailed, bothFailed, extended]) {
        await branch.ok(`/api/candidates/${id}/visits`, {
          ...VISIT,
          visitors: [{ memberId: m[0], role: 'secretary' }],
        });
      }
    });

    it('refuses conversion votes without the application (CONVERSION_APPLICATION_MISSING)', async () => {
      const res = await branch.post('/api/votes', {
        level: 'mass_assessment',
        purpose: 'conversion',
        orgId: tree.branch.id,
        meetingDate: D.conversionMass,
        candidateIds: [both],
        mode: 'paper',
        expected: 10,
      });
      expect(res.status).toBe(422);
      expect(res.body.violations.map((v: { code: string }) => v.code)).toEqual(['CONVERSION_APPLICATION_MISSING']);
    });

    it('decides for each branch: report for approval, extend, branch committee decides — then converts', async () => {
      const ids = [both, oneFailed, bothFailed];
      for (const id of ids)
        await branch.ok(`/api/candidates/${id}/conversion-application`, { date: D.conversionApplication });
      // mass assessment for conversion: approve ≥ ½ of those present (6 present → 3)
      const mass = await paperVote(
        t,
        tree.branch.token,
        {
          level: 'mass_assessment',
          purpose: 'conversion',
          orgId: tree.branch.id,
          meetingDate: D.conversionMass,
          candidateIds: ids,
          expected: 10,
        },
        { present: 6 },
        (id) => (id === both ? { approve: 3, reject: 3 } : { approve: 2, reject: 4 }),
      );
      expect(mass.results.map((r) => [r.required, r.passed])).toEqual([
        [3, true],
        [3, false],
        [3, false],
      ]);
      const atBranch = await paperVote(
        t,
        tree.branch.token,
        {
          level: 'branch_meeting',
          purpose: 'conversion',
          orgId: tree.branch.id,
          meetingDate: D.conversionBranch,
          candidateIds: ids,
        },
        { memberIds: m },
        (id) => (id === bothFailed ? { approve: 5, reject: 5 } : { approve: 6, reject: 4 }),
      );
      expect(atBranch.results.map((r) => r.passed)).toEqual([true, true, false]);
      expect((await candidate(both)).record.conversionDecision).toEqual({
        decision: 'report_for_approval',
        decidedOn: D.conversionBranch,
      });
      expect((await candidate(oneFailed)).record.conversionDecision).toEqual({
        decision: 'extend',
        decidedOn: D.conversionBranch,
      });
      expect((await candidate(bothFailed)).record.conversionDecision).toEqual({
        decision: 'branch_committee_decides',
        decidedOn: D.conversionBranch,
      });

      const notReported = await committee.post('/api/votes', {
        level: 'committee',
        purpose: 'conversion',
        orgId: tree.committee.id,
        meetingDate: D.conversionCommittee,
        candidateIds: [oneFailed],
        mode: 'paper',
        bodySize: 9,
      });
      expect(notReported.status).toBe(422);
      expect(notReported.body.violations.map((v: { code: string }) => v.code)).toEqual(['MASS_ASSESSMENT_NOT_PASSED']);

      const atCommittee = await paperVote(
        t,
        tree.committee.token,
        {
          level: 'committee',
          purpose: 'conversion',
          orgId: tree.committee.id,
          meetingDate: D.conversionCommittee,
          candidateIds: [both],
          bodySize: 9,
        },
        { present: 9 },
        { approve: 6, reject: 3 },
      );
      expect(atCommittee.results[0]).toMatchObject({ passed: true, applied: true });
      const converted = await candidate(both);
      expect(converted.stage).toBe('full_member');
      expect(converted.record.fullMemberOn).toBe(D.probationEnd);
      expect(converted.deadlines).toEqual([]);
      expect((await roster()).find((r) => r.candidateId === both)).toMatchObject({ status: 'formal', hasVote: true });
    });

    it('decides cancel when a conversion vote fails after the one extension, and the committee cancels', async () => {
      await branch.ok(`/api/candidates/${extended}/extension`, {
        date: '2026-07-10',
        months: 6,
        reason: '转正表决前延长考察',
      });
      expect((await candidate(extended)).record).toMatchObject({ extensionsUsed: 1, probationEnd: '2026-12-20' });
      t.clock.set('2027-01-20T04:00:00Z');
      try {
        await branch.ok(`/api/candidates/${extended}/conversion-application`, { date: '2026-12-21' });
        await paperVote(
          t,
          tree.branch.token,
          {
            level: 'mass_assessment',
            purpose: 'conversion',
            orgId: tree.branch.id,
            meetingDate: '2027-01-05',
            candidateIds: [extended],
            expected: 10,
          },
          { present: 8 },
          { approve: 3, reject: 5 },
        );
        await paperVote(
          t,
          tree.branch.token,
          {
            level: 'branch_meeting',
            purpose: 'conversion',
            orgId: tree.branch.id,
            meetingDate: '2027-01-08',
            candidateIds: [extended],
          },
          { memberIds: m },
          { approve: 8, reject: 2 },
        );
        expect((await candidate(extended)).record.conversionDecision).toEqual({
          decision: 'cancel',
          decidedOn: '2027-01-08',
        });
        await committee.ok(`/api/candidates/${extended}/cancel`, {
          date: '2027-01-15',
          reason: '延长预备期后转正表决仍未通过',
        });
        const c = await candidate(extended);
        expect(c.stage).toBe('cancelled');
        expect(c.record.conversionDecision).toBeUndefined();
      } finally {
        t.clock.set(NOON);
      }
    });
  });
});
