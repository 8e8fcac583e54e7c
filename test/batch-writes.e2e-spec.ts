import { randomUUID } from 'node:crypto';
import { QueryFailedError } from 'typeorm';
import { GateViolationError } from '../src/common/domain-error';
import { insertRows } from '../src/database/bulk';
import { TransactionRunner } from '../src/database/transaction';
import { Member } from '../src/organizations/member.entity';
import { run, seedDevelopmentObjects, vote } from './support/factories';
import { orgTree, OrgTree } from './support/fixtures';
import { startApp, tableCounts, TestApp } from './support/harness';
import { NOON } from './support/pipeline';

/**
 * The writer decides and writes a batch 500 candidates at a time, and on PostgreSQL its bulk
 * writes go behind (sent at once, settled before the commit): a batch is still all or nothing,
 * a read sees what went before it, and a failed write fails its transaction with its own error.
 */
describe('batch writes: chunks, and statements written behind', () => {
  let t: TestApp;
  let tree: OrgTree;
  let tx: TransactionRunner;
  const member = (over: Partial<Member> = {}): Member => ({
    id: randomUUID(),
    orgId: tree.branch.id,
    name: '批写',
    status: 'formal',
    votingRights: true,
    joinedOn: '2020-01-01',
    candidateId: null,
    createdAt: NOON,
    ...over,
  });
  const members = async () =>
    Number((await t.dataSource.query('SELECT COUNT(*) AS n FROM members'))[0].n as number | string);

  beforeAll(async () => {
    t = await startApp();
    t.clock.set(NOON);
    tree = await orgTree(t, 3);
    tx = t.app.get(TransactionRunner);
  });
  afterAll(() => t.close());

  it('is all or nothing across chunks: a refusal in the last chunk writes none of the chunks before it, and every refusal is named', async () => {
    const ids = await seedDevelopmentObjects(t, tree, 1201, 'pre_review');
    const ready = ids.slice(0, 1200);
    await run(t, ready, () => vote(tree, 'mass_assessment', '2025-06-15'));
    await run(t, ready, () => vote(tree, 'branch_meeting', '2025-06-20'));
    const talk = () => ({ type: 'approval-talk' as const, data: { date: '2025-06-25', by: '党委组织委员' } });
    const before = await tableCounts(t.dataSource);
    const versions = await t.dataSource.query('SELECT id, version, record FROM candidates ORDER BY id');

    const refused = await run(t, ids, talk).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(GateViolationError);
    expect((refused as GateViolationError).violations).toEqual([
      { code: 'BRANCH_MEETING_NOT_PASSED', message: expect.any(String) },
    ]);
    expect(await tableCounts(t.dataSource)).toEqual(before);
    expect(await t.dataSource.query('SELECT id, version, record FROM candidates ORDER BY id')).toEqual(versions);

    await run(t, ready, talk);
    const after = await tableCounts(t.dataSource);
    expect(after.candidate_events - before.candidate_events).toBe(1200);
    const [{ n }] = await t.dataSource.query(
      `SELECT COUNT(*) AS n FROM candidates WHERE record LIKE '%"approvalTalkDate":"2025-06-25"%'`,
    );
    expect(Number(n)).toBe(1200);
  });

  it('reads in a transaction see the bulk writes sent before them', async () => {
    const was = await members();
    const seen = await tx.run(async (em) => {
      await insertRows(
        em,
        Member,
        Array.from({ length: 250 }, () => member()),
      );
      return em.count(Member);
    });
    expect(seen).toBe(was + 250);
    expect(await members()).toBe(was + 250);
  });

  it('a bulk write that fails fails its transaction with its own error, even after a later read, and nothing commits', async () => {
    const existing = member();
    await tx.run((em) => insertRows(em, Member, [existing]));
    const was = await members();
    const fresh = member();
    const failed = await tx
      .run(async (em) => {
        await em.insert(Member, fresh);
        await insertRows(em, Member, [member(), { ...existing, name: '重复' }]);
        await em.count(Member); // a read sent after the failed write
        return 'committed';
      })
      .catch((err: unknown) => err);
    expect(failed).toBeInstanceOf(QueryFailedError);
    expect(String((failed as Error).message)).toMatch(/duplicate key|UNIQUE constraint/);
    expect(await members()).toBe(was);
    expect(await t.dataSource.query(`SELECT id FROM members WHERE id = '${fresh.id}'`)).toEqual([]);
    // the pool's connections work on
    await tx.run((em) => insertRows(em, Member, [member()]));
    expect(await members()).toBe(was + 1);
  });
});
