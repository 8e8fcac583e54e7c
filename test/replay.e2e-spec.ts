import { CandidateWriter } from '../src/candidates';
import { seedDemo } from '../src/demo/seed';
import { recountYears } from '../src/database/migrations/1763770500000-candidate-year-counts';
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

  it('the migration counts the report figures as the writer does, 29 February birthdays included', async () => {
    const postgres = t.dataSource.options.type === 'postgres';
    const recount = () => recountYears(t.dataSource, postgres);
    await recount();
    expect(await audit()).toEqual([]);

    // Rows given a probation start and a birthday either side of the 35th, behind the writer's back: the
    // rows no longer replay, but the recount must agree with the writer's figures for them.
    const rows: { id: string; birth_date: string; record: string }[] = await t.dataSource.query(
      'SELECT id, birth_date, record FROM candidates ORDER BY id LIMIT 6',
    );
    expect(rows.length).toBe(6);
    const cases = [
      ['1988-02-29', '2023-02-28'], // 35 on the 28th of a common year: not under 35
      ['1988-02-29', '2023-02-27'],
      ['1989-03-01', '2024-02-29'], // a day before the 35th birthday: under 35
      ['1989-03-01', '2024-03-01'],
      ['2000-05-05', '1999-01-01'], // a start before the birth date counts as young
      ['1990-12-31', '2025-12-31'],
    ];
    const set = (id: string, birth: string, record: string) =>
      t.dataSource.query(
        `UPDATE candidates SET birth_date = ${postgres ? '$1' : '?'}, record = ${postgres ? '$2' : '?'} WHERE id = ${postgres ? '$3' : '?'}`,
        [birth, record, id],
      );
    try {
      for (const [i, [birth, start]] of cases.entries())
        await set(rows[i].id, birth, JSON.stringify({ ...JSON.parse(rows[i].record), probationStart: start }));
      await recount();
      expect((await audit()).sort()).toEqual(rows.map((r) => r.id).sort());
    } finally {
      for (const r of rows) await set(r.id, r.birth_date, r.record);
      await recount();
    }
    expect(await audit()).toEqual([]);
  });
});
