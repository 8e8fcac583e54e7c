import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { DataSource, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { DriverUtils } from 'typeorm/driver/DriverUtils';
import { requestContext } from '../common/logger';
import { TransactionRunner } from './transaction';

/**
 * A read-only statement's work on its own connection, one statement at a time. The code is given
 * as text (not a file) so that the same worker runs under the built service and under ts-jest.
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { readonly: true, fileMustExist: true, timeout: 5000 });
const statements = new Map();
parentPort.on('message', ({ sql, params }) => {
  try {
    let statement = statements.get(sql);
    if (!statement) {
      if (statements.size >= 200) statements.clear();
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    parentPort.postMessage({ rows: statement.all(...params) });
  } catch (err) {
    parentPort.postMessage({ error: String(err && err.message) });
  }
});
`;

interface Task {
  /** When its request arrived (or, outside a request, when it was asked for): the oldest goes first. */
  rank: number;
  sql: string;
  params: unknown[];
  done: (rows: unknown[]) => void;
  fail: (err: Error) => void;
}

/**
 * Long reads — list pages, searches, reports — in a few lanes of their own (issue 13), so that
 * however many clients list, a ballot or a write never waits behind more than a lane's worth of
 * them. On SQLite, better-sqlite3 runs a statement on the calling thread, so a 30 ms listing
 * would hold every ballot and every write behind it: a lane is a worker thread with its own
 * read-only connection to the same file (WAL: a reader sees every commit made before its
 * statement starts, and never blocks the writer). On PostgreSQL a lane is a statement in flight
 * on the pool, which the writes' transactions share: ten listings would otherwise take every
 * connection and every core. Reads inside a transaction stay on its manager.
 */
@Injectable()
export class Reader implements OnModuleDestroy {
  /**
   * Lanes (READERS overrides). SQLite: one per core but one, the service's own (a lane is a
   * thread of this process). PostgreSQL: one per core (a lane is a statement running in a
   * server process; with one lane on two cores the server sat idle while the service read each
   * answer, and ten listing clients waited in turn: 1,000,000 candidates, page 2,000 116–136
   * listings a second at p99 98–115 ms with one lane, 198–210 at 66–87 ms with two). While a
   * write runs they hold one fewer (`lanes`): ballots cast while ten clients list, p99 45–49 →
   * 28–32 ms, listings 240–254 → 234–237 a second.
   */
  private readonly size: number;
  /** PostgreSQL: statements in flight. */
  private running = 0;
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Task>();
  private readonly queue: Task[] = [];
  private readonly file: string | null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
  ) {
    const { type, database } = dataSource.options as { type: string; database?: string };
    this.file = type === 'better-sqlite3' && database && database !== ':memory:' ? database : null;
    this.size = Math.max(1, Number(process.env.READERS) || availableParallelism() - (this.file ? 1 : 0));
  }

  /** The rows of one read-only statement, parameters as the query builder gives them; the oldest request's first. */
  query<T = Record<string, unknown>>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    const bound = this.file ? params.map((p) => (typeof p === 'boolean' ? Number(p) : p)) : [...params];
    const rank = requestContext.getStore()?.arrived ?? performance.now();
    return new Promise<T[]>((done, fail) => {
      const task = { rank, sql, params: bound, done: done as (rows: unknown[]) => void, fail };
      const after = this.queue.findIndex((t) => t.rank > rank);
      this.queue.splice(after < 0 ? this.queue.length : after, 0, task);
      this.dispatch();
    });
  }

  /** A query builder's entities (its main alias, no relations), hydrated as TypeORM hydrates them. */
  async many<E extends ObjectLiteral>(qb: SelectQueryBuilder<E>): Promise<E[]> {
    const [sql, params] = qb.getQueryAndParameters();
    const alias = qb.expressionMap.mainAlias!;
    const driver = this.dataSource.driver;
    const columns = alias.metadata.columns.map(
      (c) => [c, DriverUtils.buildAlias(driver, undefined, alias.name, c.databaseName)] as const,
    );
    return (await this.query<Record<string, unknown>>(sql, params)).map((raw) => {
      const entity = alias.metadata.create() as E;
      for (const [c, key] of columns) c.setEntityValue(entity, driver.prepareHydratedValue(raw[key], c));
      return entity;
    });
  }

  async onModuleDestroy(): Promise<void> {
    const workers = [...this.idle, ...this.busy.keys()];
    this.idle.length = 0;
    await Promise.all(workers.map((w) => w.terminate()));
  }

  /** The lanes open now: one fewer while a write runs (a ballot meets one listing fewer), never none. */
  private lanes(): number {
    return this.tx.writing ? Math.max(1, this.size - 1) : this.size;
  }

  private dispatch(): void {
    while (!this.file && this.queue.length && this.running < this.lanes()) {
      const task = this.queue.shift()!;
      this.running += 1;
      this.dataSource
        .query(task.sql, task.params)
        .then(task.done, task.fail)
        .finally(() => {
          this.running -= 1;
          this.dispatch();
        });
    }
    while (this.file && this.queue.length && this.busy.size < this.lanes()) {
      const worker = this.idle.pop() ?? this.spawn();
      const task = this.queue.shift()!;
      this.busy.set(worker, task);
      worker.postMessage({ sql: task.sql, params: task.params });
    }
  }

  private spawn(): Worker {
    const worker = new Worker(WORKER, {
      eval: true,
      workerData: { file: this.file, driver: require.resolve('better-sqlite3') },
    });
    worker.on('message', (answer: { rows?: unknown[]; error?: string }) => {
      const task = this.busy.get(worker);
      this.busy.delete(worker);
      this.idle.push(worker);
      if (answer.error !== undefined) task?.fail(new Error(answer.error));
      else task?.done(answer.rows!);
      this.dispatch();
    });
    worker.on('error', (err) => {
      // A thread that died (out of memory, say) fails its statement; the next one starts afresh.
      this.busy.get(worker)?.fail(err);
      this.busy.delete(worker);
      const i = this.idle.indexOf(worker);
      if (i >= 0) this.idle.splice(i, 1);
      this.dispatch();
    });
    return worker;
  }
}
