import { TransactionRunner } from '../src/database/transaction';
import { Member } from '../src/organizations/member.entity';
import { startApp, TestApp } from './support/harness';
import { orgTree, OrgTree } from './support/fixtures';

describe('concurrency: the transaction queue under load', () => {
  let t: TestApp;
  let tree: OrgTree;
  let base: string;

  beforeAll(async () => {
    t = await startApp({ LOG_LEVEL: 'warn' });
    tree = await orgTree(t, 0);
    base = await t.listen();
  });
  afterAll(() => t.close());

  it('answers a burst of 1,000 concurrent creates with no 5xx, and keeps every one', async () => {
    const statuses = await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        fetch(`${base}/api/organizations/${tree.branch.id}/members`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${tree.branch.token}` },
          body: JSON.stringify({ name: `并发党员${i}`, status: 'formal', joinedOn: '2012-07-01' }),
        }).then((r) => r.status),
      ),
    );
    const tally = statuses.reduce<Record<number, number>>((acc, s) => ({ ...acc, [s]: (acc[s] ?? 0) + 1 }), {});
    expect(tally).toEqual({ 201: 1000 });
    expect(await t.dataSource.getRepository(Member).countBy({ orgId: tree.branch.id })).toBe(1000);
  });

  it('loses no update when 200 read-modify-write transactions run at once', async () => {
    const runner = t.app.get(TransactionRunner);
    const repo = t.dataSource.getRepository(Member);
    const [target] = await repo.find({ where: { orgId: tree.branch.id }, take: 1 });
    await repo.update(target.id, { name: '0' });
    const results = await Promise.allSettled(
      Array.from({ length: 200 }, () =>
        runner.run(async (em) => {
          const row = (await runner.findForUpdate(em, Member, { id: target.id }))!;
          await em.query('SELECT 1'); // a real query between the read and the write
          await em.update(Member, target.id, { name: String(Number(row.name) + 1) });
        }),
      ),
    );
    const failed = results.filter((r) => r.status === 'rejected').length;
    const final = Number((await repo.findOneByOrFail({ id: target.id })).name);
    // SQLite: the FIFO queue serializes; PostgreSQL: the row lock does.
    expect(failed).toBe(0);
    expect(final).toBe(200);
  });

  it('keeps a failed transaction from leaving anything behind, and the queue keeps moving', async () => {
    const runner = t.app.get(TransactionRunner);
    const repo = t.dataSource.getRepository(Member);
    const before = await repo.count();
    const outcomes = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        runner.run(async (em) => {
          await em.insert(Member, {
            id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
            orgId: tree.branch.id,
            name: `回滚${i}`,
            status: 'formal',
            votingRights: true,
            joinedOn: '2012-07-01',
            candidateId: null,
            createdAt: new Date().toISOString(),
          });
          if (i % 2 === 0) throw new Error('rollback');
        }),
      ),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(25);
    expect(await repo.count()).toBe(before + 25);
  });
});
