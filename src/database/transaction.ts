import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager, EntityTarget, FindOptionsWhere, ObjectLiteral } from 'typeorm';
import { IdempotencyKeyInUse } from '../common/errors';
import { requestContext } from '../common/logger';
import { settle, writeBehind } from './bulk';

/**
 * Runs a unit of work in one database transaction.
 *
 * SQLite has one writer and TypeORM shares one connection, so two transactions in flight
 * at once would interleave on it (SPEC §3). On SQLite every top-level transaction therefore
 * waits its turn in one FIFO queue. A transaction awaits nothing but its own queries: no
 * network, no timers, no async crypto inside `work`. Never call `run` from inside `work`.
 * On PostgreSQL transactions run concurrently; conflicts are caught by conditional
 * updates (version columns, `WHERE status = …`) and answered with 409; bulk writes go
 * behind (bulk.ts, writeBehind) and are settled before the commit.
 */
@Injectable()
export class TransactionRunner {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly serial: boolean;
  /** Transactions begun and not yet ended: while any runs, the reads give up a lane (Reader). */
  writing = 0;
  /** Work to start once a transaction has committed, by its entity manager. */
  private readonly commitHooks = new WeakMap<EntityManager, (() => unknown)[]>();
  private readonly logger = new Logger(TransactionRunner.name);

  constructor(private readonly dataSource: DataSource) {
    this.serial = dataSource.options.type === 'better-sqlite3';
  }

  /**
   * The request's first transaction also reserves its Idempotency-Key, if it carries one
   * (SPEC §12): the reservation commits or rolls back with the write, and a second request with
   * the key — on any instance — finds it taken (409 IDEMPOTENCY_KEY_IN_USE) instead of writing again.
   */
  run<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    const idempotency = requestContext.getStore()?.idempotency;
    const reserving = idempotency && !idempotency.reserved ? idempotency : undefined;
    let hooks: (() => unknown)[] = [];
    const transaction = () => {
      this.writing += 1;
      return this.dataSource
        .transaction(async (em) => {
          hooks = [];
          this.commitHooks.set(em, hooks);
          if (!this.serial) writeBehind(em);
          let value: T;
          try {
            if (reserving) await this.reserve(em, reserving.id, reserving.requestHash);
            value = await work(em);
          } catch (err) {
            await settle(em); // a statement written behind that failed is the cause of what followed
            throw err;
          }
          await settle(em);
          return value;
        })
        .finally(() => (this.writing -= 1));
    };
    let result: Promise<T>;
    if (this.serial) {
      result = this.tail.then(transaction);
      this.tail = result.catch(() => undefined);
    } else result = transaction();
    return result.then((value) => {
      if (reserving) reserving.reserved = true;
      for (const hook of hooks) {
        // After the commit: a hook that fails (a queue that is down) is logged, never the caller's failure.
        Promise.resolve()
          .then(hook)
          .catch((err: Error) => this.logger.warn(`提交后任务失败: ${err.message}`));
      }
      return value;
    });
  }

  /** `fn` runs once the transaction of `em` has committed (not at all if it rolls back). */
  afterCommit(em: EntityManager, fn: () => unknown): void {
    const hooks = this.commitHooks.get(em);
    if (!hooks) throw new Error('afterCommit: not inside TransactionRunner.run');
    hooks.push(fn);
  }

  private async reserve(em: EntityManager, id: string, requestHash: string): Promise<void> {
    const p = (i: number) => (this.serial ? '?' : `$${i}`);
    // ON CONFLICT DO NOTHING waits for a concurrent reservation of the same key to commit or roll back.
    const inserted = await em.queryRunner!.query(
      `INSERT INTO idempotency_records (id, request_hash, status_code, body, created_at) VALUES (${p(1)}, ${p(2)}, 0, '', ${p(3)}) ON CONFLICT (id) DO NOTHING`,
      [id, requestHash, new Date().toISOString()],
      true,
    );
    if (!inserted.affected) throw new IdempotencyKeyInUse();
  }

  /**
   * Reads a row to modify it: PostgreSQL locks it (SELECT … FOR UPDATE) so concurrent
   * read-modify-writes queue on the row; SQLite's transactions already run one at a time.
   */
  findForUpdate<E extends ObjectLiteral>(
    em: EntityManager,
    entity: EntityTarget<E>,
    where: FindOptionsWhere<E>,
  ): Promise<E | null> {
    return em.findOne(entity, { where, ...(this.serial ? {} : { lock: { mode: 'pessimistic_write' as const } }) });
  }

  /**
   * Serializes transactions that check-then-insert on the same key (no unique index can: the
   * rule is "no other open record"): PostgreSQL takes a transaction-scoped advisory lock on
   * the key's hash; SQLite's queue already runs one transaction at a time.
   */
  async lockKey(em: EntityManager, key: string): Promise<void> {
    if (!this.serial) await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', [key]);
  }

  /**
   * After a commit that deleted rows no one may recover (a closed session's sealed ballots,
   * SPEC §7.3): PostgreSQL vacuums the tables, so their dead rows — and the transaction ids
   * and heap positions they carried — are gone; SQLite checkpoints the write-ahead log into
   * the database and truncates it, so no commit can be replayed from it. Outside any
   * transaction; on SQLite it waits its turn in the queue, between two transactions.
   */
  async purgeDeleted(tables: readonly string[]): Promise<void> {
    if (!this.serial) {
      for (const table of tables) await this.dataSource.query(`VACUUM ${table}`);
      return;
    }
    const result = this.tail.then(
      () => this.dataSource.query('PRAGMA wal_checkpoint(TRUNCATE)') as Promise<{ busy: number }[]>,
    );
    this.tail = result.catch(() => undefined);
    const [row] = await result;
    if (row?.busy)
      this.logger.warn(
        'wal_checkpoint(TRUNCATE) could not complete: another connection is reading; the write-ahead log is truncated at the next checkpoint',
      );
  }

  get isSqlite(): boolean {
    return this.serial;
  }
}
