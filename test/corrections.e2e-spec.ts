import { Client, codes } from './support/client';
import { admitDirectly } from './support/pipeline';
import { orgTree, OrgTree } from './support/fixtures';
import { startApp, tableCounts, TestApp } from './support/harness';
import { createApplicant, NOON, walkToDevelopmentObject } from './support/pipeline';

/** SPEC §13 over HTTP: corrections, transfers, duplicates and batches. Today is 2026-11-21. */
describe('corrections, transfers, duplicates and batches (SPEC §13)', () => {
  let t: TestApp;
  let tree: OrgTree;
  let branch: Client;
  let other: Client;
  let committee: Client;

  beforeAll(async () => {
    t = await startApp();
    t.clock.set(NOON);
    tree = await orgTree(t, 6);
    branch = new Client(t, tree.branch.token);
    other = new Client(t, tree.otherBranch.token);
    committee = new Client(t, tree.committee.token);
  });
  afterAll(() => t.close());

  const detail = (id: string, as = branch) => as.get(`/api/candidates/${id}`);

  describe('personal data (PATCH /api/candidates/:id)', () => {
    it('records the old and new values as a correction event and shows the corrected values', async () => {
      const id = await createApplicant(t, tree, { name: '李名', idNumber: undefined });
      const res = await branch.patch(`/api/candidates/${id}`, {
        name: '李明',
        workUnit: '县第二中学',
        reason: '登记时姓名录入错误',
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ name: '李明', workUnit: '县第二中学' });
      expect(res.body.timeline.at(-1)).toMatchObject({
        type: 'correction',
        input: {
          reason: '登记时姓名录入错误',
          changes: [
            { field: 'name', from: '李名', to: '李明' },
            { field: 'workUnit', from: '县第一中学', to: '县第二中学' },
          ],
        },
      });
    });

    it('refuses a correction without a reason (400) or that changes nothing (422)', async () => {
      const id = await createApplicant(t, tree, { idNumber: undefined });
      const missing = await branch.patch(`/api/candidates/${id}`, { name: '王五' });
      expect(missing.status).toBe(400);
      expect(new Set(missing.body.errors.map((e: { field: string }) => e.field))).toEqual(new Set(['reason']));
      const same = await branch.patch(`/api/candidates/${id}`, { name: '李明', reason: '核对' });
      expect(codes(same.body)).toEqual(['NOTHING_TO_CORRECT']);
    });

    it('refuses, on an open candidate, a birth date that fails a gate already passed, and writes nothing', async () => {
      const id = await createApplicant(t, tree, { idNumber: undefined });
      const before = await tableCounts(t.dataSource);
      const res = await branch.patch(`/api/candidates/${id}`, { birthDate: '2010-01-01', reason: '出生日期有误' });
      expect(res.status).toBe(422);
      expect(codes(res.body)).toEqual(['AGE_UNDER_MINIMUM']);
      expect(await tableCounts(t.dataSource)).toEqual(before);
      expect((await detail(id)).body.birthDate).toBe('1995-05-01');
    });

    it('records a correction on a closed candidate without checking the gates again', async () => {
      const id = await createApplicant(t, tree, { idNumber: undefined });
      await branch.ok(`/api/candidates/${id}/withdraw`, { date: '2024-04-01' });
      const res = await branch.patch(`/api/candidates/${id}`, { birthDate: '2010-01-01', reason: '出生日期有误' });
      expect(res.status).toBe(200);
      expect(res.body.birthDate).toBe('2010-01-01');
    });

    it('keeps the ID number only masked in the event, and makes the record findable by it', async () => {
      const id = await createApplicant(t, tree, { idNumber: undefined });
      const res = await branch.patch(`/api/candidates/${id}`, {
        idNumber: '33010619900101567x',
        reason: '补录身份证号码',
      });
      expect(res.status).toBe(200);
      expect(res.body.idNumberMasked).toBe('3301**********567X');
      expect(res.body.timeline.at(-1).input.changes).toEqual([
        { field: 'idNumber', from: null, to: '3301**********567X' },
      ]);
      const events = await t.dataSource.query(`SELECT input FROM candidate_events WHERE candidate_id = '${id}'`);
      expect(JSON.stringify(events)).not.toMatch(/33010619900101567/);
      const found = await branch.get('/api/candidates?idNumber=33010619900101567X');
      expect(found.body.items.map((c: { id: string }) => c.id)).toEqual([id]);
    });

    it('leaves a notice already published as it was', async () => {
      const id = await walkToDevelopmentObject(t, tree, { name: '张三', idNumber: undefined });
      const notice = await branch.ok('/api/publicity', {
        orgId: tree.branch.id,
        kind: 'admission',
        candidateIds: [id],
        startDate: '2026-11-20',
        channels: { phone: '0571-88886666' },
      });
      await branch.ok(`/api/candidates/${id}`, { name: '张叁', reason: '姓名用字有误' }, 200, 'patch');
      const published = await t.http.get(`/api/public/notices/${notice.id}`);
      expect(published.body.candidates.map((c: { name: string }) => c.name)).toEqual(['张三']);
      expect((await detail(id)).body.name).toBe('张叁');
    });
  });

  describe('a recorded step (POST /api/candidates/:id/events/:seq/corrections)', () => {
    // walkToDevelopmentObject: 1 create, 2 talk 2024-03-15, 3 activist 2024-04-10, 4 cultivators,
    // 5 assessment, 6 development object 2025-04-10, 7 introducers, 8 political review, 9 training.
    let id: string;
    beforeAll(async () => {
      id = await walkToDevelopmentObject(t, tree, { name: '赵六', idNumber: undefined });
    });

    it('replays the history with the amended step and refuses what then fails, changing nothing', async () => {
      const before = await tableCounts(t.dataSource);
      const early = await branch.post(`/api/candidates/${id}/events/3/corrections`, {
        date: '2024-03-10',
        reason: '日期有误',
      });
      expect(codes(early.body)).toEqual(['DATE_OUT_OF_ORDER']);
      const short = await branch.post(`/api/candidates/${id}/events/6/corrections`, {
        date: '2025-03-01',
        reason: '日期有误',
      });
      expect(codes(short.body)).toEqual(['ACTIVIST_PERIOD_TOO_SHORT']);
      expect(await tableCounts(t.dataSource)).toEqual(before);
    });

    it('amends the step, keeps the original on the timeline marked corrected, followed by the correction', async () => {
      const res = await branch.post(`/api/candidates/${id}/events/2/corrections`, {
        date: '2024-03-20',
        reason: '谈话记录日期笔误',
      });
      expect(res.status).toBe(201);
      expect(res.body.record.talkDate).toBe('2024-03-20');
      expect(res.body.timeline[1]).toMatchObject({ seq: 2, type: 'talk', date: '2024-03-15', correctedBy: [10] });
      expect(res.body.timeline.at(-1)).toMatchObject({
        seq: 10,
        type: 'step-correction',
        input: { seq: 2, date: '2024-03-20', reason: '谈话记录日期笔误' },
      });
    });

    it(
      'checks the amended input against the step’s own body ' +
        '(400) and refuses steps that are not corrected this way',
      async () => {
        const bad = await branch.post(`/api/candidates/${id}/events/8/corrections`, {
          input: { result: 'maybe' },
          reason: '结论有误',
        });
        expect(bad.status).toBe(400);
        expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['input.result']);
        expect(
          codes(
            (await branch.post(`/api/candidates/${id}/events/1/corrections`, { date: '2024-03-02', reason: 'x' })).body,
          ),
        ).toEqual(['STEP_NOT_CORRECTABLE']);
        expect(
          codes(
            (await branch.post(`/api/candidates/${id}/events/99/corrections`, { date: '2024-03-02', reason: 'x' }))
              .body,
          ),
        ).toEqual(['EVENT_NOT_FOUND']);
      },
    );
  });

  describe('transfer between branches (POST /api/candidates/:id/transfer)', () => {
    it(
      'moves an activist with its history: the old branch no longer sees it, ' +
        'cultivators are cleared, deadlines follow',
      async () => {
        const id = await createApplicant(t, tree, { name: '调动甲', idNumber: undefined });
        await branch.ok(`/api/candidates/${id}/talk`, { date: '2024-03-15', by: '支部书记' });
        await branch.ok(`/api/candidates/${id}/activist`, {
          date: '2024-04-10',
          recommendation: 'members',
          committeeFiledOn: '2024-04-15',
        });
        await branch.ok(`/api/candidates/${id}/cultivators`, { memberIds: [tree.members[0].id, tree.members[1].id] });
        const res = await committee.post(`/api/candidates/${id}/transfer`, {
          toOrgId: tree.otherBranch.id,
          date: '2026-11-01',
          reason: '工作调动',
        });
        expect(res.status).toBe(201);
        expect(res.body).toMatchObject({
          orgId: tree.otherBranch.id,
          stage: 'activist',
          record: { activistDate: '2024-04-10' },
        });
        expect(res.body.record.cultivatorIds).toBeUndefined();
        expect((await detail(id)).status).toBe(404);
        expect((await detail(id, other)).status).toBe(200);
        const [branchPath] = await t.dataSource.query(
          `SELECT path FROM organizations WHERE id = '${tree.otherBranch.id}'`,
        );
        const deadlines = await t.dataSource.query(
          `SELECT org_path FROM deadlines WHERE candidate_id = '${id}' AND status IN ('pending', 'overdue')`,
        );
        expect(deadlines.length).toBeGreaterThan(0);
        expect(deadlines.every((d: { org_path: string }) => d.org_path === branchPath.path)).toBe(true);
      },
    );

    it('moves a probationary member’s roster record with them', async () => {
      const id = await admitDirectly(t, tree, '2025-11-20', { name: '调动乙', idNumber: undefined });
      await committee.ok(`/api/candidates/${id}/transfer`, {
        toOrgId: tree.otherBranch.id,
        date: '2026-11-01',
        reason: '工作调动',
      });
      const roster = await other.get(`/api/organizations/${tree.otherBranch.id}/members?limit=100`);
      expect(roster.body.items.map((m: { name: string }) => m.name)).toContain('调动乙');
    });

    it(
      'is a committee’s decision over both branches: ' + '403 for a branch, 422 for a non-branch or the same branch',
      async () => {
        const id = await createApplicant(t, tree, { idNumber: undefined });
        const body = { toOrgId: tree.otherBranch.id, date: '2026-11-01', reason: '工作调动' };
        expect((await branch.post(`/api/candidates/${id}/transfer`, body)).status).toBe(403);
        expect(
          codes((await committee.post(`/api/candidates/${id}/transfer`, { ...body, toOrgId: tree.committee.id })).body),
        ).toEqual(['ORG_NOT_BRANCH']);
        expect(
          codes((await committee.post(`/api/candidates/${id}/transfer`, { ...body, toOrgId: tree.branch.id })).body),
        ).toEqual(['SAME_BRANCH']);
      },
    );
  });

  describe('duplicate applicants (keyed digest of the ID number)', () => {
    const number = '330106198801011111';

    it('refuses a second open application with the same number, naming the holder only within scope', async () => {
      const first = await createApplicant(t, tree, { name: '重复甲', idNumber: number });
      const again = await branch.post('/api/candidates', {
        orgId: tree.branch.id,
        name: '重复乙',
        gender: 'male',
        birthDate: '1988-01-01',
        applicationDate: '2026-01-01',
        idNumber: number,
      });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({
        code: 'DUPLICATE_APPLICANT',
        holder: { candidateId: first, orgName: '第一党支部' },
      });
      const elsewhere = await other.post('/api/candidates', {
        orgId: tree.otherBranch.id,
        name: '重复丙',
        gender: 'male',
        birthDate: '1988-01-01',
        applicationDate: '2026-01-01',
        idNumber: number.toLowerCase(),
      });
      expect(elsewhere.status).toBe(409);
      expect(elsewhere.body.holder).toBeUndefined();
      expect(elsewhere.body.message).not.toContain('第一党支部');
      expect(
        (await branch.get(`/api/candidates?idNumber=${number}`)).body.items.map((c: { id: string }) => c.id),
      ).toEqual([first]);
      expect((await other.get(`/api/candidates?idNumber=${number}`)).body.items).toEqual([]);
      await branch.ok(`/api/candidates/${first}/withdraw`, { date: '2026-02-01' });
      expect(
        (
          await branch.post('/api/candidates', {
            orgId: tree.branch.id,
            name: '重复甲',
            gender: 'male',
            birthDate: '1988-01-01',
            applicationDate: '2026-03-01',
            idNumber: number,
          })
        ).status,
      ).toBe(201);
    });

    it('lets exactly one of twenty concurrent applications with one number through', async () => {
      const base = await t.listen();
      const body = JSON.stringify({
        orgId: tree.branch.id,
        name: '并发',
        gender: 'female',
        birthDate: '1990-01-01',
        applicationDate: '2026-01-01',
        idNumber: '330106199001012222',
      });
      const headers = { 'content-type': 'application/json', authorization: `Bearer ${tree.branch.token}` };
      const statuses = await Promise.all(
        Array.from({ length: 20 }, () =>
          fetch(`${base}/api/candidates`, { method: 'POST', headers, body }).then((r) => r.status),
        ),
      );
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    });
  });

  describe('batches (POST /api/candidates/batch)', () => {
    let objects: string[];
    beforeAll(async () => {
      objects = [];
      for (const name of ['批甲', '批乙', '批丙'])
        objects.push(await walkToDevelopmentObject(t, tree, { name, idNumber: undefined }));
    });

    it('runs one command for many candidates and answers each one’s summary', async () => {
      const input = { startDate: '2025-06-01', endDate: '2025-06-02', days: 2, hours: 16, passed: true };
      const res = await branch.post('/api/candidates/batch', { command: 'training', candidateIds: objects, input });
      expect(res.status).toBe(201);
      expect(res.body.items.map((c: { id: string }) => c.id)).toEqual(objects);
      for (const id of objects) expect((await detail(id)).body.record.trainings).toHaveLength(2);
    });

    it(
      'is all or nothing: 422 lists every violation of ' + 'every candidate by id and name, and writes nothing',
      async () => {
        const applicant = await createApplicant(t, tree, { name: '批丁', idNumber: undefined });
        const before = await tableCounts(t.dataSource);
        const res = await branch.post('/api/candidates/batch', {
          command: 'political-review',
          candidateIds: [...objects, applicant],
          input: { date: '2027-01-01', result: 'passed' },
        });
        expect(res.status).toBe(422);
        const byCandidate = (cid: string) =>
          res.body.violations
            .filter((v: { candidateId: string }) => v.candidateId === cid)
            .map((v: { code: string }) => v.code)
            .sort();
        for (const id of objects) expect(byCandidate(id)).toEqual(['DATE_IN_FUTURE']);
        expect(byCandidate(applicant)).toEqual(['DATE_IN_FUTURE', 'WRONG_STAGE']);
        expect(res.body.violations.find((v: { candidateId: string }) => v.candidateId === applicant)).toMatchObject({
          name: '批丁',
          message: expect.stringMatching(/^批丁：/),
        });
        expect(await tableCounts(t.dataSource)).toEqual(before);
      },
    );

    it(
      'answers 400 for a command that is not batched or a bad input, ' + '403 for a role, 404 for an unknown candidate',
      async () => {
        const one = objects.slice(0, 1);
        expect(
          (
            await branch.post('/api/candidates/batch', {
              command: 'cultivators',
              candidateIds: one,
              input: { memberIds: [] },
            })
          ).status,
        ).toBe(400);
        const bad = await branch.post('/api/candidates/batch', {
          command: 'assessments',
          candidateIds: one,
          input: { date: 'soon', result: 'good' },
        });
        expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['input.date']);
        const many = Array.from({ length: 501 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
        expect(
          (
            await branch.post('/api/candidates/batch', {
              command: 'oath',
              candidateIds: many,
              input: { date: '2026-01-01' },
            })
          ).status,
        ).toBe(400);
        expect(
          (
            await branch.post('/api/candidates/batch', {
              command: 'pre-review',
              candidateIds: one,
              input: { date: '2026-01-01', result: 'passed' },
            })
          ).status,
        ).toBe(403);
        const unknown = '00000000-0000-4000-8000-000000000001';
        expect(
          (
            await branch.post('/api/candidates/batch', {
              command: 'assessments',
              candidateIds: [unknown],
              input: { date: '2026-01-01', result: 'good' },
            })
          ).status,
        ).toBe(404);
      },
    );
  });
});
