import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSource, DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '../config/config';
import { migrations } from './migrations';

/**
 * `ledgerKey` authenticates the ledger entries written before entries carried a MAC (a
 * migration); `entities` come from the composition root (src/entities.ts).
 */
export function dataSourceOptions(
  db: DatabaseConfig,
  ledgerKey: string,
  entities: DataSourceOptions['entities'] = [],
): DataSourceOptions {
  const common = {
    entities,
    migrations: migrations(ledgerKey),
    synchronize: false,
    migrationsRun: false,
    logging: false,
  } as const;
  if (db.type === 'sqlite') {
    if (db.file !== ':memory:') mkdirSync(dirname(db.file), { recursive: true });
    return {
      ...common,
      type: 'better-sqlite3',
      database: db.file,
      enableWAL: true, // SPEC §3: WAL and a busy timeout, set at start-up
      timeout: 5000,
      prepareDatabase: (conn: { pragma(sql: string): unknown }) => {
        conn.pragma('synchronous = NORMAL');
        // Deleted content (a closed session's sealed ballots) is zeroed where that costs no extra I/O (SPEC §7.3).
        conn.pragma('secure_delete = FAST');
      },
    };
  }
  // A schema other than public (tests give each file its own) is set as the search_path.
  // Pipeline mode: a connection sends each query at once, answers come back in order (the bulk
  // writes a transaction puts behind, bulk.ts); awaited one by one, queries run as without it.
  const pool = { max: 10, pipeline: true };
  const extra = db.schema ? { ...pool, options: `-c search_path=${db.schema}` } : pool;
  return { ...common, type: 'postgres', url: db.url, extra };
}

/** `entities`: the composition root's list (src/entities.ts); migrations need none. */
export function createDataSource(
  db: DatabaseConfig,
  ledgerKey: string,
  entities: DataSourceOptions['entities'] = [],
): DataSource {
  return new DataSource(dataSourceOptions(db, ledgerKey, entities));
}
