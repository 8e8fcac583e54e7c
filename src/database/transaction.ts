import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager, EntityTarget, FindOptionsWhere, ObjectLiteral } from 'typeorm';

/**
 * Runs a unit of work in one database transaction.
 *
 * SQLite has one writer and TypeORM shares one connection, so two transactions in flight
 * at once would interleave on it (SPEC §3). On SQLite every top-level transaction therefore
 * waits its turn in one FIFO queue. A transaction awaits nothing but its own queries: no
 * network, no timers, no async crypto inside `work`. Never call `run` from inside `work`.
 * On PostgreSQL transactions run concurrently; conflicts are caught by conditional
 * updates (version columns, `WHERE status = …`) and answered with 409.
 */
@Injectable()
export class TransactionRunner {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly serial: boolean;

  constructor(private readonly dataSource: DataSource) {
    this.serial = dataSource.options.type === 'better-sqlite3';
  }

  run<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    if (!this.serial) return this.dataSource.transaction(work);
    const result = this.tail.then(() => this.dataSource.transaction(work));
    this.tail = result.catch(() => undefined);
    return result;
  }

  /**
   * Reads a row to modify it: PostgreSQL locks it (SELECT … FOR UPDATE) so concurrent
   * read-modify-writes queue on the row; SQLite's transactions already run one at a time.
   */
  findForUpdate<E extends ObjectLiteral>(em: EntityManager, entity: EntityTarget<E>, where: FindOptionsWhere<E>): Promise<E | null> {
    return em.findOne(entity, { where, ...(this.serial ? {} : { lock: { mode: 'pessimistic_write' as const } }) });
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
    const result = this.tail.then(() => this.dataSource.query('PRAGMA wal_checkpoint(TRUNCATE)') as Promise<{ busy: number }[]>);
    this.tail = result.catch(() => undefined);
    const [row] = await result;
    if (row?.busy) this.logger.warn('wal_checkpoint(TRUNCATE) could not complete: another connection is reading; the write-ahead log is truncated at the next checkpoint');
  }

  private readonly logger = new Logger(TransactionRunner.name);

  get isSqlite(): boolean {
    return this.serial;
  }
}
