import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { requestContext } from '../common/logger';
import { Reader } from './reader';
import { TransactionRunner } from './transaction';

describe('Reader lanes (a real SQLite file)', () => {
  let dir: string;
  let ds: DataSource;
  let reader: Reader;
  const readers = process.env.READERS;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'reader-'));
    ds = new DataSource({ type: 'better-sqlite3', database: join(dir, 'r.sqlite') });
    await ds.initialize();
    await ds.query('PRAGMA journal_mode = WAL');
    await ds.query('CREATE TABLE t (x INTEGER)');
    await ds.query('INSERT INTO t (x) VALUES (1), (2), (3)');
    process.env.READERS = '1';
    reader = new Reader(ds, new TransactionRunner(ds));
  });

  afterAll(async () => {
    if (readers === undefined) delete process.env.READERS;
    else process.env.READERS = readers;
    await reader.onModuleDestroy();
    await ds.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the oldest request first once the lane is taken, whatever order the statements came in', async () => {
    const served: string[] = [];
    const read = (name: string, arrived: number) =>
      requestContext.run({ correlationId: name, arrived }, () =>
        reader.query<{ n: number }>('SELECT SUM(x) AS n FROM t').then((rows) => {
          served.push(name);
          return rows[0].n;
        }),
      );
    // 'first' takes the one lane; the rest wait, and are served by when their request arrived.
    const answers = await Promise.all([read('first', 50), read('newer', 90), read('older', 10), read('middle', 60)]);
    expect(answers).toEqual([6, 6, 6, 6]);
    expect(served).toEqual(['first', 'older', 'middle', 'newer']);
  });

  it('gives up a lane while a write runs, never the last', async () => {
    const tx = new TransactionRunner(ds);
    process.env.READERS = '2';
    const two = new Reader(ds, tx);
    const inFlight = () => (two as unknown as { busy: Map<unknown, unknown> }).busy.size;
    const reads = () => Promise.all([1, 2, 3].map((i) => two.query('SELECT ? AS i', [i])));
    try {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const write = tx.run(async (em) => {
        await em.query('INSERT INTO t (x) VALUES (0)');
        await held;
      });
      await new Promise((resolve) => setImmediate(resolve));
      expect(tx.writing).toBe(1);
      let answered = reads();
      expect(inFlight()).toBe(1);
      await answered;
      release();
      await write;
      expect(tx.writing).toBe(0);
      answered = reads();
      expect(inFlight()).toBe(2);
      await answered;
    } finally {
      process.env.READERS = '1';
      await two.onModuleDestroy();
    }
  });

  it('serves reads made outside any request by when they were asked for', async () => {
    const served: number[] = [];
    await Promise.all([1, 2, 3].map((i) => reader.query('SELECT ? AS i', [i]).then(() => served.push(i))));
    expect(served).toEqual([1, 2, 3]);
  });
});
