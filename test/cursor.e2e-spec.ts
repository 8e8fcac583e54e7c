import { Client } from './support/client';
import { startApp, TestApp } from './support/harness';
import { orgTree, OrgTree } from './support/fixtures';
import { cmd, createApplicant, NOON } from './support/pipeline';
import { CandidatesService } from '../src/candidates';

interface ListBody {
  items: { id: string; name: string; stage: string; deferred: boolean }[];
  total: number;
  totalIsEstimate: boolean;
  page: number;
  limit: number;
  nextCursor: string | null;
}

describe('the candidate list by cursor (keyset pagination)', () => {
  let t: TestApp;
  let tree: OrgTree;
  let committee: Client;
  const first: string[] = [];

  beforeAll(async () => {
    t = await startApp();
    t.clock.set(NOON); // every row is created at the same instant: the id orders them
    tree = await orgTree(t, 2);
    committee = new Client(t, tree.committee.token);
    for (let i = 0; i < 23; i++) first.push(await createApplicant(t, tree, { name: `游标${i}` }));
  });
  afterAll(() => t.close());

  const list = async (query: string) => {
    const res = await committee.get<ListBody>(`/api/candidates?${query}`);
    expect(res.status).toBe(200);
    return res.body;
  };

  it('walks every row exactly once while rows are being added, newest first, and ends with a null cursor', async () => {
    const seen: string[] = [];
    const added: string[] = [];
    let body = await list('limit=5');
    expect(body.total).toBe(23);
    for (;;) {
      seen.push(...body.items.map((c) => c.id));
      if (!body.nextCursor) break;
      // Someone adds applicants between two pages: they are newer, so they come before the cursor.
      added.push(await createApplicant(t, tree, { name: `新增${added.length}` }));
      body = await list(`limit=5&cursor=${encodeURIComponent(body.nextCursor)}`);
    }
    expect(seen).toHaveLength(23);
    expect(new Set(seen).size).toBe(23);
    expect(seen).toEqual([...first].reverse());
    expect(added.length).toBe(4);
    // an offset walk over the same rows would have shifted by the additions; the cursor did not.
    expect((await list('limit=5&page=2')).items.map((c) => c.id)).not.toEqual(seen.slice(5, 10));
  });

  it('keeps the filters: a cursor walk of a name search visits only its matches', async () => {
    const seen: string[] = [];
    let body = await list(`limit=2&q=${encodeURIComponent('游标1')}`);
    for (;;) {
      seen.push(...body.items.map((c) => c.name));
      if (!body.nextCursor) break;
      body = await list(`limit=2&q=${encodeURIComponent('游标1')}&cursor=${body.nextCursor}`);
    }
    expect(seen.sort()).toEqual(['游标1', ...Array.from({ length: 10 }, (_, i) => `游标1${i}`)].sort());
  });

  it('gives the last page a null cursor when it is short, and refuses a cursor it did not give with 400', async () => {
    const all = await list('limit=500');
    expect(all.nextCursor).toBeNull();
    for (const bad of ['x', 'WzEsMl0', Buffer.from('["2026-01-01", 7]').toString('base64url')]) {
      const res = await committee.get(`/api/candidates?cursor=${bad}`);
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['cursor']);
    }
  });

  it('keeps the scope: a cursor from one branch reads nothing of another', async () => {
    const mine = await new Client(t, tree.branch.token).get<ListBody>('/api/candidates?limit=1');
    const other = await new Client(t, tree.otherBranch.token).get<ListBody>(
      `/api/candidates?limit=50&cursor=${mine.body.nextCursor}`,
    );
    expect(other.status).toBe(200);
    expect(other.body.items).toEqual([]);
  });

  describe('total', () => {
    it('is exact from the maintained counts for scope, stage and deferral, whatever moves', async () => {
      const branch = new Client(t, tree.branch.token);
      const [a, b] = first;
      expect((await cmd(t, tree.branch.token, a, 'talk', { date: '2024-03-15', by: '支部书记' })).status).toBe(201);
      expect((await cmd(t, tree.branch.token, b, 'defer', { date: '2024-03-16', reason: '本人要求' })).status).toBe(
        201,
      );
      expect((await branch.post(`/api/candidates/${first[2]}/withdraw`, { date: '2024-03-17' })).status).toBe(201);
      for (const query of [
        '',
        'stage=applicant',
        'stage=withdrawn',
        'deferred=true',
        'deferred=false&stage=applicant',
      ]) {
        const all = await list(`limit=500&${query}`);
        expect([query, all.total, all.totalIsEstimate]).toEqual([query, all.items.length, false]);
      }
      expect((await list('stage=withdrawn')).total).toBe(1);
      expect((await list('deferred=true')).total).toBe(1);
      const branchTotal = await new Client(t, tree.branch.token).get<ListBody>('/api/candidates?limit=1');
      expect(branchTotal.body.total).toBe((await list('limit=1')).total);
      expect((await new Client(t, tree.otherBranch.token).get<ListBody>('/api/candidates')).body.total).toBe(0);
    });

    it('counts a search exactly up to the cap, and past it estimates from the newest it examined', async () => {
      const service = t.app.get(CandidatesService);
      const q = `q=${encodeURIComponent('游标1')}`;
      expect(await list(q)).toMatchObject({ total: 11, totalIsEstimate: false });
      service.countCap = 5;
      try {
        // The fragment's rarer key 标1 has 11 candidates; the newest 5 (游标19 … 游标15) all match.
        const over = await list(`limit=3&${q}`);
        expect(over).toMatchObject({ total: 11, totalIsEstimate: true });
        // 游标2's rarer key 标2 has 4 candidates (游标2, 游标20 … 游标22): under the cap, counted.
        expect(await list(`q=${encodeURIComponent('游标2')}`)).toMatchObject({ total: 4, totalIsEstimate: false });
        expect(over.items.map((c) => c.name)).toEqual(['游标19', '游标18', '游标17']);
        // A one-character search examines the scope's 27: its newest 5 (新增3 … 新增0, 游标22) hold four.
        expect(await list(`q=${encodeURIComponent('增')}`)).toMatchObject({
          total: Math.round((4 / 5) * 27),
          totalIsEstimate: true,
        });
      } finally {
        service.countCap = 1_000;
      }
      expect(await list(`q=${encodeURIComponent('增')}`)).toMatchObject({ total: 4, totalIsEstimate: false });
    });
  });
});
