import { Client, codes } from './support/client';
import { startApp, tableCounts, TestApp } from './support/harness';
import { orgTree, OrgTree } from './support/fixtures';
import { admitDirectly, cmd, NOON } from './support/pipeline';

const GOOD = { rating: 'good' };
const CHECKS = {
  thought: GOOD,
  performance: GOOD,
  massOpinion: { rating: 'concern', notes: '个别群众反映工作作风' },
  exemplary: GOOD,
};

const TITLE =
  'probation: oath, visits, conversion application, extension, cancellation, spot checks (SPEC §5 rows 12–18, §8)';

describe(TITLE, () => {
  let t: TestApp;
  let tree: OrgTree;
  let branch: Client;
  let committee: Client;
  let secretary: string;

  beforeAll(async () => {
    t = await startApp();
    t.clock.set(NOON); // today 2026-11-21
    tree = await orgTree(t, 6);
    branch = new Client(t, tree.branch.token);
    committee = new Client(t, tree.committee.token);
    secretary = tree.members[5].id;
  });
  afterAll(() => t.close());

  const visit = (
    id: string,
    visitors: object[],
    action = 'none',
    date = '2026-06-01',
    decision?: object,
    as = branch,
  ) =>
    as.post(`/api/candidates/${id}/visits`, {
      date,
      visitors,
      methods: ['forum', 'mass_visit'],
      checks: CHECKS,
      action,
      ...(decision ? { decision } : {}),
    });
  const detailOf = async (id: string) => (await branch.get(`/api/candidates/${id}`)).body;

  it('records the oath and a qualifying visit with the four checks', async () => {
    const id = await admitDirectly(t, tree, '2025-11-20');
    const detail = (await branch.get(`/api/candidates/${id}`)).body;
    expect(detail).toMatchObject({
      probationStart: '2025-11-20',
      probationEnd: '2026-11-20',
      conversionDecision: null,
    });
    expect((await cmd(t, tree.branch.token, id, 'oath', { date: '2025-12-01' })).status).toBe(201);
    const res = await visit(id, [{ memberId: secretary, role: 'secretary' }]);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      qualifying: true,
      action: 'none',
      checks: CHECKS,
      visitors: [{ memberId: secretary, role: 'secretary', name: '党员6' }],
    });
    const reviewer = new Client(t, t.token('reviewer', tree.committee.id));
    const list = await reviewer.get(`/api/visits?orgId=${tree.branch.id}&from=2026-06-01&to=2026-06-01`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((v: { candidateId: string }) => v.candidateId)).toContain(id);
  });

  it('counts only a visit by the secretary or an introducer, and checks the introducer', async () => {
    const id = await admitDirectly(t, tree, '2025-11-20');
    const other = await visit(id, [{ memberId: tree.members[4].id, role: 'other' }]);
    expect(other.body.qualifying).toBe(false);
    const fake = await visit(id, [{ memberId: tree.members[4].id, role: 'introducer' }]);
    expect(fake.status).toBe(422);
    expect(fake.body.code).toBe('VISITOR_NOT_INTRODUCER');
    const real = await visit(id, [{ memberId: tree.members[0].id, role: 'introducer' }]);
    expect(real.body.qualifying).toBe(true);
    const reviewer = new Client(t, t.token('reviewer', tree.committee.id));
    const byReviewer = await reviewer.post(`/api/candidates/${id}/visits`, {
      date: '2026-06-02',
      visitors: [{ memberId: secretary, role: 'secretary' }],
      methods: ['site_inspection'],
      checks: CHECKS,
      action: 'criticism',
    });
    expect(byReviewer.status).toBe(201);
  });

  it('lists every field error of a malformed visit with 400 and writes nothing', async () => {
    const id = await admitDirectly(t, tree, '2025-11-20');
    const before = await tableCounts(t.dataSource);
    const res = await branch.post(`/api/candidates/${id}/visits`, {
      date: '2026-13-01',
      visitors: [{ memberId: 'x', role: 'boss' }],
      methods: ['party'],
      checks: { thought: { rating: 'meh' } },
      action: 'fire',
    });
    expect(res.status).toBe(400);
    const fields = res.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'date',
        'visitors[0].memberId',
        'visitors[0].role',
        'methods',
        'checks.thought.rating',
        'checks.performance',
        'action',
      ]),
    );
    expect(await tableCounts(t.dataSource)).toEqual(before);
  });

  it('PROBATION_NOT_ENDED the day before the probation end; allowed on the day', async () => {
    const id = await admitDirectly(t, tree, '2025-11-20');
    expect(codes((await cmd(t, tree.branch.token, id, 'conversion-application', { date: '2026-11-19' })).body)).toEqual(
      ['PROBATION_NOT_ENDED'],
    );
    const ok = await cmd(t, tree.branch.token, id, 'conversion-application', { date: '2026-11-20' });
    expect(ok.status).toBe(201);
    expect(ok.body.record.conversionApplicationDate).toBe('2026-11-20');
  });

  it('extension: 6–12 months, once; it moves the probation end and starts the conversion round over', async () => {
    const id = await admitDirectly(t, tree, '2025-11-20');
    expect(codes((await cmd(t, tree.branch.token, id, 'extension', { date: '2026-11-20', months: 5 })).body)).toEqual([
      'EXTENSION_OUT_OF_RANGE',
    ]);
    expect(codes((await cmd(t, tree.branch.token, id, 'extension', { date: '2026-11-20', months: 13 })).body)).toEqual([
      'EXTENSION_OUT_OF_RANGE',
    ]);
    const ext = await cmd(t, tree.branch.token, id, 'extension', { date: '2026-11-20', months: 6 });
    expect(ext.status).toBe(201);
    expect(ext.body.record).toMatchObject({ extensionsUsed: 1, probationEnd: '2027-05-20' });
    expect(ext.body.deadlines).toEqual([expect.objectContaining({ kind: 'probation_end', dueOn: '2027-05-20' })]);
    expect(codes((await cmd(t, tree.branch.token, id, 'extension', { date: '2026-11-21', months: 6 })).body)).toEqual([
      'EXTENSION_ALREADY_USED',
    ]);
    expect(codes((await cmd(t, tree.branch.token, id, 'conversion-application', { date: '2026-11-21' })).body)).toEqual(
      ['PROBATION_NOT_ENDED'],
    );
  });

  it(
    'a visit that decides an extension carries it: ' + 'both recorded in one transaction and linked, or neither',
    async () => {
      const id = await admitDirectly(t, tree, '2025-11-20');
      const secretaryVisits = [{ memberId: secretary, role: 'secretary' }];
      const before = await tableCounts(t.dataSource);
      expect((await visit(id, secretaryVisits, 'extend_probation', '2026-10-01')).status).toBe(400); // no decision
      expect((await visit(id, secretaryVisits, 'extend_probation', '2026-10-01', { date: '2026-10-02' })).status).toBe(
        400,
      ); // no months
      expect((await visit(id, secretaryVisits, 'none', '2026-10-01', { date: '2026-10-02', months: 6 })).status).toBe(
        400,
      ); // a decision with no action to carry it
      const early = await visit(id, secretaryVisits, 'extend_probation', '2026-10-01', {
        date: '2026-09-30',
        months: 6,
      });
      expect(codes(early.body)).toEqual(['DATE_OUT_OF_ORDER']);
      expect(
        codes(
          (await visit(id, secretaryVisits, 'extend_probation', '2026-10-01', { date: '2026-10-02', months: 13 })).body,
        ),
      ).toEqual(['EXTENSION_OUT_OF_RANGE']);
      expect(
        (
          await visit(
            id,
            secretaryVisits,
            'extend_probation',
            '2026-10-01',
            { date: '2026-10-02', months: 6 },
            new Client(t, t.token('reviewer', tree.branch.id)),
          )
        ).status,
      ).toBe(403);
      expect(await tableCounts(t.dataSource)).toEqual(before); // nothing of a refused visit, nor of its decision

      const res = await visit(id, secretaryVisits, 'extend_probation', '2026-10-01', {
        date: '2026-10-02',
        months: 6,
      });
      expect(res.status).toBe(201);
      const detail = await detailOf(id);
      expect(detail.record).toMatchObject({ extensionsUsed: 1, probationEnd: '2027-05-20' });
      expect(detail.timeline.slice(-2).map((e: { type: string }) => e.type)).toEqual(['visit', 'extension']);
      expect(res.body.decisionSeq).toBe(detail.timeline.at(-1).seq);
      const listed = await branch.get(`/api/visits?orgId=${tree.branch.id}&from=2026-10-01&to=2026-10-01`);
      expect(listed.body.items.find((v: { candidateId: string }) => v.candidateId === id).decisionSeq).toBe(
        detail.timeline.at(-1).seq,
      );
      // the extension gate holds for a visit's decision too
      expect(
        codes(
          (await visit(id, secretaryVisits, 'extend_probation', '2026-10-05', { date: '2026-10-06', months: 6 })).body,
        ),
      ).toEqual(['EXTENSION_ALREADY_USED']);
    },
  );

  it('a visit that decides a cancellation needs a committee, and closes the candidate with it', async () => {
    const id = await admitDirectly(t, tree, '2025-11-20');
    const visitors = [{ memberId: secretary, role: 'secretary' }];
    expect(
      (await visit(id, visitors, 'cancel', '2026-10-01', { date: '2026-10-03', reason: '经教育仍不履行党员义务' }))
        .status,
    ).toBe(403);
    expect((await visit(id, visitors, 'cancel', '2026-10-01', { date: '2026-10-03' }, committee)).status).toBe(400);
    const res = await visit(
      id,
      visitors,
      'cancel',
      '2026-10-01',
      { date: '2026-10-03', reason: '经教育仍不履行党员义务' },
      committee,
    );
    expect(res.status).toBe(201);
    const detail = await detailOf(id);
    expect(detail.stage).toBe('cancelled');
    expect(res.body.decisionSeq).toBe(detail.timeline.at(-1).seq);
  });

  it('cancellation by the committee closes the candidate and removes the probationary roster record', async () => {
    const id = await admitDirectly(t, tree, '2025-11-20');
    expect(
      (await cmd(t, tree.branch.token, id, 'cancel', { date: '2026-11-01', reason: '不履行党员义务' })).status,
    ).toBe(403);
    const res = await cmd(t, tree.committee.token, id, 'cancel', { date: '2026-11-01', reason: '不履行党员义务' });
    expect(res.status).toBe(201);
    expect(res.body.stage).toBe('cancelled');
    const roster = await branch.get(`/api/organizations/${tree.branch.id}/members?limit=100`);
    expect(roster.body.items.some((m: { candidateId: string }) => m.candidateId === id)).toBe(false);
    expect(codes((await cmd(t, tree.branch.token, id, 'oath', { date: '2026-11-02' })).body)).toEqual([
      'CANDIDATE_CLOSED',
    ]);
  });

  it('DATE_OUT_OF_ORDER before the probation start; WRONG_STAGE for a development object', async () => {
    const id = await admitDirectly(t, tree, '2025-11-20');
    expect(codes((await cmd(t, tree.branch.token, id, 'oath', { date: '2025-11-19' })).body)).toEqual([
      'DATE_OUT_OF_ORDER',
    ]);
    const { walkToDevelopmentObject } = await import('./support/pipeline');
    const dev = await walkToDevelopmentObject(t, tree);
    expect(codes((await cmd(t, tree.branch.token, dev, 'oath', { date: '2026-01-01' })).body)).toEqual(['WRONG_STAGE']);
    expect(
      codes((await cmd(t, tree.committee.token, dev, 'approval-talk', { date: '2026-01-01', by: '党委副书记' })).body),
    ).toEqual(['BRANCH_MEETING_NOT_PASSED']);
  });

  it(
    'spot checks sample reproducibly and raise A12 for ' + 'each probationary member without a qualifying visit',
    async () => {
      const spot = await startApp();
      try {
        spot.clock.set(NOON);
        const tr = await orgTree(spot, 6);
        const ids: string[] = [];
        for (let i = 0; i < 6; i++) ids.push(await admitDirectly(spot, tr, '2025-12-15', { name: `预备党员${i}` }));
        const late = await admitDirectly(spot, tr, '2026-03-01', { name: '不在窗口' }); // ends 2027-03-01, beyond 60 days
        const spotBranch = new Client(spot, tr.branch.token);
        await spotBranch.post(`/api/candidates/${ids[0]}/visits`, {
          date: '2026-06-01',
          visitors: [{ memberId: tr.members[5].id, role: 'secretary' }],
          methods: ['forum'],
          checks: CHECKS,
          action: 'none',
        });
        const dept = new Client(spot, tr.department.token);
        const branchTry = await spotBranch.post('/api/spot-checks', { orgId: tr.branch.id, sampleSize: 3 });
        expect(branchTry.status).toBe(403);
        const a = await dept.post('/api/spot-checks', { orgId: tr.department.id, sampleSize: 4, seed: 'nov-2026' });
        const b = await dept.post('/api/spot-checks', { orgId: tr.department.id, sampleSize: 4, seed: 'nov-2026' });
        expect(a.status).toBe(201);
        expect(a.body.population).toBe(6);
        expect(a.body.sampled.map((s: { candidateId: string }) => s.candidateId)).toEqual(
          b.body.sampled.map((s: { candidateId: string }) => s.candidateId),
        );
        expect(a.body.sampled).toHaveLength(4);
        expect(a.body.sampled.map((s: { candidateId: string }) => s.candidateId)).not.toContain(late);
        const expectedMisses = a.body.sampled
          .filter((s: { candidateId: string }) => s.candidateId !== ids[0])
          .map((s: { candidateId: string }) => s.candidateId);
        expect(a.body.missing.sort()).toEqual(expectedMisses.sort());
        const numeric = await dept.post('/api/spot-checks', { orgId: tr.department.id, sampleSize: 2, seed: 42 });
        expect(numeric.status).toBe(201);
        expect(numeric.body.seed).toBe('42');
        const all = await dept.post('/api/spot-checks', { orgId: tr.department.id, sampleSize: 100, seed: 'x' });
        expect(all.body.sampled).toHaveLength(6);
        expect(all.body.missing).toHaveLength(5);
        const [{ n }] = await spot.dataSource.query(
          `SELECT COUNT(*) AS n FROM accountability_records WHERE situation = 'A12'`,
        );
        expect(Number(n)).toBe(5); // one record per member, however many checks found the miss
      } finally {
        await spot.close();
      }
    },
  );
});
