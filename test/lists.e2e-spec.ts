import { Client } from './support/client';
import { startApp, tableCounts, TestApp } from './support/harness';
import { foreignTree, orgTree, OrgTree } from './support/fixtures';
import { cmd, createApplicant, NOON, TODAY, walkToDevelopmentObject } from './support/pipeline';
import { ok } from './support/voting';

const CHANNELS = { phone: '0571-88886666', online: true };
const ids = (body: { items: { id: string }[] }) => body.items.map((i) => i.id);

/**
 * SPEC §11 `GET /api/plans`, SPEC §6 `GET /api/publicity` and the objection channels a notice
 * must give. Trees: 县委组织部 → 机关党委 (第一支部 with a roster, 第二支部) and → 另一党委
 * (外单位支部 with a roster); a second top-level department, 市委组织部, outside them all.
 */
describe('lists: plans and publicity notices in scope; a notice’s objection channels', () => {
  let t: TestApp;
  let tree: OrgTree;
  let admin: Client;
  let department: Client;
  let committee: Client;
  let branch: Client;
  let otherBranch: Client;
  let outside: OrgTree;
  let outsideCommittee: Client;
  let otherDept: { id: string; token: string };
  let otherDepartment: Client;

  async function activist(on: OrgTree, name: string): Promise<string> {
    const id = await createApplicant(t, on, { name, idNumber: undefined });
    await ok(cmd(t, on.branch.token, id, 'talk', { date: '2024-03-15', by: '支部书记' }));
    await ok(
      cmd(t, on.branch.token, id, 'activist', {
        date: '2024-04-10',
        recommendation: 'members',
        committeeFiledOn: '2024-04-15',
      }),
    );
    return id;
  }

  beforeAll(async () => {
    t = await startApp();
    t.clock.set(NOON);
    tree = await orgTree(t, 3);
    admin = new Client(t, tree.admin);
    department = new Client(t, tree.department.token);
    committee = new Client(t, tree.committee.token);
    branch = new Client(t, tree.branch.token);
    otherBranch = new Client(t, tree.otherBranch.token);
    outside = await foreignTree(t, tree);
    outsideCommittee = new Client(t, outside.committee.token);
    const dept = await admin.ok<{ id: string }>('/api/organizations', { name: '市委组织部', kind: 'department' });
    otherDept = { id: dept.id, token: t.token('department', dept.id) };
    otherDepartment = new Client(t, otherDept.token);
  }, 60_000);
  afterAll(() => t.close());

  describe('GET /api/plans', () => {
    let plan2025: string, plan2026: string, foreign2026: string;

    beforeAll(async () => {
      plan2025 = (
        await department.ok<{ id: string }>('/api/plans', { orgId: tree.department.id, year: 2025, quota: 10 })
      ).id;
      plan2026 = (await department.ok<{ id: string }>('/api/plans', { orgId: tree.department.id, year: 2026 })).id;
      foreign2026 = (await otherDepartment.ok<{ id: string }>('/api/plans', { orgId: otherDept.id, year: 2026 })).id;
      // each committee puts its own candidates forward for 2026
      const ours = [await activist(tree, '计划甲'), await activist(tree, '计划乙')];
      await committee.ok(`/api/plans/${plan2026}/entries`, { candidateIds: ours });
      await outsideCommittee.ok(`/api/plans/${plan2026}/entries`, {
        candidateIds: [await activist(outside, '计划丙')],
      });
    });

    it('lists the plans in scope, newest year first, with the entries the caller may see counted', async () => {
      const dept = await department.get('/api/plans');
      expect(dept.status).toBe(200);
      expect(dept.body).toMatchObject({ total: 2, page: 1, limit: 20 });
      expect(dept.body.items).toEqual([
        {
          id: plan2026,
          orgId: tree.department.id,
          year: 2026,
          quota: null,
          createdAt: expect.any(String),
          counts: { submitted: 3, included: 0, excluded: 0 },
        },
        {
          id: plan2025,
          orgId: tree.department.id,
          year: 2025,
          quota: 10,
          createdAt: expect.any(String),
          counts: { submitted: 0, included: 0, excluded: 0 },
        },
      ]);
      // a committee sees the plans of the department above it, counting its own entries only
      const ofCommittee = await committee.get('/api/plans');
      expect(ids(ofCommittee.body)).toEqual([plan2026, plan2025]);
      expect(ofCommittee.body.items[0].counts).toEqual({ submitted: 2, included: 0, excluded: 0 });
      expect((await outsideCommittee.get('/api/plans')).body.items[0].counts).toEqual({
        submitted: 1,
        included: 0,
        excluded: 0,
      });
      // the other department sees its own plan only; the admin sees all, the later-created first within a year
      expect(ids((await otherDepartment.get('/api/plans')).body)).toEqual([foreign2026]);
      expect(ids((await admin.get('/api/plans')).body)).toEqual([foreign2026, plan2026, plan2025]);
    });

    it(
      'filters by year and by organization (the plans that cover it); ' + 'empty parameters are no filter; pages',
      async () => {
        expect(ids((await department.get('/api/plans?year=2025')).body)).toEqual([plan2025]);
        expect(ids((await admin.get('/api/plans?year=2026')).body)).toEqual([foreign2026, plan2026]);
        expect(ids((await committee.get(`/api/plans?orgId=${tree.branch.id}`)).body)).toEqual([plan2026, plan2025]);
        expect(ids((await admin.get(`/api/plans?orgId=${tree.committee.id}&year=2026`)).body)).toEqual([plan2026]);
        expect(ids((await admin.get(`/api/plans?orgId=${otherDept.id}`)).body)).toEqual([foreign2026]);
        expect((await committee.get('/api/plans?orgId=&year=')).body).toEqual((await committee.get('/api/plans')).body);
        const page2 = await admin.get('/api/plans?limit=1&page=2');
        expect(page2.body).toMatchObject({ total: 3, page: 2, limit: 1 });
        expect(ids(page2.body)).toEqual([plan2026]);
        expect((await admin.get('/api/plans?year=2030')).body).toEqual({ items: [], total: 0, page: 1, limit: 20 });
      },
    );

    it('answers 404 outside scope, 403 to branches and reviewers, 400 for bad parameters', async () => {
      expect((await committee.get(`/api/plans?orgId=${otherDept.id}`)).status).toBe(404);
      expect((await committee.get(`/api/plans?orgId=${outside.branch.id}`)).status).toBe(404);
      expect((await otherDepartment.get(`/api/plans?orgId=${tree.department.id}`)).status).toBe(404);
      expect((await branch.get('/api/plans')).status).toBe(403);
      expect((await new Client(t, t.token('reviewer', tree.branch.id)).get('/api/plans')).status).toBe(403);
      for (const query of ['year=abc', 'year=1999', 'orgId=x', 'page=0', 'status=open']) {
        const res = await department.get(`/api/plans?${query}`);
        expect([query, res.status, res.body.code]).toEqual([query, 400, 'VALIDATION_FAILED']);
      }
    });
  });

  describe('GET /api/publicity', () => {
    let closed: string, running: string, ended: string, foreign: string;
    const notice = async (on: OrgTree, name: string, startDate: string) => {
      const id = await walkToDevelopmentObject(t, on, { name, idNumber: undefined });
      const body = { orgId: on.branch.id, kind: 'admission', candidateIds: [id], startDate, channels: CHANNELS };
      return (await new Client(t, on.branch.token).ok<{ id: string }>('/api/publicity', body)).id;
    };

    beforeAll(async () => {
      closed = await notice(tree, '公示甲', '2025-06-01');
      await branch.ok(`/api/publicity/${closed}/close`);
      ended = await notice(tree, '公示乙', '2026-10-01'); // window over, not yet closed: still open
      running = await notice(tree, '公示丙', TODAY);
      foreign = await notice(outside, '公示丁', TODAY);
    }, 60_000);

    it('lists the notices in scope, newest first, by status as the service keeps it', async () => {
      const all = await admin.get('/api/publicity');
      expect(all.status).toBe(200);
      expect(all.body).toMatchObject({ total: 4, page: 1, limit: 20 });
      expect(ids(all.body)).toEqual([foreign, running, ended, closed]);
      expect(ids((await committee.get('/api/publicity')).body)).toEqual([running, ended, closed]);
      expect(ids((await branch.get('/api/publicity')).body)).toEqual([running, ended, closed]);
      expect((await otherBranch.get('/api/publicity')).body).toEqual({
        items: [],
        total: 0,
        page: 1,
        limit: 20,
      });
      expect(ids((await outsideCommittee.get('/api/publicity')).body)).toEqual([foreign]);

      const open = await committee.get('/api/publicity?status=open');
      expect(ids(open.body)).toEqual([running, ended]);
      expect(open.body.items.map((n: { acceptingComplaints: boolean }) => n.acceptingComplaints)).toEqual([
        true,
        false,
      ]);
      const closedOnes = await committee.get('/api/publicity?status=closed');
      expect(closedOnes.body.items).toEqual([
        expect.objectContaining({ id: closed, status: 'closed', closedOn: expect.any(String), channels: CHANNELS }),
      ]);
    });

    it('filters by organization; empty parameters are no filter; pages', async () => {
      expect(ids((await admin.get(`/api/publicity?orgId=${outside.committee.id}`)).body)).toEqual([foreign]);
      expect(ids((await committee.get(`/api/publicity?orgId=${tree.branch.id}&status=open`)).body)).toEqual([
        running,
        ended,
      ]);
      expect((await committee.get(`/api/publicity?orgId=${tree.otherBranch.id}`)).body.total).toBe(0);
      expect((await committee.get('/api/publicity?orgId=&status=')).body).toEqual(
        (await committee.get('/api/publicity')).body,
      );
      const page = await admin.get('/api/publicity?limit=2&page=2');
      expect(page.body).toMatchObject({ total: 4, page: 2, limit: 2 });
      expect(ids(page.body)).toEqual([ended, closed]);
    });

    it('answers 404 outside scope, 403 to reviewers, 400 for bad parameters', async () => {
      expect((await committee.get(`/api/publicity?orgId=${outside.branch.id}`)).status).toBe(404);
      expect((await branch.get(`/api/publicity?orgId=${tree.otherBranch.id}`)).status).toBe(404);
      expect((await new Client(t, t.token('reviewer', tree.branch.id)).get('/api/publicity')).status).toBe(403);
      for (const query of ['status=running', 'orgId=x', 'limit=0', 'year=2025']) {
        const res = await committee.get(`/api/publicity?${query}`);
        expect([query, res.status, res.body.code]).toEqual([query, 400, 'VALIDATION_FAILED']);
      }
    });
  });

  describe('POST /api/publicity: channels (SPEC §6)', () => {
    it('requires a phone or an address to object to: 400 on channels, nothing written', async () => {
      const id = await walkToDevelopmentObject(t, tree, { name: '渠道甲', idNumber: undefined });
      const body = { orgId: tree.branch.id, kind: 'admission', candidateIds: [id], startDate: TODAY };
      const before = await tableCounts(t.dataSource);
      for (const channels of [undefined, {}, { online: true }, { phone: '   ' }, { address: '' }, 'phone', []]) {
        const res = await branch.post('/api/publicity', channels === undefined ? body : { ...body, channels });
        expect([channels, res.status, res.body.code]).toEqual([channels, 400, 'VALIDATION_FAILED']);
        expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('channels');
      }
      const onlineOnly = await branch.post('/api/publicity', { ...body, channels: { online: true } });
      expect(onlineOnly.body.errors).toEqual([
        expect.objectContaining({ field: 'channels', code: 'hasObjectionChannel' }),
      ]);
      expect(await tableCounts(t.dataSource)).toEqual(before);

      const byAddress = await branch.post('/api/publicity', {
        ...body,
        channels: { address: '县委组织部组织科' },
      });
      expect(byAddress.status).toBe(201);
      expect(byAddress.body.channels).toEqual({ address: '县委组织部组织科' });
      const other = await walkToDevelopmentObject(t, tree, { name: '渠道乙', idNumber: undefined });
      const byPhone = await branch.post('/api/publicity', {
        ...body,
        candidateIds: [other],
        channels: { phone: '0571-12345678' },
      });
      expect(byPhone.status).toBe(201);
      expect(byPhone.body.channels).toEqual({ phone: '0571-12345678' });
    });
  });
});
