'use strict';
// SPEC §10: the deadline reconciler's work per run is bounded by what falls due soon, not by
// every pending deadline. The built app (dist/) is created in-process with Redis (BullMQ
// driver) on a fresh database; pending deadlines are seeded straight into `deadlines` with
// plain multi-row SQL: the same IN_HORIZON few due within RECONCILE_HORIZON_HOURS (default 48),
// and 1,000 → 10,000 → 100,000 due far beyond it. At each size: WARMUPS untimed reconcile()s, then
// RUNS timed ones (median, max, and the `scheduled` each returned); then OVERDUE deadlines due
// before today are added and one reconcile() is timed firing them. Afterwards only this bench's
// BullMQ keys (its redisPrefix) are deleted, the app closed and the database dropped.
const { randomUUID } = require('node:crypto');
const { join } = require('node:path');
const { freshDatabase, ROOT, SECRET, LEDGER_KEY, PERSONAL_DATA_KEY } = require('./lib');

const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const ORG_PATH = '/bench-reconciler/';

/** Multi-row INSERTs of pending deadlines with candidate_id NULL (kinds that need no candidate), in transactions of 5,000. */
async function seedDeadlines(ds, dueDays) {
  const postgres = ds.options.type === 'postgres';
  const perStatement = 400; // 9 columns → 3,600 parameters a statement
  const createdAt = new Date().toISOString();
  for (let i = 0; i < dueDays.length; i += 5000) {
    const chunk = dueDays.slice(i, i + 5000);
    await ds.transaction(async (em) => {
      for (let j = 0; j < chunk.length; j += perStatement) {
        const params = [];
        const tuples = chunk.slice(j, j + perStatement).map((dueOn, k) => {
          params.push(
            randomUUID(),
            null,
            ORG_PATH,
            (i + j + k) % 2 ? 'approval' : 'probation_end',
            dueOn,
            'pending',
            null,
            createdAt,
            null,
          );
          const base = params.length - 9;
          return `(${Array.from({ length: 9 }, (_, c) => (postgres ? `$${base + c + 1}` : '?')).join(', ')})`;
        });
        await em.query(
          `INSERT INTO deadlines (id, candidate_id, org_path, kind, due_on, status, ref_id, created_at, resolved_at) VALUES ${tuples.join(', ')}`,
          params,
        );
      }
    });
  }
  // A PostgreSQL table grown this much would have been analysed by autovacuum (as in bench/candidates.js).
  if (ds.options.type === 'postgres') await ds.query('ANALYZE deadlines');
}

/** Deletes this bench's keys only (SCAN + DEL under its prefix); never touches the rest of the shared Redis. */
async function flushPrefix(prefix) {
  const Redis = require('ioredis');
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) deleted += await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}

const round = (ms) => +ms.toFixed(1);

module.exports = async function reconcilerBench({
  kind = 'sqlite',
  sizes = [1000, 10000, 100000],
  inHorizon = 10,
  overdue = 10,
  warmups = 3,
  runs = 10,
} = {}) {
  const db = await freshDatabase(kind);
  const { loadConfig } = require(join(ROOT, 'dist/config/config'));
  const { createApp } = require(join(ROOT, 'dist/app.factory'));
  const { redisPrefix } = require(join(ROOT, 'dist/jobs/redis.module'));
  const { DeadlineReconciler } = require(join(ROOT, 'dist/jobs/reconciler.service'));
  const { RulesProfileService } = require(join(ROOT, 'dist/config/rules-profile.service'));
  const { addDays } = require('@admissions/rules');
  const { DataSource } = require('typeorm');
  const config = loadConfig({
    DATABASE_URL: db.url,
    JWT_SECRET: SECRET,
    LEDGER_KEY,
    PERSONAL_DATA_KEY,
    REDIS_URL,
    LOG_LEVEL: 'warn',
    CONFIG_DIR: join(ROOT, 'config'),
  });
  const prefix = redisPrefix(config);
  let app;
  let keysDeleted;
  try {
    app = await createApp(config);
    await app.init();
    const reconciler = app.get(DeadlineReconciler);
    const ds = app.get(DataSource);
    const today = app.get(RulesProfileService).today();
    const horizonDays = Math.ceil(config.reconcileHorizonHours / 24);

    // The few due soon: today + 1 … today + horizon (pendingBetween selects today … today + horizon), so
    // that none becomes overdue, nor its delayed job falls due, should the run cross midnight in the profile's zone.
    await seedDeadlines(
      ds,
      Array.from({ length: inHorizon }, (_, i) => addDays(today, 1 + (i % horizonDays))),
    );
    let far = 0;
    const rows = [];
    let ok = true;
    for (const size of sizes) {
      // Grow the far-future pending deadlines to `size`: due from horizon + 30 days up to ~3 years ahead.
      const add = Array.from({ length: size - far }, (_, i) => addDays(today, horizonDays + 30 + ((far + i) % 1000)));
      const t0 = performance.now();
      await seedDeadlines(ds, add);
      const seedMs = Math.round(performance.now() - t0);
      far = size;

      for (let w = 0; w < warmups; w++) await reconciler.reconcile();
      const ms = [];
      const scheduled = new Set();
      const fired = new Set();
      for (let r = 0; r < runs; r++) {
        const t = performance.now();
        const res = await reconciler.reconcile();
        ms.push(performance.now() - t);
        scheduled.add(res.scheduled);
        fired.add(res.fired + res.failed);
      }
      ms.sort((a, b) => a - b);

      // Firing: OVERDUE pending deadlines due before today (1 … OVERDUE days ago), one reconcile.
      await seedDeadlines(
        ds,
        Array.from({ length: overdue }, (_, i) => addDays(today, -1 - i)),
      );
      const t1 = performance.now();
      const firing = await reconciler.reconcile();
      const firingMs = performance.now() - t1;

      const row = {
        pending: size + inHorizon,
        seedMs,
        medianMs: round((ms[(runs - 1) >> 1] + ms[runs >> 1]) / 2),
        maxMs: round(ms[runs - 1]),
        scheduled: [...scheduled],
        firedInTimedRuns: [...fired],
        overdueRun: { ms: round(firingMs), fired: firing.fired, scheduled: firing.scheduled, failed: firing.failed },
      };
      ok &&=
        row.scheduled.length === 1 &&
        row.scheduled[0] === inHorizon &&
        row.firedInTimedRuns.length === 1 &&
        row.firedInTimedRuns[0] === 0;
      ok &&= firing.fired === overdue && firing.failed === 0 && firing.scheduled === inHorizon;
      rows.push(row);
    }
    const base = rows[0].medianMs;
    for (const row of rows) row.vsBaseline = +(row.medianMs / base).toFixed(2);
    return {
      name: `reconciler: reconcile() with ${inHorizon} due within ${config.reconcileHorizonHours} h and the rest beyond (${kind}, BullMQ, median/max of ${runs} runs after ${warmups} warm-ups)`,
      ok,
      figures: { today, rows },
    };
  } finally {
    if (app) await app.close();
    keysDeleted = await flushPrefix(prefix);
    await db.drop();
    console.log(`reconciler (${kind}): deleted ${keysDeleted} Redis keys under ${prefix}:`);
  }
};
