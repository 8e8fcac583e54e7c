import { Client } from './support/client';
import { startApp, TestApp } from './support/harness';
import { orgTree, OrgTree } from './support/fixtures';
import { APPLICANT, createApplicant } from './support/pipeline';
import { CandidatesService } from '../src/candidates';
import { rebuildNameGrams } from '../src/database/migrations/1763770200000-candidate-name-grams';
import { CandidateWriter } from '../src/candidates/candidate-writer.service';
import { DataSource } from 'typeorm';

interface ListBody {
  items: { id: string; name: string }[];
  total: number;
  totalIsEstimate: boolean;
  nextCursor: string | null;
}

/**
 * The name search through candidate_name_grams (issue 13): every fragment of two characters or
 * more found through its first two characters' index rows, by either of the list's plans.
 */
describe('the name search', () => {
  let t: TestApp;
  let tree: OrgTree;
  let committee: Client;
  const NAMES = ['欧阳娜娜', '王娜', '李娜', '娜仁花', '王小娜', 'Alice 王', '张伟', '王伟强', '𠀋王娜'];

  beforeAll(async () => {
    t = await startApp();
    tree = await orgTree(t, 2);
    committee = new Client(t, tree.committee.token);
    // Every other one on the second branch.
    for (const [i, name] of NAMES.entries())
      await committee.ok('/api/candidates', {
        ...APPLICANT,
        name,
        orgId: i % 2 ? tree.otherBranch.id : tree.branch.id,
      });
  });
  afterAll(() => t.close());

  const names = async (client: Client, query: string) => {
    const res = await client.get<ListBody>(`/api/candidates?${query.includes('limit=') ? '' : 'limit=100&'}${query}`);
    expect(res.status).toBe(200);
    return res.body;
  };
  const found = async (q: string, client = committee) =>
    (await names(client, `q=${encodeURIComponent(q)}`)).items.map((c) => c.name).sort();
  const expected = (q: string, within = NAMES) =>
    within.filter((n) => n.toLowerCase().includes(q.toLowerCase())).sort();

  it('finds a fragment of two characters or more anywhere in a name, and one character by reading the scope', async () => {
    for (const q of [
      '娜',
      '王娜',
      '娜娜',
      '阳娜娜',
      '欧阳',
      '王小娜',
      '伟',
      '伟强',
      '仁花',
      'al',
      'ALI',
      'ce 王',
      '𠀋王',
      '无此人',
    ])
      expect([q, await found(q)]).toEqual([q, expected(q)]);
  });

  it('gives the same rows and totals whether it walks the fragment or the scope', async () => {
    const service = t.app.get(CandidatesService);
    const branch = new Client(t, tree.branch.token);
    const mine = (await names(branch, '')).items.map((c) => c.name);
    // Six more 王娜 on the other branch: the branch holds fewer candidates than 王娜's index rows,
    // so there the search reads the branch; the committee's walks the index rows.
    const more = ['王娜一', '王娜二', '王娜三', '王娜四', '王娜五', '王娜六'];
    for (const name of more) await committee.ok('/api/candidates', { ...APPLICANT, name, orgId: tree.otherBranch.id });
    expect(await found('王娜')).toEqual(expected('王娜', [...NAMES, ...more]));
    for (const q of ['娜', '王娜', '王伟', '王']) {
      const body = await names(branch, `q=${encodeURIComponent(q)}`);
      expect([q, body.items.map((c) => c.name).sort(), body.total]).toEqual([
        q,
        expected(q, mine),
        expected(q, mine).length,
      ]);
    }
    // A cursor walk of a fragment's index rows, two a page, visits every match once.
    const seen: string[] = [];
    let body = await names(committee, `q=${encodeURIComponent('王娜')}&limit=1`);
    for (;;) {
      seen.push(...body.items.map((c) => c.name));
      if (!body.nextCursor) break;
      body = await names(committee, `q=${encodeURIComponent('王娜')}&limit=1&cursor=${body.nextCursor}`);
    }
    expect(seen.sort()).toEqual(expected('王娜', [...NAMES, ...more]));
    expect(service.countCap).toBe(1_000);
  });

  it('follows a corrected name, and the migration builds the same index from the names', async () => {
    const id = await createApplicant(t, tree, { name: '赵云' });
    expect(await found('赵云')).toEqual(['赵云']);
    await new Client(t, tree.branch.token).ok(
      `/api/candidates/${id}`,
      { name: '赵子龙', reason: '姓名录入错误' },
      200,
      'patch',
    );
    expect(await found('赵云')).toEqual([]);
    expect(await found('子龙')).toEqual(['赵子龙']);
    const ds = t.app.get(DataSource);
    await rebuildNameGrams(ds, ds.options.type === 'postgres');
    expect(await t.app.get(CandidateWriter).audit(ds.manager)).toEqual([]);
    expect(await found('子龙')).toEqual(['赵子龙']);
  });
});
