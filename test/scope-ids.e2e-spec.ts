import { randomUUID } from 'node:crypto';
import type { Role } from '../src/auth/roles';
import { Client } from './support/client';
import { startApp, tableCounts, TestApp } from './support/harness';
import { orgTree, OrgTree } from './support/fixtures';
import { createApplicant, NOON, TODAY, walkToDevelopmentObject } from './support/pipeline';
import { D, seedDevelopmentObjects } from './support/voting';

/**
 * SPEC §12, issue 8 item 5: every id a request body names is checked to exist and to lie in
 * the caller's scope. Two department subtrees; each role of the first (branch, committee,
 * department) names, in every body field that holds an id, an id from the other department's
 * subtree and an id that exists nowhere. The answer is 403 where the role may not act at all,
 * otherwise 404 (never a hint that the resource exists) — or, for fields bound to a list the
 * request already fixes (a branch roster, a session's candidates, a notice's candidates), the
 * one 422 that any id off that list gets, identical for a foreign and a made-up id. Never 2xx,
 * never 500, and nothing is written.
 */

type ForeignKind = 'branch' | 'committee' | 'department' | 'member' | 'candidate' | 'plan';
type Actor = Extract<Role, 'branch' | 'committee' | 'department'>;

interface FieldCase {
  /** `METHOD path field` */
  name: string;
  /** What kind of resource the field names: the foreign id is one of that kind from the other department. */
  kind: ForeignKind;
  /** Roles of the first subtree allowed to make the request at all (others: 403). */
  roles: Actor[];
  request: (id: string) => { url: string; body: object };
  /** For list-bound fields: the uniform refusal of an id off the list (otherwise 404). */
  refusal?: string;
}

const ALL: Actor[] = ['branch', 'committee', 'department'];
const COMMITTEE_UP: Actor[] = ['committee', 'department'];
const DEPARTMENT: Actor[] = ['department'];
const GOOD = { rating: 'good' };
const CHECKS = { thought: GOOD, performance: GOOD, massOpinion: GOOD, exemplary: GOOD };
const NOWHERE = 'an id that exists nowhere';
const OTHER = 'an id from the other department';

describe('scope checks on every id a body names (SPEC §12)', () => {
  let t: TestApp;
  let tree: OrgTree; // department A → committee A → branch A (10 members) + other branch A
  const foreign = {} as Record<ForeignKind, string>; // department B's subtree
  let applicant: string; // applicant on branch A
  let siblingApplicant: string; // applicant on the other branch A: in the committee's scope, outside branch A
  let ready: string; // development object on branch A, past the approval talk (seeded)
  let planA: string;
  let paperMass: string; // open paper mass assessment on branch A, candidate `ready`
  let electronicBranch: string; // open electronic branch meeting on branch A, candidate `ready`
  let ballotCode: string; // a one-time code of an open electronic mass assessment on branch A
  let noticeOpen: { id: string; candidateId: string }; // publicity of branch A open today

  const as = (role: Actor) => new Client(t, tree[role].token);

  beforeAll(async () => {
    t = await startApp();
    t.clock.set(NOON);
    tree = await orgTree(t, 10);
    const admin = new Client(t, tree.admin);

    // Department B: its own committee, branch, roster member, candidate and plan.
    const org = (body: object) => admin.ok<{ id: string }>('/api/organizations', body);
    const deptB = await org({ name: '市直机关工委组织部', kind: 'department' });
    const committeeB = await org({ name: '市直党委', kind: 'committee', parentId: deptB.id });
    const branchB = await org({ name: '外部门支部', kind: 'branch', parentId: committeeB.id });
    const memberB = await admin.ok<{ id: string }>(`/api/organizations/${branchB.id}/members`, {
      name: '外部门党员',
      status: 'formal',
      joinedOn: '2005-07-01',
    });
    const candidateB = await new Client(t, t.token('branch', branchB.id)).ok<{ id: string }>('/api/candidates', {
      orgId: branchB.id,
      name: '外部门申请人',
      gender: 'female',
      birthDate: '1998-01-01',
      applicationDate: '2026-11-01',
    });
    const departmentB = new Client(t, t.token('department', deptB.id));
    const planB = await departmentB.ok<{ id: string }>('/api/plans', { orgId: deptB.id, year: 2026 });
    Object.assign(foreign, {
      branch: branchB.id,
      committee: committeeB.id,
      department: deptB.id,
      member: memberB.id,
      candidate: candidateB.id,
      plan: planB.id,
    });

    // Department A's own resources the requests act on.
    applicant = await createApplicant(t, tree, { name: '本支部申请人', idNumber: undefined });
    siblingApplicant = (
      await new Client(t, tree.otherBranch.token).ok<{ id: string }>('/api/candidates', {
        orgId: tree.otherBranch.id,
        name: '兄弟支部申请人',
        gender: 'male',
        birthDate: '1997-01-01',
        applicationDate: '2026-11-01',
      })
    ).id;
    planA = (
      await new Client(t, tree.department.token).ok<{ id: string }>('/api/plans', {
        orgId: tree.department.id,
        year: 2026,
      })
    ).id;
    let other: string;
    [ready, other] = await seedDevelopmentObjects(t, tree, 2, 'approval_talk');
    const branch = new Client(t, tree.branch.token);
    const vote = (over: object) =>
      branch.ok<{ id: string }>('/api/votes', {
        purpose: 'admission',
        orgId: tree.branch.id,
        candidateIds: [ready],
        ...over,
      });
    paperMass = (await vote({ level: 'mass_assessment', meetingDate: D.mass, mode: 'paper', expected: 10 })).id;
    electronicBranch = (await vote({ level: 'branch_meeting', meetingDate: D.branch, mode: 'electronic' })).id;
    // one open session per candidate, level and purpose (SPEC §7.1): the electronic one is another candidate's
    const electronicMass = (
      await vote({
        level: 'mass_assessment',
        meetingDate: D.mass,
        mode: 'electronic',
        expected: 10,
        candidateIds: [other],
      })
    ).id;
    [ballotCode] = (
      await branch.ok<{ codes: string[] }>(`/api/votes/${electronicMass}/ballot-papers`, { count: 1 })
    ).codes;
    const onNotice = await walkToDevelopmentObject(t, tree, { name: '公示对象', idNumber: undefined });
    const notice = await branch.ok<{ id: string }>('/api/publicity', {
      orgId: tree.branch.id,
      kind: 'admission',
      candidateIds: [onNotice],
      startDate: TODAY,
      channels: { phone: '0571-88886666', online: true },
    });
    noticeOpen = { id: notice.id, candidateId: onNotice };
  });
  afterAll(() => t?.close());

  const record = (over: object = {}) => ({
    situation: 'A07',
    subject: { orgId: tree.branch.id },
    occurredOn: '2025-03-01',
    facts: '公示期不足七天。',
    ...over,
  });
  const count = (candidateId: string) => ({ candidateId, approve: 0, reject: 0, abstain: 0, invalid: 0 });

  const CASES: FieldCase[] = [
    {
      name: 'POST /api/accountability/records subject.orgId',
      kind: 'branch',
      roles: COMMITTEE_UP,
      request: (id) => ({ url: '/api/accountability/records', body: record({ subject: { orgId: id } }) }),
    },
    {
      name: 'POST /api/accountability/records subject.memberId',
      kind: 'member',
      roles: COMMITTEE_UP,
      request: (id) => ({
        url: '/api/accountability/records',
        body: record({ subject: { orgId: tree.branch.id, memberId: id } }),
      }),
    },
    {
      name: 'POST /api/accountability/records candidateId',
      kind: 'candidate',
      roles: COMMITTEE_UP,
      request: (id) => ({ url: '/api/accountability/records', body: record({ candidateId: id }) }),
    },
    {
      name: 'POST /api/candidates orgId',
      kind: 'branch',
      roles: ALL,
      request: (id) => ({
        url: '/api/candidates',
        body: { orgId: id, name: '越权申请', gender: 'male', birthDate: '1998-01-01', applicationDate: '2026-11-01' },
      }),
    },
    {
      name: 'POST /api/candidates/:id/cultivators memberIds[]',
      kind: 'member',
      roles: ALL,
      request: (id) => ({
        url: `/api/candidates/${applicant}/cultivators`,
        body: { memberIds: [tree.members[0].id, id] },
      }),
      refusal: 'MEMBER_NOT_IN_BRANCH',
    },
    {
      name: 'POST /api/candidates/:id/introducers memberIds[]',
      kind: 'member',
      roles: ALL,
      request: (id) => ({
        url: `/api/candidates/${applicant}/introducers`,
        body: { memberIds: [tree.members[0].id, id] },
      }),
      refusal: 'MEMBER_NOT_IN_BRANCH',
    },
    {
      name: 'POST /api/complaints candidateId',
      kind: 'candidate',
      roles: COMMITTEE_UP,
      request: (id) => ({
        url: '/api/complaints',
        body: { candidateId: id, channel: 'letter', receivedOn: TODAY, content: '来信反映的问题' },
      }),
    },
    {
      name: 'POST /api/organizations parentId',
      kind: 'committee',
      roles: DEPARTMENT,
      request: (id) => ({ url: '/api/organizations', body: { name: '越权支部', kind: 'branch', parentId: id } }),
    },
    {
      name: 'POST /api/plans orgId',
      kind: 'department',
      roles: DEPARTMENT,
      request: (id) => ({ url: '/api/plans', body: { orgId: id, year: 2027 } }),
    },
    {
      name: 'POST /api/plans/:id/entries candidateIds[]',
      kind: 'candidate',
      roles: COMMITTEE_UP,
      request: (id) => ({ url: `/api/plans/${planA}/entries`, body: { candidateIds: [applicant, id] } }),
    },
    {
      name: 'POST /api/candidates/:id/visits visitors[].memberId',
      kind: 'member',
      roles: ALL,
      request: (id) => ({
        url: `/api/candidates/${applicant}/visits`,
        body: {
          date: TODAY,
          visitors: [{ memberId: id, role: 'secretary' }],
          methods: ['forum'],
          checks: CHECKS,
          action: 'none',
        },
      }),
      refusal: 'MEMBER_NOT_IN_BRANCH',
    },
    {
      name: 'POST /api/spot-checks orgId',
      kind: 'department',
      roles: DEPARTMENT,
      request: (id) => ({ url: '/api/spot-checks', body: { orgId: id, sampleSize: 5, seed: 1 } }),
    },
    {
      name: 'POST /api/publicity orgId',
      kind: 'branch',
      roles: ALL,
      request: (id) => ({
        url: '/api/publicity',
        body: {
          orgId: id,
          kind: 'admission',
          candidateIds: [ready],
          startDate: TODAY,
          channels: { phone: '0571-88886666', online: true },
        },
      }),
    },
    {
      name: 'POST /api/publicity candidateIds[]',
      kind: 'candidate',
      roles: ALL,
      request: (id) => ({
        url: '/api/publicity',
        body: {
          orgId: tree.branch.id,
          kind: 'admission',
          candidateIds: [ready, id],
          startDate: TODAY,
          channels: { phone: '0571-88886666', online: true },
        },
      }),
    },
    {
      name: 'POST /api/votes orgId',
      kind: 'branch',
      roles: ALL,
      request: (id) => ({
        url: '/api/votes',
        body: {
          level: 'mass_assessment',
          purpose: 'admission',
          orgId: id,
          meetingDate: D.mass,
          candidateIds: [ready],
          mode: 'paper',
          expected: 10,
        },
      }),
    },
    {
      name: 'POST /api/votes candidateIds[]',
      kind: 'candidate',
      roles: ALL,
      request: (id) => ({
        url: '/api/votes',
        body: {
          level: 'mass_assessment',
          purpose: 'admission',
          orgId: tree.branch.id,
          meetingDate: D.mass,
          candidateIds: [ready, id],
          mode: 'paper',
          expected: 10,
        },
      }),
    },
    {
      name: 'POST /api/votes excused[].memberId',
      kind: 'member',
      roles: ALL,
      request: (id) => ({
        url: '/api/votes',
        body: {
          level: 'branch_meeting',
          purpose: 'admission',
          orgId: tree.branch.id,
          meetingDate: D.branch,
          candidateIds: [ready],
          mode: 'paper',
          excused: [{ memberId: id, reason: 'detained' }],
        },
      }),
      refusal: 'EXCUSED_NOT_VOTING_MEMBER',
    },
    {
      name: 'POST /api/votes planId',
      kind: 'plan',
      roles: DEPARTMENT,
      request: (id) => ({
        url: '/api/votes',
        body: {
          level: 'committee',
          purpose: 'plan',
          orgId: tree.department.id,
          meetingDate: TODAY,
          mode: 'paper',
          bodySize: 9,
          planId: id,
        },
      }),
    },
    {
      name: 'POST /api/votes/:id/attendance memberIds[]',
      kind: 'member',
      roles: ALL,
      request: (id) => ({
        url: `/api/votes/${electronicBranch}/attendance`,
        body: { memberIds: [tree.members[0].id, id] },
      }),
      refusal: 'MEMBER_NOT_IN_BRANCH',
    },
    {
      name: 'POST /api/votes/:id/written-opinions memberId',
      kind: 'member',
      roles: ALL,
      request: (id) => ({
        url: `/api/votes/${electronicBranch}/written-opinions`,
        body: { memberId: id, choices: { [ready]: 'approve' } },
      }),
      refusal: 'MEMBER_NOT_IN_BRANCH',
    },
    {
      name: 'POST /api/votes/:id/written-opinions choices{candidateId}',
      kind: 'candidate',
      roles: ALL,
      request: (id) => ({
        url: `/api/votes/${electronicBranch}/written-opinions`,
        body: { memberId: tree.members[9].id, choices: { [ready]: 'approve', [id]: 'approve' } },
      }),
      refusal: 'CANDIDATE_NOT_IN_VOTE',
    },
    {
      name: 'POST /api/votes/:id/counts results[].candidateId',
      kind: 'candidate',
      roles: ALL,
      request: (id) => ({ url: `/api/votes/${paperMass}/counts`, body: { results: [count(ready), count(id)] } }),
      refusal: 'CANDIDATE_NOT_IN_VOTE',
    },
    {
      name: 'POST /api/votes/:id/ballot-papers memberIds[]',
      kind: 'member',
      roles: ALL,
      request: (id) => ({ url: `/api/votes/${electronicBranch}/ballot-papers`, body: { memberIds: [id] } }),
      refusal: 'MEMBER_NOT_PRESENT',
    },
  ];

  const ROWS = CASES.flatMap((c) =>
    ALL.flatMap((role) => [OTHER, NOWHERE].map((source) => [c.name, role, source, c] as const)),
  );

  /** Status, code and message with the named id blanked: a foreign and a made-up id must read the same. */
  const shape = (res: { status: number; body: { code?: string; message?: string } }, id: string) => ({
    status: res.status,
    code: res.body.code,
    message: res.body.message?.split(id).join('<id>'),
  });
  const seen = new Map<string, ReturnType<typeof shape>>();

  it.each(ROWS)('%s as %s with %s: refused, nothing written', async (name, role, source, c) => {
    const id = source === OTHER ? foreign[c.kind] : randomUUID();
    const { url, body } = c.request(id);
    const before = await tableCounts(t.dataSource);
    const res = await as(role).post(url, body);
    const expected = !c.roles.includes(role) ? 403 : c.refusal ? 422 : 404;
    const got = { status: res.status, code: res.body.code };
    expect({ request: `${name} as ${role} with ${source}`, ...got }).toEqual({
      request: `${name} as ${role} with ${source}`,
      status: expected,
      code: expected === 403 ? 'FORBIDDEN' : expected === 404 ? 'NOT_FOUND' : c.refusal,
    });
    expect(await tableCounts(t.dataSource)).toEqual(before);
    // No hint that the foreign resource exists: the same answer as for a made-up id.
    const key = `${name}|${role}`;
    const prior = seen.get(key);
    if (prior) expect(shape(res, id)).toEqual(prior);
    else seen.set(key, shape(res, id));
  });

  describe('public endpoints (no scope: an id must exist, and be on the notice or in the vote)', () => {
    const PUBLIC: {
      name: string;
      kind: ForeignKind;
      request: (id: string) => { url: string; body: object };
      status: number;
      code: string;
    }[] = [
      {
        name: 'POST /api/public/complaints noticeId',
        kind: 'plan', // any foreign id that is no notice
        request: (id) => ({
          url: '/api/public/complaints',
          body: { noticeId: id, candidateId: noticeOpen.candidateId, content: '反映的问题内容足够长了吧' },
        }),
        status: 404,
        code: 'NOT_FOUND',
      },
      {
        name: 'POST /api/public/complaints candidateId',
        kind: 'candidate',
        request: (id) => ({
          url: '/api/public/complaints',
          body: { noticeId: noticeOpen.id, candidateId: id, content: '反映的问题内容足够长了吧' },
        }),
        status: 422,
        code: 'CANDIDATE_NOT_ON_NOTICE',
      },
      {
        name: 'POST /api/ballots choices{candidateId}',
        kind: 'candidate',
        request: (id) => ({
          url: '/api/ballots',
          body: { code: ballotCode, choices: { [ready]: 'approve', [id]: 'approve' } },
        }),
        status: 422,
        code: 'CANDIDATE_NOT_IN_VOTE',
      },
    ];
    it.each(PUBLIC.flatMap((c) => [OTHER, NOWHERE].map((source) => [c.name, source, c] as const)))(
      '%s with %s: refused, nothing written',
      async (name, source, c) => {
        const id = source === OTHER ? foreign[c.kind] : randomUUID();
        const { url, body } = c.request(id);
        const before = await tableCounts(t.dataSource);
        const res = await t.http.post(url).send(body);
        expect({ request: `${name} with ${source}`, status: res.status, code: res.body.code }).toEqual({
          request: `${name} with ${source}`,
          status: c.status,
          code: c.code,
        });
        expect(await tableCounts(t.dataSource)).toEqual(before);
      },
    );
  });

  describe('accountability candidateId (the known bug)', () => {
    it.each(COMMITTEE_UP)(
      '%s files a record naming an in-scope candidate of the subject organization (positive control)',
      async (role) => {
        const res = await as(role).post('/api/accountability/records', record({ candidateId: applicant }));
        expect(res.status).toBe(201);
        expect(res.body).toMatchObject({
          source: 'manual',
          status: 'filed',
          candidateId: applicant,
          subject: { orgId: tree.branch.id },
        });
      },
    );

    it(
      'answers 422 CANDIDATE_OUTSIDE_ORG for an in-scope ' +
        'candidate outside the subject organization, writing nothing',
      async () => {
        const before = await tableCounts(t.dataSource);
        const res = await as('committee').post(
          '/api/accountability/records',
          record({ candidateId: siblingApplicant }),
        );
        expect(res.status).toBe(422);
        expect(res.body).toMatchObject({
          code: 'CANDIDATE_OUTSIDE_ORG',
          violations: [expect.objectContaining({ code: 'CANDIDATE_OUTSIDE_ORG' })],
        });
        expect(await tableCounts(t.dataSource)).toEqual(before);
        // The same candidate with its own branch as the subject is fine.
        const own = await as('committee').post(
          '/api/accountability/records',
          record({ subject: { orgId: tree.otherBranch.id }, candidateId: siblingApplicant }),
        );
        expect(own.status).toBe(201);
      },
    );

    it('answers 404 to the other branch for a candidate of branch A (sibling scope)', async () => {
      const before = await tableCounts(t.dataSource);
      // A branch may not file at all (403); a committee scoped to the other branch's subtree is the narrowest filer.
      const narrow = new Client(t, t.token('committee', tree.otherBranch.id));
      const res = await narrow.post(
        '/api/accountability/records',
        record({ subject: { orgId: tree.otherBranch.id }, candidateId: applicant }),
      );
      expect(res.status).toBe(404);
      expect(await tableCounts(t.dataSource)).toEqual(before);
    });
  });
});
