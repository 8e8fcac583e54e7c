import { PlansService } from '../src/plans/plans.service';
import { Client } from './support/client';
import { startApp, tableCounts, TestApp } from './support/harness';
import { orgTree, OrgTree } from './support/fixtures';
import { cmd, createApplicant, NOON } from './support/pipeline';
import { ok, ResultBody } from './support/voting';

describe('plans: annual development plans and their batch vote (SPEC §11, §7 purpose plan)', () => {
  let t: TestApp;
  let tree: OrgTree;
  let admin: Client;
  let department: Client;
  let committee: Client;
  let branch: Client;
  let planId: string;
  let activists: string[];
  const plan = async () => (await department.get(`/api/plans/${planId}`)).body;

  async function activist(name: string): Promise<string> {
    const id = await createApplicant(t, tree, { name });
    await ok(cmd(t, tree.branch.token, id, 'talk', { date: '2024-03-15', by: '支部书记' }));
    await ok(
      cmd(t, tree.branch.token, id, 'activist', {
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
    activists = [];
    for (const name of ['计划甲', '计划乙', '计划丙', '计划丁']) activists.push(await activist(name));
  });
  afterAll(() => t.close());

  it('is drawn up by the department, once a year', async () => {
    const res = await department.post('/api/plans', { orgId: tree.department.id, year: 2026, quota: 3 });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      orgId: tree.department.id,
      year: 2026,
      quota: 3,
      counts: { submitted: 0, included: 0, excluded: 0 },
      submitted: [],
      included: [],
      excluded: [],
    });
    planId = res.body.id;
    expect((await department.post('/api/plans', { orgId: tree.department.id, year: 2026 })).status).toBe(409);
    expect((await committee.post('/api/plans', { orgId: tree.committee.id, year: 2026 })).status).toBe(403);
    const notDept = await admin.post('/api/plans', { orgId: tree.committee.id, year: 2026 });
    expect(notDept.status).toBe(422);
    expect(notDept.body.code).toBe('ORG_NOT_DEPARTMENT');
    expect((await department.post('/api/plans', { orgId: tree.department.id, year: 'next' })).status).toBe(400);
  });

  it('takes candidates from committees within their scope, up to the quota', async () => {
    const res = await committee.post(`/api/plans/${planId}/entries`, {
      candidateIds: activists.slice(0, 3),
    });
    expect(res.status).toBe(201);
    expect(res.body.counts).toEqual({ submitted: 3, included: 0, excluded: 0 });
    expect(res.body.submitted.map((e: { name: string }) => e.name)).toEqual(['计划甲', '计划乙', '计划丙']);
    const before = await tableCounts(t.dataSource);
    const over = await committee.post(`/api/plans/${planId}/entries`, { candidateIds: [activists[3]] });
    expect(over.status).toBe(422);
    expect(over.body.code).toBe('PLAN_QUOTA_EXCEEDED');
    expect((await branch.post(`/api/plans/${planId}/entries`, { candidateIds: [activists[3]] })).status).toBe(403);
    const stray = await committee.post(`/api/plans/${planId}/entries`, {
      candidateIds: [tree.branch.id],
    });
    expect(stray.status).toBe(404); // no such candidate
    expect(await tableCounts(t.dataSource)).toEqual(before);
    // a repeat is no new entry
    expect(
      (await committee.ok<{ counts: object }>(`/api/plans/${planId}/entries`, { candidateIds: [activists[0]] })).counts,
    ).toEqual({ submitted: 3, included: 0, excluded: 0 });
    expect((await committee.get(`/api/plans/${planId}`)).status).toBe(200);
  });

  it(
    'is voted on by the organizers’ meeting ' + '(≥ ⅔ of all organizers): passed → included, failed → excluded',
    async () => {
      const body = {
        level: 'committee',
        purpose: 'plan',
        orgId: tree.department.id,
        planId,
        meetingDate: '2026-02-10',
        mode: 'paper',
        bodySize: 9,
      };
      expect((await committee.post('/api/votes', body)).status).toBe(403);
      const wrongOrg = await admin.post('/api/votes', { ...body, orgId: tree.committee.id });
      expect(wrongOrg.status).toBe(422);
      expect(wrongOrg.body.code).toBe('APPROVER_NOT_DEPARTMENT');
      const stranger = await department.post('/api/votes', { ...body, candidateIds: [activists[3]] });
      expect(stranger.status).toBe(422);
      expect(stranger.body.code).toBe('NOT_PLAN_ENTRY');

      const session = await department.ok<{ id: string; candidateIds: string[]; expected: number }>('/api/votes', body);
      expect(session.candidateIds.sort()).toEqual(activists.slice(0, 3).sort());
      expect(session.expected).toBe(9);
      await department.ok(`/api/votes/${session.id}/attendance`, { present: 8 });
      const approvals: Record<string, number> = { [activists[0]]: 6, [activists[1]]: 5, [activists[2]]: 8 };
      await department.ok(`/api/votes/${session.id}/counts`, {
        results: activists.slice(0, 3).map((candidateId) => ({
          candidateId,
          approve: approvals[candidateId],
          reject: 8 - approvals[candidateId],
          abstain: 0,
          invalid: 0,
        })),
      });
      const res = await department.ok<ResultBody>(`/api/votes/${session.id}/close`);
      expect(Object.fromEntries(res.results.map((r) => [r.candidateId, [r.required, r.passed, r.applied]]))).toEqual({
        [activists[0]]: [6, true, true],
        [activists[1]]: [6, false, true],
        [activists[2]]: [6, true, true],
      });

      const p = await plan();
      expect(p.counts).toEqual({ submitted: 0, included: 2, excluded: 1 });
      expect(p.included.map((e: { candidateId: string }) => e.candidateId).sort()).toEqual(
        [activists[0], activists[2]].sort(),
      );
      expect(p.excluded).toEqual([
        expect.objectContaining({ candidateId: activists[1], voteId: session.id, decidedOn: '2026-02-10' }),
      ]);

      const plans = t.app.get(PlansService);
      expect(await plans.isIncluded(t.dataSource.manager, activists[0], 2026)).toBe(true);
      expect(await plans.isIncluded(t.dataSource.manager, activists[1], 2026)).toBe(false);
      expect(await plans.isIncluded(t.dataSource.manager, activists[0], 2025)).toBe(false);
      // nothing left to vote on
      const again = await department.post('/api/votes', body);
      expect(again.status).toBe(422);
      expect(again.body.code).toBe('PLAN_NOTHING_TO_VOTE');
    },
  );

  it('hides plans of other departments (404)', async () => {
    const other = await admin.ok<{ id: string }>('/api/organizations', { name: '市委组织部', kind: 'department' });
    const foreign = new Client(t, t.token('department', other.id));
    expect((await foreign.get(`/api/plans/${planId}`)).status).toBe(404);
    expect((await foreign.post('/api/plans', { orgId: tree.department.id, year: 2027 })).status).toBe(404);
  });
});
