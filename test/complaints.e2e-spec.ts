import { Client, codes } from './support/client';
import { startApp, tableCounts, TestApp } from './support/harness';
import { orgTree, OrgTree } from './support/fixtures';

/** "Today" is a calendar date in Asia/Shanghai: 10:00 there. */
const at = (date: string) => `${date}T02:00:00.000Z`;

/** A candidate walked by HTTP to development object with introducers, political review and training. */
async function developmentObject(t: TestApp, tree: OrgTree, name: string, person: object = {}): Promise<string> {
  const branch = new Client(t, tree.branch.token);
  const post = (url: string, body: object) => branch.ok<{ id: string }>(url, body);
  const { id } = await post('/api/candidates', {
    orgId: tree.branch.id,
    name,
    gender: 'male',
    birthDate: '1995-05-17',
    applicationDate: '2024-09-01',
    education: '研究生',
    workUnit: '县第一中学',
    ...person,
  });
  const c = `/api/candidates/${id}`;
  await post(`${c}/talk`, { date: '2024-09-10', by: '党员1' });
  await post(`${c}/activist`, { date: '2024-10-01', recommendation: 'members', committeeFiledOn: '2024-10-05' });
  await post(`${c}/cultivators`, { memberIds: [tree.members[0].id] });
  await post(`${c}/development-object`, { date: '2025-10-10', opinionsHeard: true, committeeFiledOn: '2025-10-12' });
  await post(`${c}/introducers`, { memberIds: [tree.members[1].id, tree.members[2].id] });
  await post(`${c}/political-review`, { date: '2025-11-01', result: 'passed' });
  await post(`${c}/training`, { startDate: '2025-11-10', endDate: '2025-11-12', days: 3, hours: 24, passed: true });
  return id;
}

describe('public notices and complaints (SPEC §6)', () => {
  let t: TestApp;
  let tree: OrgTree;
  let admin: Client;
  let department: Client;
  let committee: Client;
  let branch: Client;
  let zhang: string;
  let li: string;
  let outsider: string;
  let noticeId: string;
  const candidate = async (id: string) => (await admin.get(`/api/candidates/${id}`)).body;
  const fileOnline = (body: object) => t.http.post('/api/public/complaints').send(body);

  beforeAll(async () => {
    t = await startApp({ PUBLIC_RATE_LIMIT: '10000' });
    t.clock.set(at('2026-03-25'));
    tree = await orgTree(t);
    admin = new Client(t, tree.admin);
    department = new Client(t, tree.department.token);
    committee = new Client(t, tree.committee.token);
    branch = new Client(t, tree.branch.token);
    zhang = await developmentObject(t, tree, '张三', {
      idNumber: '330102199505170011',
      ethnicity: '汉族',
      occupation: '教师',
    });
    li = await developmentObject(t, tree, '李四', {
      gender: 'female',
      birthDate: '1998-11-03',
      education: undefined,
      workUnit: '县自来水公司',
    });
    outsider = await developmentObject(t, tree, '王五');
    const res = await branch.post('/api/publicity', {
      orgId: tree.branch.id,
      kind: 'admission',
      candidateIds: [zhang, li],
      startDate: '2026-03-25',
      channels: { phone: '0571-88886666', address: '县委组织部组织科（县府路1号）', online: true },
    });
    expect(res.status).toBe(201);
    noticeId = res.body.id;
  });
  afterAll(() => t.close());

  describe('the public notice', () => {
    it('lists active notices without login, by organization subtree', async () => {
      const all = await t.http.get('/api/public/notices');
      expect(all.status).toBe(200);
      expect(all.body.items).toEqual([
        expect.objectContaining({
          id: noticeId,
          title: '关于张三等2名同志拟发展为中共预备党员的公示',
          candidateCount: 2,
          end: '2026-03-31',
          acceptingComplaints: true,
        }),
      ]);
      expect((await t.http.get(`/api/public/notices?orgId=${tree.committee.id}`)).body.total).toBe(1);
      expect((await t.http.get(`/api/public/notices?orgId=${tree.otherBranch.id}`)).body.total).toBe(0);
    });

    it('answers the structured notice and its formal Chinese text, with only the published personal data', async () => {
      const res = await t.http.get(`/api/public/notices/${noticeId}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: noticeId,
        kind: 'admission',
        issuer: '第一党支部',
        startDate: '2026-03-25',
        end: '2026-03-31',
        days: 7,
        status: 'open',
        acceptingComplaints: true,
        channels: { phone: '0571-88886666', address: '县委组织部组织科（县府路1号）', online: true },
      });
      expect(res.body.candidates).toEqual([
        {
          candidateId: zhang,
          name: '张三',
          gender: 'male',
          birthYearMonth: '1995-05',
          education: '研究生',
          workUnit: '县第一中学',
        },
        {
          candidateId: li,
          name: '李四',
          gender: 'female',
          birthYearMonth: '1998-11',
          education: null,
          workUnit: '县自来水公司',
        },
      ]);
      const text: string = res.body.text;
      expect(text.split('\n')[0]).toBe('关于张三等2名同志拟发展为中共预备党员的公示');
      expect(text).toContain('1. 张三，男，1995年5月生，研究生学历，县第一中学。');
      expect(text).toContain('2. 李四，女，1998年11月生，县自来水公司。');
      expect(text).toContain('公示时间：2026年3月25日至2026年3月31日（共7天）。');
      expect(text).toContain('联系电话：0571-88886666');
      expect(text).toContain('来信来访地址：县委组织部组织科（县府路1号）');
      expect(text).toContain(`/notices/${noticeId}`);
      expect(text.split('\n').slice(-2)).toEqual(['第一党支部', '2026年3月25日']);

      const json = JSON.stringify(res.body);
      for (const secret of [
        'idNumberMasked',
        '3301',
        '1995-05-17',
        '1998-11-03',
        '汉族',
        '教师',
        'birthDate',
        'applicationDate',
        'stage',
        'orgPath',
        'createdBy',
        'profile',
        tree.department.id,
        'branch-user',
      ]) {
        expect(json).not.toContain(secret);
      }
      expect((await t.http.get('/api/public/notices/00000000-0000-4000-8000-000000000000')).status).toBe(404);
      expect((await t.http.get('/api/public/notices/not-a-uuid')).status).toBe(404);
    });
  });

  describe('online complaints', () => {
    let trackingCode: string;

    it(
      'refuses bad bodies (400), unknown notices (404) ' + 'and candidates not on the notice (422), writing nothing',
      async () => {
        const before = await tableCounts(t.dataSource);
        const short = await fileOnline({ noticeId, candidateId: zhang, content: '太短了只有九个字' });
        expect(short.status).toBe(400);
        expect(short.body.errors.map((e: { field: string }) => e.field)).toEqual(['content']);
        expect((await fileOnline({ noticeId, candidateId: zhang, content: 'x'.repeat(2001) })).status).toBe(400);
        expect(
          (await fileOnline({ noticeId, candidateId: zhang, content: '反映的问题内容足够长了吧', extra: true })).status,
        ).toBe(400);
        expect(
          (
            await fileOnline({
              noticeId: '00000000-0000-4000-8000-000000000000',
              candidateId: zhang,
              content: '反映的问题内容足够长了吧',
            })
          ).status,
        ).toBe(404);
        const off = await fileOnline({ noticeId, candidateId: outsider, content: '反映的问题内容足够长了吧' });
        expect(off.status).toBe(422);
        expect(off.body.code).toBe('CANDIDATE_NOT_ON_NOTICE');
        expect(await tableCounts(t.dataSource)).toEqual(before);
      },
    );

    it('files a complaint for a tracking code and the due date, opening one complaint on the candidate', async () => {
      const res = await fileOnline({
        noticeId,
        candidateId: zhang,
        content: '该同志在单位工作中存在弄虚作假问题，请组织核实。',
        contact: '13800000000',
      });
      expect(res.status).toBe(201);
      expect(Object.keys(res.body).sort()).toEqual(['due', 'trackingCode']);
      expect(res.body.trackingCode).toMatch(/^[A-HJ-NP-Z2-9]{12}$/);
      expect(res.body.due).toBe('2026-04-01');
      trackingCode = res.body.trackingCode;
      const c = await candidate(zhang);
      expect(c.openComplaints).toBe(1);
      expect(c.deadlines).toEqual(
        expect.arrayContaining([expect.objectContaining({ kind: 'complaint', dueOn: '2026-04-01' })]),
      );
    });

    it('tells the complainant the status only, never the content or findings', async () => {
      const res = await t.http.get(`/api/public/complaints/${trackingCode}`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'open', receivedOn: '2026-03-25', due: '2026-04-01' });
      expect((await t.http.get(`/api/public/complaints/${trackingCode.toLowerCase()}`)).body.status).toBe('open');
      expect((await t.http.get('/api/public/complaints/AAAAAAAAAAAA')).status).toBe(404);
      expect((await t.http.get('/api/public/complaints/x')).status).toBe(404);
    });

    it('keeps the content for committees and departments: a branch gets 403', async () => {
      const list = await committee.get(`/api/complaints?candidateId=${zhang}`);
      expect(list.status).toBe(200);
      expect(list.body.items).toEqual([
        expect.objectContaining({
          candidateName: '张三',
          source: 'public',
          channel: 'online',
          noticeId,
          contact: '13800000000',
          status: 'open',
          trackingCode,
          content: '该同志在单位工作中存在弄虚作假问题，请组织核实。',
        }),
      ]);
      const id = list.body.items[0].id;
      expect((await department.get(`/api/complaints/${id}`)).status).toBe(200);
      const foreign = new Client(t, t.token('committee', tree.otherBranch.id));
      expect((await foreign.get(`/api/complaints/${id}`)).status).toBe(404);
      const reviewer = new Client(t, t.token('reviewer', tree.branch.id));
      for (const req of [
        () => branch.get('/api/complaints'),
        () => branch.get(`/api/complaints/${id}`),
        () =>
          branch.post('/api/complaints', {
            candidateId: zhang,
            channel: 'letter',
            receivedOn: '2026-03-25',
            content: '来信',
          }),
        () =>
          branch.post(`/api/complaints/${id}/verification`, {
            verifiedOn: '2026-03-25',
            finding: 'unfounded',
            summary: '不属实',
          }),
        () => reviewer.get('/api/complaints'),
      ]) {
        const res = await req();
        expect(res.status).toBe(403);
        expect(res.body.code).toBe('FORBIDDEN');
      }
      const detail = await candidate(zhang);
      expect(JSON.stringify(detail.timeline)).not.toContain('弄虚作假');
    });

    it('blocks every forward command while a complaint is open (OPEN_COMPLAINT)', async () => {
      const training = await branch.post(`/api/candidates/${zhang}/training`, {
        startDate: '2026-03-20',
        endDate: '2026-03-21',
        days: 1,
        hours: 8,
        passed: true,
      });
      expect(training.status).toBe(422);
      expect(codes(training.body)).toContain('OPEN_COMPLAINT');
      t.clock.set(at('2026-04-01'));
      const close = await branch.post(`/api/publicity/${noticeId}/close`, null);
      expect(close.status).toBe(201);
      const pre = await committee.post(`/api/candidates/${zhang}/pre-review`, { date: '2026-04-01', result: 'passed' });
      expect(pre.status).toBe(422);
      expect(codes(pre.body)).toEqual(expect.arrayContaining(['OPEN_COMPLAINT', 'PUBLICITY_NOT_PASSED']));
      // 李四 has no complaint: the same publicity passed for her
      const preLi = await committee.post(`/api/candidates/${li}/pre-review`, { date: '2026-04-01', result: 'passed' });
      expect(preLi.status).toBe(201);
    });

    it(
      'stops taking complaints once the window is over ' +
        '(NOTICE_NOT_OPEN) and drops the notice from the active list',
      async () => {
        const before = await tableCounts(t.dataSource);
        const res = await fileOnline({ noticeId, candidateId: li, content: '反映的问题内容足够长了吧' });
        expect(res.status).toBe(422);
        expect(res.body.code).toBe('NOTICE_NOT_OPEN');
        expect(await tableCounts(t.dataSource)).toEqual(before);
        expect((await t.http.get('/api/public/notices')).body.total).toBe(0);
        // the notice itself stays readable
        expect((await t.http.get(`/api/public/notices/${noticeId}`)).body).toMatchObject({
          status: 'closed',
          acceptingComplaints: false,
        });
      },
    );

    it('on an unfounded finding closes the complaint, lets the candidate proceed and shows the reply', async () => {
      const [complaint] = (await committee.get(`/api/complaints?candidateId=${zhang}`)).body.items;
      const res = await committee.post(`/api/complaints/${complaint.id}/verification`, {
        verifiedOn: '2026-03-31',
        finding: 'unfounded',
        summary: '经向所在单位核实，反映问题不属实。',
        reply: '经核实，反映问题不属实。感谢您的监督。',
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        status: 'verified',
        finding: 'unfounded',
        outcome: 'proceed',
        late: false,
        verifiedOn: '2026-03-31',
      });
      expect(res.body.verifications).toEqual([
        expect.objectContaining({ round: 1, finding: 'unfounded', due: '2026-04-01', late: false, nextDue: null }),
      ]);
      const c = await candidate(zhang);
      expect(c).toMatchObject({ stage: 'development_object', deferred: false, openComplaints: 0 });
      expect(c.deadlines.filter((d: { kind: string }) => d.kind === 'complaint')).toEqual([]);
      expect((await t.http.get(`/api/public/complaints/${trackingCode}`)).body).toEqual({
        status: 'verified',
        receivedOn: '2026-03-25',
        due: '2026-04-01',
        reply: '经核实，反映问题不属实。感谢您的监督。',
      });
      const pre = await committee.post(`/api/candidates/${zhang}/pre-review`, { date: '2026-04-01', result: 'passed' });
      expect(pre.status).toBe(201);

      const before = await tableCounts(t.dataSource);
      const again = await committee.post(`/api/complaints/${complaint.id}/verification`, {
        verifiedOn: '2026-04-01',
        finding: 'founded_minor',
        summary: '再次核实',
      });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('COMPLAINT_ALREADY_VERIFIED');
      expect(await tableCounts(t.dataSource)).toEqual(before);
    });
  });

  describe('staff-entered complaints and the findings', () => {
    const file = (candidateId: string, receivedOn = '2026-04-01', as = committee) =>
      as.post('/api/complaints', {
        candidateId,
        channel: 'letter',
        receivedOn,
        content: '群众来信反映该同志有违规问题。',
        complainant: '匿名',
      });
    const verify = (id: string, finding: string, verifiedOn = '2026-04-03') =>
      committee.post(`/api/complaints/${id}/verification`, { verifiedOn, finding, summary: `核实结论：${finding}` });

    beforeAll(() => t.clock.set(at('2026-04-03')));

    it(
      'records letters, visits and calls (committee and up) ' +
        'with due = received + 7 days; refuses future and pre-application dates',
      async () => {
        const id = await developmentObject(t, tree, '赵甲');
        const res = await file(id, '2026-04-02');
        expect(res.status).toBe(201);
        expect(res.body).toMatchObject({
          candidateId: id,
          source: 'staff',
          channel: 'letter',
          receivedOn: '2026-04-02',
          due: '2026-04-09',
          status: 'open',
          complainant: '匿名',
          round: 1,
        });
        expect(res.body.trackingCode).toMatch(/^[A-HJ-NP-Z2-9]{12}$/);
        expect((await candidate(id)).openComplaints).toBe(1);

        const before = await tableCounts(t.dataSource);
        const future = await file(id, '2026-04-04');
        expect(future.status).toBe(422);
        expect(future.body.code).toBe('DATE_IN_FUTURE');
        const early = await file(id, '2024-08-01');
        expect(early.body.code).toBe('DATE_OUT_OF_ORDER');
        expect(
          (
            await committee.post('/api/complaints', {
              candidateId: id,
              channel: 'email',
              receivedOn: '2026-04-01',
              content: 'x',
            })
          ).status,
        ).toBe(400);
        const foreign = new Client(t, t.token('committee', tree.otherBranch.id));
        expect((await file(id, '2026-04-01', foreign)).status).toBe(404);
        const badDate = await verify(res.body.id, 'unfounded', '2026-04-01');
        expect(badDate.body.code).toBe('DATE_OUT_OF_ORDER');
        const futureVerify = await verify(res.body.id, 'unfounded', '2026-04-04');
        expect(futureVerify.body.code).toBe('DATE_IN_FUTURE');
        expect((await verify('00000000-0000-4000-8000-000000000000', 'unfounded')).status).toBe(404);
        expect(
          (
            await committee.post(`/api/complaints/${res.body.id}/verification`, {
              verifiedOn: '2026-04-03',
              finding: 'maybe',
              summary: 's',
            })
          ).status,
        ).toBe(400);
        expect(await tableCounts(t.dataSource)).toEqual(before);
      },
    );

    it('founded_minor defers the candidate (暂缓发展); a second deferring finding keeps it deferred', async () => {
      const id = await developmentObject(t, tree, '钱乙');
      const first = (await file(id)).body.id;
      const second = (await file(id)).body.id;
      expect((await candidate(id)).openComplaints).toBe(2);
      const res = await verify(first, 'founded_minor');
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ status: 'verified', outcome: 'defer' });
      let c = await candidate(id);
      expect(c).toMatchObject({ stage: 'development_object', deferred: true, openComplaints: 1 });
      expect(c.timeline.at(-1)).toMatchObject({
        type: 'defer',
        date: '2026-04-03',
        input: { complaintId: first, finding: 'founded_minor', outcome: 'defer' },
      });
      expect((await verify(second, 'founded_minor')).status).toBe(201);
      c = await candidate(id);
      expect(c).toMatchObject({ deferred: true, openComplaints: 0 });
      expect(c.timeline.filter((e: { type: string }) => e.type === 'defer')).toHaveLength(1);
    });

    it('founded_serious rejects the candidate (不予发展)', async () => {
      const id = await developmentObject(t, tree, '孙丙');
      const res = await verify((await file(id)).body.id, 'founded_serious');
      expect(res.body).toMatchObject({ status: 'verified', outcome: 'reject' });
      const c = await candidate(id);
      expect(c).toMatchObject({ stage: 'rejected', openComplaints: 0 });
      expect(c.record.closedOn).toBe('2026-04-03');
      expect(c.timeline.at(-1)).toMatchObject({ type: 'reject' });
    });

    it('founded_grave transfers the candidate to the authorities; nothing more can be done with it', async () => {
      const id = await developmentObject(t, tree, '李丁');
      const res = await verify((await file(id)).body.id, 'founded_grave');
      expect(res.body).toMatchObject({ status: 'verified', outcome: 'transfer' });
      const c = await candidate(id);
      expect(c).toMatchObject({ stage: 'transferred', openComplaints: 0 });
      expect(c.timeline.at(-1)).toMatchObject({ type: 'transfer', date: '2026-04-03' });
      expect(c.deadlines).toEqual([]);
      const next = await branch.post(`/api/candidates/${id}/defer`, { date: '2026-04-03', reason: '再议' });
      expect(codes(next.body)).toEqual(['CANDIDATE_CLOSED']);
      expect((await file(id)).body.code).toBe('CANDIDATE_CLOSED');
    });

    it(
      'unclear keeps the complaint open with a new due date ' + 'and defers the candidate until it is verified again',
      async () => {
        const id = await developmentObject(t, tree, '周戊');
        const complaint = (await file(id, '2026-03-30')).body;
        expect(complaint.due).toBe('2026-04-06');
        const res = await verify(complaint.id, 'unclear', '2026-04-03');
        expect(res.status).toBe(201);
        expect(res.body).toMatchObject({
          status: 'open',
          finding: 'unclear',
          outcome: 'defer',
          due: '2026-04-10',
          round: 2,
        });
        expect(res.body.verifications).toEqual([
          expect.objectContaining({ round: 1, due: '2026-04-06', nextDue: '2026-04-10', late: false }),
        ]);
        let c = await candidate(id);
        expect(c).toMatchObject({ deferred: true, openComplaints: 1 });
        expect(c.deadlines.filter((d: { kind: string }) => d.kind === 'complaint')).toEqual([
          expect.objectContaining({ dueOn: '2026-04-10', refId: complaint.id }),
        ]);
        expect((await t.http.get(`/api/public/complaints/${complaint.trackingCode}`)).body).toEqual({
          status: 'open',
          receivedOn: '2026-03-30',
          due: '2026-04-10',
        });

        const before = await verify(complaint.id, 'unfounded', '2026-04-02');
        expect(before.body.code).toBe('DATE_OUT_OF_ORDER');
        t.clock.set(at('2026-04-08'));
        const second = await verify(complaint.id, 'unfounded', '2026-04-08');
        expect(second.body).toMatchObject({ status: 'verified', finding: 'unfounded', round: 2 });
        c = await candidate(id);
        expect(c).toMatchObject({ deferred: false, openComplaints: 0 });
        expect(c.timeline.slice(-2).map((e: { type: string }) => e.type)).toEqual(['defer', 'resume']);
        t.clock.set(at('2026-04-03'));
      },
    );

    it('flags a verification after its due date as late (B05)', async () => {
      const id = await developmentObject(t, tree, '吴己');
      const complaint = (await file(id, '2026-03-20')).body;
      expect(complaint.due).toBe('2026-03-27');
      const onTime = await developmentObject(t, tree, '郑庚');
      const exact = (await file(onTime, '2026-03-27')).body;
      expect((await verify(exact.id, 'unfounded', '2026-04-03')).body).toMatchObject({ late: false });
      const res = await verify(complaint.id, 'unfounded', '2026-04-03');
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ status: 'verified', late: true });
      expect(res.body.verifications).toEqual([
        expect.objectContaining({ due: '2026-03-27', verifiedOn: '2026-04-03', late: true }),
      ]);
      const late = await department.get(`/api/complaints?status=verified&candidateId=${id}`);
      expect(late.body.items).toEqual([expect.objectContaining({ id: complaint.id, late: true })]);
      const b05 = await department.get(`/api/accountability/records?situation=B05&source=system`);
      expect(b05.body.items).toEqual([
        expect.objectContaining({ situation: 'B05', source: 'system', candidateId: id }),
      ]);
    });
  });
});

describe('public rate limit', () => {
  let t: TestApp;
  let tree: OrgTree;
  let admin: Client;

  beforeAll(async () => {
    t = await startApp({ PUBLIC_RATE_LIMIT: '3' });
    tree = await orgTree(t, 0);
    admin = new Client(t, tree.admin);
  });
  afterAll(() => t.close());

  it(
    'answers 429 RATE_LIMITED in Chinese after the limit per minute, ' + 'on the public endpoints and pages only',
    async () => {
      for (let i = 0; i < 3; i++) {
        const res = await t.http.get('/api/public/notices');
        expect(res.status).toBe(200);
        expect(res.headers['x-ratelimit-limit']).toBe('3');
      }
      const limited = await t.http.get('/api/public/notices');
      expect(limited.status).toBe(429);
      expect(limited.body).toMatchObject({
        statusCode: 429,
        error: 'Too Many Requests',
        code: 'RATE_LIMITED',
        message: '请求过于频繁，请稍后再试',
      });
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect((await t.http.get('/notices/00000000-0000-4000-8000-000000000000')).status).toBe(429);
      expect((await t.http.post('/api/public/complaints').send({})).status).toBe(429);
      for (let i = 0; i < 5; i++) {
        expect((await t.http.get('/api/health')).status).toBe(200);
        expect((await admin.get('/api/publicity')).status).toBe(200);
      }
    },
  );
});
