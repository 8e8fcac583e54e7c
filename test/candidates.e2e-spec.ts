import { Client, codes } from './support/client';
import { startApp, tableCounts, TestApp } from './support/harness';
import { orgTree, OrgTree } from './support/fixtures';
import { APPLICANT, cmd, createApplicant, NOON, walkToDevelopmentObject } from './support/pipeline';

describe('candidates: the applicant pipeline up to publicity (SPEC §5 rows 0–8, 10, 19–21)', () => {
  let t: TestApp;
  let tree: OrgTree;
  let admin: Client;
  let committee: Client;
  let branch: Client;
  let otherBranch: Client;

  beforeAll(async () => {
    t = await startApp();
    t.clock.set(NOON);
    tree = await orgTree(t, 6);
    admin = new Client(t, tree.admin);
    committee = new Client(t, tree.committee.token);
    branch = new Client(t, tree.branch.token);
    otherBranch = new Client(t, tree.otherBranch.token);
  });
  afterAll(() => t.close());

  describe('create', () => {
    it('creates an applicant with a talk deadline, a timeline and a masked ID number only', async () => {
      const res = await branch.post('/api/candidates', {
        orgId: tree.branch.id,
        ...APPLICANT,
        idNumber: '330106199505011234',
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ stage: 'applicant', deferred: false, idNumberMasked: '3301**********1234' });
      expect(res.body.profile).toMatch(/^default@/);
      expect(res.body.deadlines).toEqual([{ kind: 'talk', dueOn: '2024-04-01', status: 'overdue', refId: null }]);
      expect(res.body.timeline).toHaveLength(1);
      expect(res.body.timeline[0]).toMatchObject({
        seq: 1,
        type: 'create',
        date: '2024-03-01',
        actor: { name: 'branch用户' },
      });
      expect(JSON.stringify(res.body)).not.toContain('330106199505011234');
      const [row] = await t.dataSource.query(
        'SELECT id_digest, id_masked, record FROM candidates WHERE id = $1'.replace('$1', `'${res.body.id}'`),
      );
      expect(row.id_digest).toMatch(/^[0-9a-f]{64}$/); // SPEC §13: a keyed digest (was a salted hash before §13)
      const events = await t.dataSource.query(
        `SELECT input FROM candidate_events WHERE candidate_id = '${res.body.id}'`,
      );
      expect(JSON.stringify(events)).not.toContain('330106199505011234');
      expect(res.body.next.map((n: { command: string }) => n.command)).toEqual(
        expect.arrayContaining(['talk', 'activist', 'reject', 'withdraw', 'defer']),
      );
      const activist = res.body.next.find((n: { command: string }) => n.command === 'activist');
      expect(activist).toMatchObject({ ok: false, violations: [expect.objectContaining({ code: 'TALK_MISSING' })] });
    });

    it.each([
      ['AGE_UNDER_MINIMUM', { birthDate: '2006-03-02', applicationDate: '2024-03-01' }],
      ['REAPPLICATION_TOO_SOON', { priorRemoval: { kind: 'persuaded', on: '2019-03-02' } }],
      ['DATE_IN_FUTURE', { applicationDate: '2026-11-22' }],
    ])('refuses %s with 422 and writes nothing', async (code, over) => {
      const before = await tableCounts(t.dataSource);
      const res = await branch.post('/api/candidates', { orgId: tree.branch.id, ...APPLICANT, ...over });
      expect(res.status).toBe(422);
      expect(res.body.error).toBe('GateViolation');
      expect(codes(res.body)).toContain(code);
      expect(await tableCounts(t.dataSource)).toEqual(before);
    });

    it('accepts the applicant on the 18th birthday and five years to the day after a removal', async () => {
      expect(
        (
          await branch.post('/api/candidates', {
            orgId: tree.branch.id,
            ...APPLICANT,
            birthDate: '2006-03-01',
            applicationDate: '2024-03-01',
          })
        ).status,
      ).toBe(201);
      expect(
        (
          await branch.post('/api/candidates', {
            orgId: tree.branch.id,
            ...APPLICANT,
            priorRemoval: { kind: 'removed', on: '2019-03-01' },
          })
        ).status,
      ).toBe(201);
    });

    it('lists every field error with 400', async () => {
      const before = await tableCounts(t.dataSource);
      const res = await branch.post('/api/candidates', {
        orgId: 'x',
        name: '',
        gender: 'm',
        birthDate: '1995-02-29',
        applicationDate: 'yesterday',
        idNumber: '123',
        nickname: 'x',
      });
      expect(res.status).toBe(400);
      const fields = res.body.errors.map((e: { field: string }) => e.field);
      expect(fields).toEqual(
        expect.arrayContaining(['orgId', 'name', 'gender', 'birthDate', 'applicationDate', 'idNumber', 'nickname']),
      );
      expect(await tableCounts(t.dataSource)).toEqual(before);
    });

    it('takes applications at branches only, within scope', async () => {
      const atCommittee = await committee.post('/api/candidates', { orgId: tree.committee.id, ...APPLICANT });
      expect(atCommittee.status).toBe(422);
      expect(atCommittee.body.code).toBe('ORG_NOT_BRANCH');
      const foreign = await otherBranch.post('/api/candidates', { orgId: tree.branch.id, ...APPLICANT });
      expect(foreign.status).toBe(404);
      const reviewer = new Client(t, t.token('reviewer', tree.branch.id));
      expect((await reviewer.post('/api/candidates', { orgId: tree.branch.id, ...APPLICANT })).status).toBe(403);
    });
  });

  describe('the walk to development object', () => {
    it('walks application → activist → development object, recording every step on the timeline', async () => {
      const id = await walkToDevelopmentObject(t, tree);
      const res = await branch.get(`/api/candidates/${id}`);
      expect(res.status).toBe(200);
      expect(res.body.stage).toBe('development_object');
      expect(res.body.timeline.map((e: { type: string }) => e.type)).toEqual([
        'create',
        'talk',
        'activist',
        'cultivators',
        'assessments',
        'development-object',
        'introducers',
        'political-review',
        'training',
      ]);
      expect(res.body.timeline.map((e: { seq: number }) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(res.body.record).toMatchObject({
        talkDate: '2024-03-15',
        activistDate: '2024-04-10',
        developmentObjectDate: '2025-04-10',
      });
      const publicity = res.body.next.find((n: { command: string }) => n.command === 'publicity');
      expect(publicity).toMatchObject({ ok: true, violations: [] });
      // the talk deadline is met; the half-yearly assessment is the open one
      expect(res.body.deadlines.map((d: { kind: string }) => d.kind)).toEqual(['assessment']);
      expect(res.body.deadlines[0].dueOn).toBe('2025-04-10');
    });

    it('refuses pre-review without a passed publicity', async () => {
      const id = await walkToDevelopmentObject(t, tree);
      const res = await cmd(t, tree.committee.token, id, 'pre-review', { date: '2025-06-01', result: 'passed' });
      expect(res.status).toBe(422);
      expect(codes(res.body)).toEqual(['PUBLICITY_NOT_PASSED']);
      const byBranch = await cmd(t, tree.branch.token, id, 'pre-review', { date: '2025-06-01', result: 'passed' });
      expect(byBranch.status).toBe(403);
    });
  });

  describe('gates', () => {
    it('TALK_MISSING and DATE_OUT_OF_ORDER, all at once', async () => {
      const id = await createApplicant(t, tree);
      const res = await cmd(t, tree.branch.token, id, 'activist', {
        date: '2024-02-01',
        recommendation: 'members',
        committeeFiledOn: '2024-02-05',
      });
      expect(res.status).toBe(422);
      expect(codes(res.body)).toEqual(['DATE_OUT_OF_ORDER', 'TALK_MISSING']);
      expect(res.body.violations.every((v: { message: string }) => /[\u4e00-\u9fa5]/.test(v.message))).toBe(true);
    });

    it('records a talk after the month is out, and raises A01 once', async () => {
      const id = await createApplicant(t, tree, { applicationDate: '2024-01-31' }); // talk due 2024-02-29
      expect((await cmd(t, tree.branch.token, id, 'talk', { date: '2024-02-29', by: '书记' })).status).toBe(201);
      const onTime = await committee.get('/api/accountability/records?situation=A01');
      expect(onTime.body.items.filter((r: { candidateId: string }) => r.candidateId === id)).toEqual([]);
      const late = await createApplicant(t, tree, { applicationDate: '2024-01-31' });
      expect((await cmd(t, tree.branch.token, late, 'talk', { date: '2024-03-01', by: '书记' })).status).toBe(201);
      const raised = await committee.get('/api/accountability/records?situation=A01');
      expect(raised.body.items.filter((r: { candidateId: string }) => r.candidateId === late)).toEqual([
        expect.objectContaining({ situation: 'A01', source: 'system', status: 'filed' }),
      ]);
    });

    it('DATE_IN_FUTURE for a talk dated tomorrow; today is fine', async () => {
      const id = await createApplicant(t, tree);
      expect(codes((await cmd(t, tree.branch.token, id, 'talk', { date: '2026-11-22', by: '书记' })).body)).toEqual([
        'DATE_IN_FUTURE',
      ]);
      expect((await cmd(t, tree.branch.token, id, 'talk', { date: '2026-11-21', by: '书记' })).status).toBe(201);
    });

    it('CULTIVATOR_COUNT, CULTIVATOR_NOT_FORMAL and members outside the branch roster', async () => {
      const id = await createApplicant(t, tree);
      await cmd(t, tree.branch.token, id, 'talk', { date: '2024-03-15', by: '书记' });
      await cmd(t, tree.branch.token, id, 'activist', {
        date: '2024-04-10',
        recommendation: 'organization',
        committeeFiledOn: '2024-04-15',
      });
      const [m1, m2, m3] = tree.members;
      expect(
        codes((await cmd(t, tree.branch.token, id, 'cultivators', { memberIds: [m1.id, m2.id, m3.id] })).body),
      ).toEqual(['CULTIVATOR_COUNT']);
      expect(codes((await cmd(t, tree.branch.token, id, 'cultivators', { memberIds: [] })).body)).toEqual([
        'CULTIVATOR_COUNT',
      ]);
      const probationary = await branch.post(`/api/organizations/${tree.branch.id}/members`, {
        name: '预备党员甲',
        status: 'probationary',
        joinedOn: '2026-01-01',
      });
      expect(
        codes((await cmd(t, tree.branch.token, id, 'cultivators', { memberIds: [probationary.body.id] })).body),
      ).toEqual(['CULTIVATOR_NOT_FORMAL']);
      const outsider = await admin.post(`/api/organizations/${tree.otherBranch.id}/members`, {
        name: '外支部党员',
        status: 'formal',
        joinedOn: '2001-07-01',
      });
      const res = await cmd(t, tree.branch.token, id, 'cultivators', { memberIds: [outsider.body.id] });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('MEMBER_NOT_IN_BRANCH');
    });

    it(
      'ACTIVIST_PERIOD_TOO_SHORT one day before the year is full, ' + 'and CULTIVATOR_COUNT without cultivators',
      async () => {
        const id = await createApplicant(t, tree);
        await cmd(t, tree.branch.token, id, 'talk', { date: '2024-03-15', by: '书记' });
        await cmd(t, tree.branch.token, id, 'activist', {
          date: '2024-04-10',
          recommendation: 'members',
          committeeFiledOn: '2024-04-15',
        });
        const res = await cmd(t, tree.branch.token, id, 'development-object', {
          date: '2025-04-09',
          opinionsHeard: true,
          committeeFiledOn: '2025-04-12',
        });
        expect(codes(res.body)).toEqual(['ACTIVIST_PERIOD_TOO_SHORT', 'CULTIVATOR_COUNT']);
        const notHeard = await cmd(t, tree.branch.token, id, 'development-object', {
          date: '2025-04-10',
          opinionsHeard: false,
          committeeFiledOn: '2025-04-12',
        });
        expect(notHeard.status).toBe(400);
      },
    );

    it('INTRODUCER_COUNT and INTRODUCER_NOT_FORMAL (no voting rights under 留党察看)', async () => {
      const id = await walkToDevelopmentObject(t, tree);
      const [m1] = tree.members;
      expect(codes((await cmd(t, tree.branch.token, id, 'introducers', { memberIds: [m1.id] })).body)).toEqual([
        'INTRODUCER_COUNT',
      ]);
      const suspended = await branch.post(`/api/organizations/${tree.branch.id}/members`, {
        name: '留党察看者',
        status: 'formal',
        votingRights: false,
        joinedOn: '2001-07-01',
      });
      expect(
        codes((await cmd(t, tree.branch.token, id, 'introducers', { memberIds: [m1.id, suspended.body.id] })).body),
      ).toEqual(['INTRODUCER_NOT_FORMAL']);
    });

    it('WRONG_STAGE for a command from the wrong stage', async () => {
      const id = await createApplicant(t, tree);
      const res = await cmd(t, tree.branch.token, id, 'political-review', { date: '2024-03-10', result: 'passed' });
      expect(res.status).toBe(422);
      expect(codes(res.body)).toEqual(['WRONG_STAGE']);
    });

    it('defer blocks forward commands (CANDIDATE_DEFERRED) until resume', async () => {
      const id = await createApplicant(t, tree);
      expect(
        (await cmd(t, tree.branch.token, id, 'defer', { date: '2024-03-10', reason: '群众反映待核实' })).status,
      ).toBe(201);
      expect(codes((await cmd(t, tree.branch.token, id, 'talk', { date: '2024-03-15', by: '书记' })).body)).toEqual([
        'CANDIDATE_DEFERRED',
      ]);
      expect(
        codes((await cmd(t, tree.branch.token, id, 'defer', { date: '2024-03-11', reason: '再次' })).body),
      ).toEqual(['ALREADY_DEFERRED']);
      const list = await branch.get(`/api/candidates?deferred=true&orgId=${tree.branch.id}`);
      expect(list.body.items.map((c: { id: string }) => c.id)).toContain(id);
      expect((await cmd(t, tree.branch.token, id, 'resume', { date: '2024-03-12', reason: '已核实' })).status).toBe(
        201,
      );
      expect((await cmd(t, tree.branch.token, id, 'talk', { date: '2024-03-15', by: '书记' })).status).toBe(201);
    });

    it('reject and withdraw close the candidate; any later command is CANDIDATE_CLOSED', async () => {
      const rejected = await createApplicant(t, tree);
      const r = await cmd(t, tree.branch.token, rejected, 'reject', { date: '2024-03-20', reason: '入党动机不端正' });
      expect(r.status).toBe(201);
      expect(r.body.stage).toBe('rejected');
      expect(r.body.deadlines).toEqual([]);
      expect(
        codes((await cmd(t, tree.branch.token, rejected, 'talk', { date: '2024-03-21', by: '书记' })).body),
      ).toEqual(['CANDIDATE_CLOSED']);
      const withdrawn = await createApplicant(t, tree);
      expect((await cmd(t, tree.branch.token, withdrawn, 'withdraw', { date: '2024-03-20' })).body.stage).toBe(
        'withdrawn',
      );
      expect(
        codes((await cmd(t, tree.branch.token, withdrawn, 'resume', { date: '2024-03-21', reason: 'x' })).body),
      ).toEqual(['CANDIDATE_CLOSED']);
    });

    it('a 422 on a command leaves the database unchanged', async () => {
      const id = await createApplicant(t, tree);
      const before = await tableCounts(t.dataSource);
      const detailBefore = (await branch.get(`/api/candidates/${id}`)).body;
      expect(
        (
          await cmd(t, tree.branch.token, id, 'activist', {
            date: '2024-04-10',
            recommendation: 'members',
            committeeFiledOn: '2024-04-15',
          })
        ).status,
      ).toBe(422);
      expect(await tableCounts(t.dataSource)).toEqual(before);
      expect((await branch.get(`/api/candidates/${id}`)).body).toEqual(detailBefore);
    });
  });

  describe('plan.required (example-city profile)', () => {
    it('refuses a development object outside an approved plan with NOT_IN_PLAN', async () => {
      const city = await startApp({ RULES_PROFILE: 'example-city' });
      try {
        city.clock.set(NOON);
        const cityTree = await orgTree(city, 3);
        const id = await createApplicant(city, cityTree);
        const [m1] = cityTree.members;
        await cmd(city, cityTree.branch.token, id, 'talk', { date: '2024-03-15', by: '书记' });
        await cmd(city, cityTree.branch.token, id, 'activist', {
          date: '2024-04-10',
          recommendation: 'members',
          committeeFiledOn: '2024-04-15',
        });
        await cmd(city, cityTree.branch.token, id, 'cultivators', { memberIds: [m1.id] });
        const res = await cmd(city, cityTree.branch.token, id, 'development-object', {
          date: '2025-04-10',
          opinionsHeard: true,
          committeeFiledOn: '2025-04-12',
        });
        expect(codes(res.body)).toEqual(['NOT_IN_PLAN']);
      } finally {
        await city.close();
      }
    });
  });

  describe('reading', () => {
    it('lists within scope, newest first, with filters, search and pagination', async () => {
      const a = await createApplicant(t, tree, { name: '王小红' });
      const b = await createApplicant(t, tree, { name: '王小兰' });
      const page = await committee.get('/api/candidates?q=王小&limit=1&page=1');
      expect(page.status).toBe(200);
      expect(page.body).toMatchObject({ total: 2, page: 1, limit: 1 });
      expect(page.body.items[0].id).toBe(b);
      const second = await committee.get('/api/candidates?q=王小&limit=1&page=2');
      expect(second.body.items[0].id).toBe(a);
      const other = await otherBranch.get('/api/candidates');
      expect(other.body.total).toBe(0);
      expect((await otherBranch.get(`/api/candidates/${a}`)).status).toBe(404);
      const reviewer = new Client(t, t.token('reviewer', tree.committee.id));
      expect((await reviewer.get(`/api/candidates/${a}`)).status).toBe(200);
      const byStage = await branch.get('/api/candidates?stage=development_object');
      expect(byStage.body.items.every((c: { stage: string }) => c.stage === 'development_object')).toBe(true);
      expect((await branch.get('/api/candidates?stage=king')).status).toBe(400);
      // SPEC §5 writes `?orgId=&stage=…`: an empty parameter is no filter; a limit above 500 is capped
      const empty = await committee.get('/api/candidates?orgId=&stage=&deferred=&q=&page=&limit=');
      expect(empty.status).toBe(200);
      expect(empty.body).toMatchObject({ page: 1, limit: 20 });
      expect((await committee.get('/api/candidates?limit=100000')).body.limit).toBe(500);
    });

    it('keeps the timeline immutable in the database itself', async () => {
      const id = await createApplicant(t, tree);
      await expect(
        t.dataSource.query(`UPDATE candidate_events SET type = 'x' WHERE candidate_id = '${id}'`),
      ).rejects.toThrow(/append-only/);
      await expect(t.dataSource.query(`DELETE FROM candidate_events WHERE candidate_id = '${id}'`)).rejects.toThrow(
        /append-only/,
      );
    });
  });
});
