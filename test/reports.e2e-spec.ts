import { shareOf } from '../src/candidates';
import { Client } from './support/client';
import { startApp, TestApp } from './support/harness';
import { foreignTree, orgTree, OrgTree } from './support/fixtures';
import { admitDirectly, createApplicant, NOON, walkToDevelopmentObject } from './support/pipeline';
import { paperVote } from './support/voting';

const CHANNELS = { phone: '0571-88886666', online: true };
const good = { rating: 'good' };
const VISIT = {
  date: '2026-03-01',
  methods: ['forum'],
  checks: { thought: good, performance: good, massOpinion: good, exemplary: good },
  action: 'none',
};
const ZERO_FLOW = {
  applications: 0,
  activists: 0,
  developmentObjects: 0,
  probationary: 0,
  fullMembers: 0,
  rejected: 0,
  withdrawn: 0,
  cancelled: 0,
  transferred: 0,
};
const ZERO_CURRENT = {
  applicant: 0,
  activist: 0,
  development_object: 0,
  probationary: 0,
  full_member: 0,
  rejected: 0,
  withdrawn: 0,
  cancelled: 0,
  transferred: 0,
};

/**
 * SPEC §11 reports on a dataset built by HTTP (today 2026-11-21). In the committee's scope
 * (第一支部 and 第二支部):
 *
 *   #   name        stage               application  activist    dev. object  probation   closing
 *   1   申请甲      applicant           2025-02-10
 *   2   申请乙      applicant           2026-03-01
 *   3   积极甲      activist            2025-01-05   2025-03-01
 *   4   退回甲      activist            2024-03-01   2024-04-10  (2025-04-10, undone: pre-review failed)
 *   5   发展甲      development_object  2024-03-01   2024-04-10  2025-04-10
 *   6   预备甲      probationary        2024-03-01   2024-04-10  2025-04-10   2025-06-20
 *   7   延长甲      probationary        …                                    2025-05-20  (extended 6 months)
 *   8   转正甲      full_member         …                                    2025-06-20  full member 2026-06-20
 *   9   取消甲      cancelled           …                                    2025-07-01  cancelled 2026-03-01
 *   10  拒绝甲      rejected            2025-01-10                                       2025-05-01
 *   11  撤回甲      withdrawn           2024-09-01                                       2025-02-01
 *   12  移交甲      transferred         2025-03-01                                       2025-08-05
 *       (on a complaint found founded_grave)
 *   13  二支部甲    applicant (第二支部) 2025-05-05
 *   14  预备丙      probationary        …                                    2026-01-01
 *   15  预备丁      probationary        …                                    2025-09-10
 *
 * Outside it (另一党委 → 外单位支部): 外单位申请 (applicant, 2025-04-01) and 外单位预备
 * (probationary from 2025-06-20) — counted for the department and the admin only.
 */
describe('reports: the funnel and the structure of the intake (SPEC §11)', () => {
  let t: TestApp;
  let tree: OrgTree;
  let admin: Client;
  let department: Client;
  let committee: Client;
  let branch: Client;
  let otherBranch: Client;
  let outside: OrgTree;

  const funnel = async (as: Client, query: string) => {
    const res = await as.get(`/api/reports/funnel?${query}`);
    if (res.status !== 200) throw new Error(`funnel?${query} → ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const structure = async (as: Client, query: string) => {
    const res = await as.get(`/api/reports/structure?${query}`);
    if (res.status !== 200) throw new Error(`structure?${query} → ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const run = (as: Client, id: string, command: string, body: object) =>
    as.ok(`/api/candidates/${id}/${command}`, body);

  beforeAll(async () => {
    t = await startApp();
    t.clock.set(NOON);
    tree = await orgTree(t, 5);
    admin = new Client(t, tree.admin);
    department = new Client(t, tree.department.token);
    committee = new Client(t, tree.committee.token);
    branch = new Client(t, tree.branch.token);
    otherBranch = new Client(t, tree.otherBranch.token);
    const person = (name: string, over: object = {}) => ({ name, idNumber: undefined, ...over });

    // 1, 2: applicants
    await createApplicant(t, tree, person('申请甲', { applicationDate: '2025-02-10', gender: 'female' }));
    await createApplicant(t, tree, person('申请乙', { applicationDate: '2026-03-01' }));
    // 3: an activist of 2025
    const activist = await createApplicant(t, tree, person('积极甲', { applicationDate: '2025-01-05' }));
    await run(branch, activist, 'talk', { date: '2025-01-20', by: '支部书记' });
    await run(branch, activist, 'activist', {
      date: '2025-03-01',
      recommendation: 'members',
      committeeFiledOn: '2025-03-05',
    });
    // 4: a development object sent back to activist by a failed pre-review: its designation no longer counts
    const sentBack = await walkToDevelopmentObject(t, tree, person('退回甲'));
    const notice = await branch.ok<{ id: string }>('/api/publicity', {
      orgId: tree.branch.id,
      kind: 'admission',
      candidateIds: [sentBack],
      startDate: '2025-06-01',
      channels: CHANNELS,
    });
    await branch.ok(`/api/publicity/${notice.id}/close`);
    const back = await run(committee, sentBack, 'pre-review', { date: '2025-06-10', result: 'failed' });
    expect(back).toMatchObject({ stage: 'activist' });
    // 5: a development object
    await walkToDevelopmentObject(t, tree, person('发展甲'));
    // 6–9, 14, 15: admitted (probation dated by the branch meeting)
    await admitDirectly(
      t,
      tree,
      '2025-06-20',
      person('预备甲', { gender: 'female', birthDate: '1995-05-01', ethnicity: '回族', frontline: true }),
    );
    const extended = await admitDirectly(
      t,
      tree,
      '2025-05-20',
      person('延长甲', { birthDate: '1990-05-20', ethnicity: '汉族', highKnowledge: true }),
    );
    const converted = await admitDirectly(
      t,
      tree,
      '2025-06-20',
      person('转正甲', { birthDate: '1990-06-21', frontline: true, highKnowledge: true }),
    );
    const cancelled = await admitDirectly(
      t,
      tree,
      '2025-07-01',
      person('取消甲', { gender: 'female', birthDate: '1980-01-01', ethnicity: '汉族' }),
    );
    await admitDirectly(
      t,
      tree,
      '2026-01-01',
      person('预备丙', { gender: 'female', birthDate: '1992-02-29', ethnicity: '汉族' }),
    );
    await admitDirectly(t, tree, '2025-09-10', person('预备丁', { birthDate: '1985-03-02', ethnicity: ' 汉族 ' }));
    // 7: probation extended by 6 months (2026-05-20 → 2026-11-20); still probationary
    expect(await run(branch, extended, 'extension', { date: '2026-05-01', months: 6 })).toMatchObject({
      record: { probationEnd: '2026-11-20' },
    });
    // 8: converted by HTTP: visit, application, conversion publicity, the three conversion votes
    await branch.ok(`/api/candidates/${converted}/visits`, {
      ...VISIT,
      visitors: [{ memberId: tree.members[0].id, role: 'secretary' }],
    });
    await run(branch, converted, 'conversion-application', { date: '2026-06-21' });
    const conversionNotice = await branch.ok<{ id: string }>('/api/publicity', {
      orgId: tree.branch.id,
      kind: 'conversion',
      candidateIds: [converted],
      startDate: '2026-06-22',
      channels: CHANNELS,
    });
    await branch.ok(`/api/publicity/${conversionNotice.id}/close`);
    const conversion = { purpose: 'conversion' as const, candidateIds: [converted] };
    await paperVote(
      t,
      tree.branch.token,
      { ...conversion, level: 'mass_assessment', orgId: tree.branch.id, meetingDate: '2026-07-01', expected: 10 },
      { present: 8 },
      { approve: 8 },
    );
    await paperVote(
      t,
      tree.branch.token,
      { ...conversion, level: 'branch_meeting', orgId: tree.branch.id, meetingDate: '2026-07-05' },
      { memberIds: tree.members.map((m) => m.id) },
      { approve: 5 },
    );
    const done = await paperVote(
      t,
      tree.committee.token,
      { ...conversion, level: 'committee', orgId: tree.committee.id, meetingDate: '2026-07-20', bodySize: 9 },
      { present: 9 },
      { approve: 9 },
    );
    expect(done.results[0]).toMatchObject({ passed: true, applied: true });
    // 9: probation cancelled in 2026
    await run(committee, cancelled, 'cancel', { date: '2026-03-01', reason: '不履行党员义务' });
    // 10–12: closed before admission
    await run(branch, await createApplicant(t, tree, person('拒绝甲', { applicationDate: '2025-01-10' })), 'reject', {
      date: '2025-05-01',
      reason: '不具备发展条件',
    });
    await run(branch, await createApplicant(t, tree, person('撤回甲', { applicationDate: '2024-09-01' })), 'withdraw', {
      date: '2025-02-01',
    });
    const transferred = await createApplicant(t, tree, person('移交甲', { applicationDate: '2025-03-01' }));
    const complaint = await committee.ok<{ id: string }>('/api/complaints', {
      candidateId: transferred,
      channel: 'letter',
      receivedOn: '2025-08-01',
      content: '反映该同志涉嫌违法问题',
    });
    await committee.ok(`/api/complaints/${complaint.id}/verification`, {
      verifiedOn: '2025-08-05',
      finding: 'founded_grave',
      summary: '经核实，问题属实，移交有关部门',
    });
    // 13: the other branch of the committee
    await otherBranch.ok('/api/candidates', {
      orgId: tree.otherBranch.id,
      name: '二支部甲',
      gender: 'male',
      birthDate: '1999-01-01',
      applicationDate: '2025-05-05',
    });

    // outside the committee's scope
    outside = await foreignTree(t, tree);
    await createApplicant(t, outside, person('外单位申请', { applicationDate: '2025-04-01' }));
    await admitDirectly(
      t,
      outside,
      '2025-06-20',
      person('外单位预备', { gender: 'female', birthDate: '2000-01-01', ethnicity: '蒙古族', frontline: true }),
    );
  }, 120_000);
  afterAll(() => t.close());

  describe('funnel', () => {
    it('counts the committee’s subtree now and by year, as each record stands now', async () => {
      const current = {
        applicant: 3,
        activist: 2,
        development_object: 1,
        probationary: 4,
        full_member: 1,
        rejected: 1,
        withdrawn: 1,
        cancelled: 1,
        transferred: 1,
      };
      expect(await funnel(committee, 'year=2025')).toEqual({
        orgId: tree.committee.id,
        year: 2025,
        current,
        // developmentObjects: 发展甲, 预备甲, 延长甲, 转正甲, 取消甲, 预备丙, 预备丁 — not 退回甲 (undone)
        flow: {
          applications: 5,
          activists: 1,
          developmentObjects: 7,
          probationary: 5,
          fullMembers: 0,
          rejected: 1,
          withdrawn: 1,
          cancelled: 0,
          transferred: 1,
        },
      });
      expect(await funnel(committee, 'year=2026')).toEqual({
        orgId: tree.committee.id,
        year: 2026,
        current,
        // 转正甲 is a full member dated its probation end (2026-06-20), 取消甲 cancelled 2026-03-01
        flow: { ...ZERO_FLOW, applications: 1, probationary: 1, fullMembers: 1, cancelled: 1 },
      });
      expect((await funnel(committee, 'year=2024')).flow).toEqual({
        ...ZERO_FLOW,
        applications: 9,
        activists: 8,
      });
      expect(await funnel(committee, 'year=2019')).toEqual({
        orgId: tree.committee.id,
        year: 2019,
        current,
        flow: ZERO_FLOW,
      });
      // the same through orgId, for the department and the admin
      expect(await funnel(department, `orgId=${tree.committee.id}&year=2025`)).toEqual(
        await funnel(committee, 'year=2025'),
      );
      expect(await funnel(admin, `orgId=${tree.committee.id}&year=2025`)).toEqual(await funnel(committee, 'year=2025'));
    });

    it('counts a branch’s own candidates for the branch, and everything for the department and the admin', async () => {
      const ofBranch = await funnel(branch, 'year=2025');
      expect(ofBranch).toMatchObject({
        orgId: tree.branch.id,
        year: 2025,
        current: { applicant: 2, activist: 2, probationary: 4 },
        flow: { applications: 4, developmentObjects: 7 },
      });
      expect(await funnel(otherBranch, 'year=2025')).toEqual({
        orgId: tree.otherBranch.id,
        year: 2025,
        current: { ...ZERO_CURRENT, applicant: 1 },
        flow: { ...ZERO_FLOW, applications: 1 },
      });
      expect(await funnel(committee, `orgId=${tree.otherBranch.id}&year=2025`)).toEqual(
        await funnel(otherBranch, 'year=2025'),
      );

      const everything = {
        year: 2025,
        current: {
          applicant: 4,
          activist: 2,
          development_object: 1,
          probationary: 5,
          full_member: 1,
          rejected: 1,
          withdrawn: 1,
          cancelled: 1,
          transferred: 1,
        },
        flow: {
          applications: 6,
          activists: 1,
          developmentObjects: 8,
          probationary: 6,
          fullMembers: 0,
          rejected: 1,
          withdrawn: 1,
          cancelled: 0,
          transferred: 1,
        },
      };
      expect(await funnel(department, 'year=2025')).toEqual({ orgId: tree.department.id, ...everything });
      expect(await funnel(admin, 'year=2025')).toEqual({ orgId: null, ...everything });
      expect(await funnel(new Client(t, outside.committee.token), 'year=2025')).toEqual({
        orgId: outside.committee.id,
        year: 2025,
        current: { ...ZERO_CURRENT, applicant: 1, probationary: 1 },
        flow: { ...ZERO_FLOW, applications: 1, developmentObjects: 1, probationary: 1 },
      });
      // empty parameters are no filter
      expect(await funnel(committee, 'orgId=&year=2025')).toEqual(await funnel(committee, 'year=2025'));
    });
  });

  describe('structure', () => {
    it('describes the year’s new probationary members in scope, whatever became of them', async () => {
      // 预备甲 (30, woman, 回族, frontline), 延长甲 (35 on the day: not under 35; high-knowledge),
      // 转正甲 (34, frontline, high-knowledge), 取消甲 (45, woman), 预备丁 (40; " 汉族 " is Han)
      expect(await structure(committee, 'year=2025')).toEqual({
        orgId: tree.committee.id,
        year: 2025,
        total: 5,
        under35: { count: 2, share: 0.4 },
        women: { count: 2, share: 0.4 },
        minorities: { count: 1, share: 0.2 },
        frontline: { count: 2, share: 0.4 },
        highKnowledge: { count: 2, share: 0.4 },
      });
      expect(await structure(branch, 'year=2025')).toEqual({
        ...(await structure(committee, 'year=2025')),
        orgId: tree.branch.id,
      });
      // + 外单位预备 (25, woman, 蒙古族, frontline): shares rounded to 4 decimals
      const all = {
        year: 2025,
        total: 6,
        under35: { count: 3, share: 0.5 },
        women: { count: 3, share: 0.5 },
        minorities: { count: 2, share: 0.3333 },
        frontline: { count: 3, share: 0.5 },
        highKnowledge: { count: 2, share: 0.3333 },
      };
      expect(await structure(department, 'year=2025')).toEqual({ orgId: tree.department.id, ...all });
      expect(await structure(admin, 'year=2025')).toEqual({ orgId: null, ...all });
      // 预备丙, born 1992-02-29, is 33 on 2026-01-01
      expect(await structure(committee, 'year=2026')).toEqual({
        orgId: tree.committee.id,
        year: 2026,
        total: 1,
        under35: { count: 1, share: 1 },
        women: { count: 1, share: 1 },
        minorities: { count: 0, share: 0 },
        frontline: { count: 0, share: 0 },
        highKnowledge: { count: 0, share: 0 },
      });
      const none = { count: 0, share: 0 };
      expect(await structure(otherBranch, 'year=2025')).toEqual({
        orgId: tree.otherBranch.id,
        year: 2025,
        total: 0,
        under35: none,
        women: none,
        minorities: none,
        frontline: none,
        highKnowledge: none,
      });
    });

    it('rounds shares to 4 decimals, 0 when there is nobody', () => {
      expect(shareOf(1, 3)).toEqual({ count: 1, share: 0.3333 });
      expect(shareOf(2, 3)).toEqual({ count: 2, share: 0.6667 });
      expect(shareOf(1, 7)).toEqual({ count: 1, share: 0.1429 });
      expect(shareOf(0, 0)).toEqual({ count: 0, share: 0 });
      expect(shareOf(5, 5)).toEqual({ count: 5, share: 1 });
    });
  });

  describe('access and validation', () => {
    it.each(['funnel', 'structure'])(
      '%s: 404 outside the caller’s scope, 403 for a reviewer, 401 without a token',
      async (report) => {
        const url = `/api/reports/${report}`;
        expect((await committee.get(`${url}?year=2025&orgId=${outside.branch.id}`)).status).toBe(404);
        expect((await committee.get(`${url}?year=2025&orgId=${outside.committee.id}`)).status).toBe(404);
        expect((await committee.get(`${url}?year=2025&orgId=${tree.department.id}`)).status).toBe(404);
        expect((await branch.get(`${url}?year=2025&orgId=${tree.otherBranch.id}`)).status).toBe(404);
        expect((await branch.get(`${url}?year=2025&orgId=${tree.committee.id}`)).status).toBe(404);
        expect((await admin.get(`${url}?year=2025&orgId=00000000-0000-4000-8000-000000000000`)).status).toBe(404);
        expect((await new Client(t, t.token('reviewer', tree.branch.id)).get(`${url}?year=2025`)).status).toBe(403);
        expect((await t.http.get(`${url}?year=2025`)).status).toBe(401);
      },
    );

    it.each(['funnel', 'structure'])(
      '%s: 400 for a missing or bad year and a bad orgId, listing the field',
      async (report) => {
        for (const query of [
          '',
          'year=',
          'year=abc',
          'year=2025.5',
          'year=1e9',
          'year=-2025',
          `orgId=${tree.committee.id}`,
          'year=2025&orgId=committee',
          'year=2025&extra=1',
        ]) {
          const res = await committee.get(`/api/reports/${report}?${query}`);
          expect([query, res.status]).toEqual([query, 400]);
          expect(res.body.code).toBe('VALIDATION_FAILED');
          const field = query.includes('orgId=committee') ? 'orgId' : query.includes('extra') ? 'extra' : 'year';
          expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
        }
      },
    );
  });
});
