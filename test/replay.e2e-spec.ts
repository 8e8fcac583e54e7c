import { CandidateWriter } from '../src/candidates';
import { seedDemo } from '../src/demo/seed';
import { startApp, TestApp } from './support/harness';

/**
 * SPEC §3: the candidate row is the projection of its events. The demo's data (every stage,
 * votes, notices, complaints, visits) replays to its rows exactly; a row changed behind the
 * writer's back is found. (Every other test app runs the same audit when it closes.)
 */
describe('every candidate replays from its events to its row', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startApp();
    t.clock.set('2026-11-21T04:00:00Z');
    await seedDemo(t.app, t.token('admin'));
  }, 120_000);
  afterAll(() => t.close());

  const audit = () => t.app.get(CandidateWriter).audit(t.dataSource.manager);

  it('holds for the demo data', async () => {
    const [{ n }] = await t.dataSource.query('SELECT COUNT(*) AS n FROM candidates');
    expect(Number(n)).toBeGreaterThan(5);
    expect(await audit()).toEqual([]);
  });

  it('finds a row written behind the writer’s back, and nothing else', async () => {
    const [row] = await t.dataSource.query(
      "SELECT id, name FROM candidates WHERE stage = 'activist' ORDER BY id LIMIT 1",
    );
    const set = (name: string) => t.dataSource.query(`UPDATE candidates SET name = '${name}' WHERE id = '${row.id}'`);
    await set('改名');
    try {
      // The row differs from its events, and the name index no longer matches the name.
      const chars = Array.from(row.name as string);
      const stale = [...new Set(chars.slice(1).map((c, i) => chars[i] + c))];
      const found = await audit();
      expect(found).toHaveLength(2 + stale.length);
      expect(found).toEqual(
        expect.arrayContaining([
          row.id,
          expect.stringMatching(/^candidate_name_grams missing 改名\|/),
          ...stale.map((g) => expect.stringMatching(new RegExp(`^candidate_name_grams stale ${g}\\|`))),
        ]),
      );
    } finally {
      await set(row.name);
    }
    expect(await audit()).toEqual([]);
  });
});
