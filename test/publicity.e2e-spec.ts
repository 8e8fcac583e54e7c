import { Client, codes } from './support/client';
import { startApp, tableCounts, TestApp } from './support/harness';
import { orgTree, OrgTree } from './support/fixtures';

/** "Today" is a calendar date in Asia/Shanghai: 10:00 there. */
const at = (date: string) => `${date}T02:00:00.000Z`;

interface Walk {
  introducers?: boolean;
  politicalReview?: 'passed' | 'failed' | null;
  training?: boolean;
  person?: object;
}

/** A candidate walked by HTTP to development object (introducers, political review, training), as of 2026-03-25. */
async function developmentObject(t: TestApp, tree: OrgTree, name: string, w: Walk = {}): Promise<string> {
  const branch = new Client(t, tree.branch.token);
  const post = (url: string, body: object) => branch.ok<{ id: string }>(url, body);
  const { id } = await post('/api/candidates', {
    orgId: tree.branch.id,
    name,
    gender: 'female',
    birthDate: '1995-05-17',
    applicationDate: '2024-09-01',
    education: '大学本科',
    workUnit: '县人民医院',
    ...w.person,
  });
  const c = `/api/candidates/${id}`;
  await post(`${c}/talk`, { date: '2024-09-10', by: '党员1' });
  await post(`${c}/activist`, { date: '2024-10-01', recommendation: 'members', committeeFiledOn: '2024-10-05' });
  await post(`${c}/cultivators`, { memberIds: [tree.members[0].id] });
  await post(`${c}/development-object`, { date: '2025-10-10', opinionsHeard: true, committeeFiledOn: '2025-10-12' });
  if (w.introducers !== false) await post(`${c}/introducers`, { memberIds: [tree.members[1].id, tree.members[2].id] });
  if (w.politicalReview !== null)
    await post(`${c}/political-review`, { date: '2025-11-01', result: w.politicalReview ?? 'passed' });
  if (w.training !== false)
    await post(`${c}/training`, { startDate: '2025-11-10', endDate: '2025-11-12', days: 3, hours: 24, passed: true });
  return id;
}

describe('publicity (SPEC §6, §5 row 9)', () => {
  let t: TestApp;
  let tree: OrgTree;
  let admin: Client;
  let committee: Client;
  let branch: Client;
  let otherBranch: Client;
  // SPEC §6: every notice gives a phone or an address; a body that names its own channels keeps them.
  const notice = (as: Client, body: object) =>
    as.post('/api/publicity', { channels: { phone: '0571-88886666', online: true }, ...body });
  const candidate = async (id: string) => (await admin.get(`/api/candidates/${id}`)).body;

  beforeAll(async () => {
    t = await startApp({ PUBLIC_RATE_LIMIT: '10000' });
    t.clock.set(at('2026-03-25'));
    tree = await orgTree(t);
    admin = new Client(t, tree.admin);
    committee = new Client(t, tree.committee.token);
    branch = new Client(t, tree.branch.token);
    otherBranch = new Client(t, tree.otherBranch.token);
  });
  afterAll(() => t.close());

  describe('window', () => {
    it('runs 7 days from 2026-03-25 to 2026-03-31 inclusive by default', async () => {
      const id = await developmentObject(t, tree, '赵一');
      const res = await notice(branch, {
        orgId: tree.branch.id,
        kind: 'admission',
        candidateIds: [id],
        startDate: '2026-03-25',
        channels: { phone: '0571-12345678' },
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        kind: 'admission',
        startDate: '2026-03-25',
        end: '2026-03-31',
        days: 7,
        status: 'open',
        acceptingComplaints: true,
        closedOn: null,
        candidateCount: 1,
      });
      expect(res.body.title).toBe('关于赵一同志拟发展为中共预备党员的公示');
      const c = await candidate(id);
      expect(c.record.admissionPublicity).toEqual({
        noticeId: res.body.id,
        startDate: '2026-03-25',
        end: '2026-03-31',
      });
      expect(c.timeline.at(-1)).toMatchObject({
        type: 'publicity',
        date: '2026-03-25',
        input: { noticeId: res.body.id, end: '2026-03-31' },
      });
      expect(c.deadlines).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ kind: 'publicity_end', dueOn: '2026-03-31', refId: res.body.id }),
        ]),
      );
    });

    it(
      'takes 15 days (ending 2026-04-08) ' + 'and refuses 6 and 16 with PUBLICITY_DAYS_OUT_OF_RANGE, writing nothing',
      async () => {
        const id = await developmentObject(t, tree, '钱二');
        const before = await tableCounts(t.dataSource);
        for (const days of [6, 16]) {
          const res = await notice(branch, {
            orgId: tree.branch.id,
            kind: 'admission',
            candidateIds: [id],
            startDate: '2026-03-25',
            days,
          });
          expect(res.status).toBe(422);
          expect(res.body.code).toBe('PUBLICITY_DAYS_OUT_OF_RANGE');
        }
        expect(await tableCounts(t.dataSource)).toEqual(before);
        const ok = await notice(branch, {
          orgId: tree.branch.id,
          kind: 'admission',
          candidateIds: [id],
          startDate: '2026-03-25',
          days: 15,
        });
        expect(ok.status).toBe(201);
        expect(ok.body).toMatchObject({ end: '2026-04-08', days: 15 });
      },
    );

    it('accepts a start in the past and refuses one in the future (DATE_IN_FUTURE)', async () => {
      const id = await developmentObject(t, tree, '孙三');
      const future = await notice(branch, {
        orgId: tree.branch.id,
        kind: 'admission',
        candidateIds: [id],
        startDate: '2026-03-26',
      });
      expect(future.status).toBe(422);
      expect(codes(future.body)).toEqual(['DATE_IN_FUTURE']);
      const past = await notice(branch, {
        orgId: tree.branch.id,
        kind: 'admission',
        candidateIds: [id],
        startDate: '2026-03-20',
      });
      expect(past.status).toBe(201);
      expect(past.body).toMatchObject({ end: '2026-03-26', acceptingComplaints: true });
      // the same candidate again while the first runs
      const again = await notice(branch, {
        orgId: tree.branch.id,
        kind: 'admission',
        candidateIds: [id],
        startDate: '2026-03-25',
      });
      expect(again.status).toBe(422);
      expect(codes(again.body)).toEqual(['PUBLICITY_IN_PROGRESS']);
    });
  });

  describe('gates', () => {
    it('answers every violation of every candidate, each naming its candidate, and writes nothing', async () => {
      const good = await developmentObject(t, tree, '周好');
      const noIntroducers = await developmentObject(t, tree, '吴四', { introducers: false });
      const review = await developmentObject(t, tree, '郑五', { politicalReview: 'failed', training: false });
      const before = await tableCounts(t.dataSource);
      const res = await notice(branch, {
        orgId: tree.branch.id,
        kind: 'admission',
        candidateIds: [good, noIntroducers, review],
        startDate: '2026-03-25',
      });
      expect(res.status).toBe(422);
      expect(res.body.error).toBe('GateViolation');
      expect(res.body.violations).toEqual([
        {
          code: 'INTRODUCER_COUNT',
          message: expect.stringMatching(/^吴四：入党介绍人应为 2 名/),
          candidateId: noIntroducers,
        },
        { code: 'POLITICAL_REVIEW_NOT_PASSED', message: expect.stringMatching(/^郑五：/), candidateId: review },
        { code: 'TRAINING_INSUFFICIENT', message: expect.stringMatching(/^郑五：/), candidateId: review },
      ]);
      expect(await tableCounts(t.dataSource)).toEqual(before);
      expect((await candidate(good)).record.admissionPublicity).toBeUndefined();

      const missingReview = await developmentObject(t, tree, '王六', { politicalReview: null });
      const res2 = await notice(branch, {
        orgId: tree.branch.id,
        kind: 'admission',
        candidateIds: [missingReview],
        startDate: '2026-03-25',
      });
      expect(codes(res2.body)).toEqual(['POLITICAL_REVIEW_NOT_PASSED']);
    });

    it(
      'refuses the wrong stage for the kind, candidates outside the org ' +
        '(422) or the scope (404), and bad bodies (400)',
      async () => {
        const id = await developmentObject(t, tree, '冯七');
        const before = await tableCounts(t.dataSource);
        const conversion = await notice(branch, {
          orgId: tree.branch.id,
          kind: 'conversion',
          candidateIds: [id],
          startDate: '2026-03-25',
        });
        expect(codes(conversion.body)).toEqual(expect.arrayContaining(['WRONG_STAGE']));

        const outside = await notice(committee, {
          orgId: tree.otherBranch.id,
          kind: 'admission',
          candidateIds: [id],
          startDate: '2026-03-25',
        });
        expect(outside.status).toBe(422);
        expect(outside.body.code).toBe('CANDIDATE_NOT_IN_ORG');
        expect(outside.body.message).toContain('冯七');

        const scope = await notice(otherBranch, {
          orgId: tree.otherBranch.id,
          kind: 'admission',
          candidateIds: [id],
          startDate: '2026-03-25',
        });
        expect(scope.status).toBe(404);
        const org = await notice(otherBranch, {
          orgId: tree.branch.id,
          kind: 'admission',
          candidateIds: [id],
          startDate: '2026-03-25',
        });
        expect(org.status).toBe(404);

        for (const body of [
          { orgId: tree.branch.id, kind: 'admission', candidateIds: [], startDate: '2026-03-25' },
          { orgId: tree.branch.id, kind: 'admission', candidateIds: [id, id], startDate: '2026-03-25' },
          { orgId: tree.branch.id, kind: 'probation', candidateIds: [id], startDate: '2026-03-25' },
          { orgId: tree.branch.id, kind: 'admission', candidateIds: [id], startDate: '2026-02-30' },
          {
            orgId: tree.branch.id,
            kind: 'admission',
            candidateIds: [id],
            startDate: '2026-03-25',
            channels: { online: false },
          },
          { orgId: tree.branch.id, kind: 'admission', candidateIds: [id], startDate: '2026-03-25', extra: 1 },
        ]) {
          const res = await notice(branch, body);
          expect(res.status).toBe(400);
          expect(res.body.code).toBe('VALIDATION_FAILED');
        }
        const reviewer = new Client(t, t.token('reviewer', tree.branch.id));
        const body = { orgId: tree.branch.id, kind: 'admission', candidateIds: [id], startDate: '2026-03-25' };
        expect((await notice(reviewer, body)).status).toBe(403);
        // a reviewer reads candidates and visits only (SPEC §12); the public reads notices on the public side
        expect((await reviewer.get('/api/publicity')).status).toBe(403);
        expect(await tableCounts(t.dataSource)).toEqual(before);
      },
    );

    it('lets the committee publicize candidates of several branches under its own name', async () => {
      const id = await developmentObject(t, tree, '陈八');
      const res = await notice(committee, {
        orgId: tree.committee.id,
        kind: 'admission',
        candidateIds: [id],
        startDate: '2026-03-25',
        channels: { address: '县委组织部', online: true },
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        orgId: tree.committee.id,
        issuer: '机关党委',
        channels: { address: '县委组织部', online: true },
      });
      // the branch sees notices of its own subtree only
      expect((await branch.get(`/api/publicity/${res.body.id}`)).status).toBe(404);
      expect((await committee.get(`/api/publicity/${res.body.id}`)).status).toBe(200);
    });
  });

  describe('close and pre-review', () => {
    let id: string;
    let noticeId: string;

    beforeAll(async () => {
      t.clock.set(at('2026-03-25'));
      id = await developmentObject(t, tree, '褚九');
      const res = await notice(branch, {
        orgId: tree.branch.id,
        kind: 'admission',
        candidateIds: [id],
        startDate: '2026-03-25',
      });
      noticeId = res.body.id;
    });
    afterAll(() => t.clock.set(at('2026-03-25')));

    const preReview = (date: string) => committee.post(`/api/candidates/${id}/pre-review`, { date, result: 'passed' });

    it(
      'refuses pre-review while the window runs (PUBLICITY_NOT_PASSED) ' +
        'and closing on the last day (PUBLICITY_NOT_ENDED)',
      async () => {
        t.clock.set(at('2026-03-31'));
        const before = await tableCounts(t.dataSource);
        const pre = await preReview('2026-03-31');
        expect(pre.status).toBe(422);
        expect(codes(pre.body)).toEqual(expect.arrayContaining(['PUBLICITY_NOT_PASSED']));
        const close = await branch.post(`/api/publicity/${noticeId}/close`, null);
        expect(close.status).toBe(422);
        expect(close.body.code).toBe('PUBLICITY_NOT_ENDED');
        expect(await tableCounts(t.dataSource)).toEqual(before);
        expect((await branch.get(`/api/publicity/${noticeId}`)).body.status).toBe('open');
      },
    );

    it('closes the day after the end, once; publicity then passes and pre-review is allowed', async () => {
      t.clock.set(at('2026-04-01'));
      const close = await branch.post(`/api/publicity/${noticeId}/close`, null);
      expect(close.status).toBe(201);
      expect(close.body).toMatchObject({
        id: noticeId,
        status: 'closed',
        closedOn: '2026-04-01',
        acceptingComplaints: false,
      });
      const c = await candidate(id);
      expect(c.record.admissionPublicity).toEqual({
        noticeId,
        startDate: '2026-03-25',
        end: '2026-03-31',
        closedOn: '2026-04-01',
      });
      expect(c.deadlines.filter((d: { kind: string }) => d.kind === 'publicity_end')).toEqual([]);

      t.clock.set(at('2026-04-02'));
      const again = await branch.post(`/api/publicity/${noticeId}/close`, null);
      expect(again.status).toBe(201);
      expect(again.body.closedOn).toBe('2026-04-01');

      const pre = await preReview('2026-04-01');
      expect(pre.status).toBe(201);
      expect(pre.body.record.preReview).toEqual({ date: '2026-04-01', result: 'passed' });
    });

    it('lists notices in scope by status', async () => {
      const closed = await branch.get('/api/publicity?status=closed');
      expect(closed.status).toBe(200);
      expect(closed.body.items.map((n: { id: string }) => n.id)).toContain(noticeId);
      expect(closed.body.items.every((n: { status: string }) => n.status === 'closed')).toBe(true);
      const open = await committee.get(`/api/publicity?status=open&orgId=${tree.branch.id}`);
      expect(open.body.items.map((n: { id: string }) => n.id)).not.toContain(noticeId);
      expect(open.body).toMatchObject({ page: 1, limit: 20 });
      const other = await otherBranch.get('/api/publicity');
      expect(other.body).toMatchObject({ items: [], total: 0 });
      expect((await otherBranch.post(`/api/publicity/${noticeId}/close`, null)).status).toBe(404);
      expect((await admin.get('/api/publicity/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    });
  });
});

describe('publicity under the example-city profile (fixed 15 days)', () => {
  let t: TestApp;
  let tree: OrgTree;
  let branch: Client;

  beforeAll(async () => {
    t = await startApp({ RULES_PROFILE: 'example-city' });
    t.clock.set(at('2026-03-25'));
    tree = await orgTree(t);
    branch = new Client(t, tree.branch.token);
  });
  afterAll(() => t.close());

  it('defaults to 15 days and refuses 7 and 16', async () => {
    // plan.required: the candidate is put in the 2025 plan, which the organizers' meeting approves,
    // before becoming a development object.
    const department = new Client(t, tree.department.token);
    const created = await branch.ok('/api/candidates', {
      orgId: tree.branch.id,
      name: '蒋十',
      gender: 'male',
      birthDate: '1990-01-02',
      applicationDate: '2024-09-01',
    });
    const id = created.id as string;
    await branch.ok(`/api/candidates/${id}/talk`, { date: '2024-09-10', by: '支部书记' });
    await branch.ok(`/api/candidates/${id}/activist`, {
      date: '2024-10-01',
      recommendation: 'members',
      committeeFiledOn: '2024-10-08',
    });
    await branch.ok(`/api/candidates/${id}/cultivators`, { memberIds: [tree.members[0].id] });
    const plan = await department.ok('/api/plans', { orgId: tree.department.id, year: 2025 });
    await new Client(t, tree.committee.token).ok(`/api/plans/${plan.id}/entries`, { candidateIds: [id] });
    const vote = await department.ok('/api/votes', {
      level: 'committee',
      purpose: 'plan',
      orgId: tree.department.id,
      planId: plan.id,
      meetingDate: '2025-09-01',
      mode: 'paper',
      bodySize: 9,
    });
    await department.ok(`/api/votes/${vote.id}/attendance`, { present: 9 });
    await department.ok(`/api/votes/${vote.id}/counts`, {
      results: [{ candidateId: id, approve: 9, reject: 0, abstain: 0, invalid: 0 }],
    });
    await department.ok(`/api/votes/${vote.id}/close`);
    await branch.ok(`/api/candidates/${id}/development-object`, {
      date: '2025-10-10',
      opinionsHeard: true,
      committeeFiledOn: '2025-10-12',
    });
    await branch.ok(`/api/candidates/${id}/introducers`, { memberIds: [tree.members[1].id, tree.members[2].id] });
    await branch.ok(`/api/candidates/${id}/political-review`, { date: '2025-11-01', result: 'passed' });
    await branch.ok(`/api/candidates/${id}/training`, {
      startDate: '2025-11-10',
      endDate: '2025-11-12',
      days: 3,
      hours: 24,
      passed: true,
    });

    for (const days of [7, 16]) {
      const res = await branch.post('/api/publicity', {
        orgId: tree.branch.id,
        kind: 'admission',
        candidateIds: [id],
        startDate: '2026-03-25',
        days,
        channels: { phone: '0571-88886666', online: true },
      });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('PUBLICITY_DAYS_OUT_OF_RANGE');
    }
    const res = await branch.post('/api/publicity', {
      orgId: tree.branch.id,
      kind: 'admission',
      candidateIds: [id],
      startDate: '2026-03-25',
      channels: { phone: '0571-88886666', online: true },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ startDate: '2026-03-25', end: '2026-04-08', days: 15 });
  });
});
