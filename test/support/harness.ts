import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pino from 'pino';
import request from 'supertest';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory';
import { CandidateWriter } from '../../src/candidates';
import { signToken } from '../../src/auth/jwt';
import type { Role } from '../../src/auth/roles';
import { Clock } from '../../src/common/clock';
import { AppConfig, DatabaseConfig, loadConfig } from '../../src/config/config';

export const JWT_SECRET = 'test-secret-0123456789abcdef';
export const LEDGER_KEY = 'test-ledger-key-0123456789abcdef-0123456789';
export const PERSONAL_DATA_KEY = 'test-personal-data-key-0123456789abcdef-0123';

/**
 * Each test file gets its own real database: a fresh SQLite file, or — when DATABASE_URL
 * points at PostgreSQL — a fresh schema in that database, dropped afterwards.
 */
export async function testDatabase(): Promise<{ db: DatabaseConfig; url: string; drop: () => Promise<void> }> {
  const url = process.env.DATABASE_URL ?? '';
  if (url.startsWith('postgres')) {
    const schema = `t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
    const client = new Client({ connectionString: url });
    await client.connect();
    await client.query(`CREATE SCHEMA ${schema}`);
    await client.end();
    return {
      db: { type: 'postgres', url, schema },
      url,
      drop: async () => {
        const c = new Client({ connectionString: url });
        await c.connect();
        await c.query(`DROP SCHEMA ${schema} CASCADE`);
        await c.end();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'admissions-test-'));
  const file = join(dir, 'test.sqlite');
  return {
    db: { type: 'sqlite', file },
    url: `sqlite:${file}`,
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  http: ReturnType<typeof request>;
  dataSource: DataSource;
  clock: Clock;
  logs: string[];
  token(role: Role, orgId?: string, extra?: { sub?: string; name?: string; ttl?: number }): string;
  /** Listens on a free loopback port, for tests that need real concurrent connections; returns the base URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

/** A test app on its own new database — or on `sameDatabaseAs`'s, as a second instance of one service. */
export async function startApp(env: Record<string, string> = {}, sameDatabaseAs?: TestApp): Promise<TestApp> {
  const database = sameDatabaseAs
    ? { db: sameDatabaseAs.config.database, url: '', drop: () => Promise.resolve() }
    : await testDatabase();
  const config = loadConfig({
    JWT_SECRET,
    LEDGER_KEY,
    PERSONAL_DATA_KEY,
    DATABASE_URL: database.url,
    LOG_LEVEL: 'info',
    ...env,
  });
  config.database = database.db;
  const logs: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void logs.push(line) });
  const app = await createApp(config, logger);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    config,
    http: request(app.getHttpServer()),
    dataSource: app.get(DataSource),
    clock: app.get(Clock),
    logs,
    token: (role, orgId, extra = {}) =>
      signToken(
        { sub: extra.sub ?? `${role}-user`, name: extra.name ?? `${role}用户`, role, orgId },
        JWT_SECRET,
        extra.ttl ?? 3600,
      ),
    listen: async () => {
      await app.listen(0, '127.0.0.1');
      return `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    },
    close: async () => {
      try {
        // SPEC §3: whatever a test did, every candidate's row is the replay of its events.
        const wrong = await app.get(CandidateWriter).audit(app.get(DataSource).manager);
        if (wrong.length) throw new Error(`candidate rows differ from the replay of their events: ${wrong.join(', ')}`);
      } finally {
        await app.close();
        await database.drop();
      }
    },
  };
}

export const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

/** Row counts of every table: a 4xx must leave them all unchanged. */
export async function tableCounts(ds: DataSource): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const meta of ds.entityMetadatas) {
    const [row] = await ds.query(`SELECT COUNT(*) AS n FROM ${meta.tableName}`);
    counts[meta.tableName] = Number(row.n);
  }
  return counts;
}
