'use strict';
// Closing a 10,000-candidate batch with 15 electronic ballots: the organizers' meeting
// approving a year's development objects at once (committee level, admission — the
// heaviest close: every candidate becomes probationary, gets a roster record, a
// probation deadline and a timeline event), and a mass assessment of the same size.
// The candidates are seeded straight into the service's database (bench/seed-votes.js);
// the session, the ballot papers, the 15 ballots and the close go over HTTP.
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { Client } = require('pg');
const { startService, seedTree, post, token } = require('./lib');
const { seedCandidates, memberIdsOf } = require('./seed-votes');

async function timed(fn) {
  const t0 = performance.now();
  const value = await fn();
  return { value, ms: Math.round(performance.now() - t0) };
}

async function database(kind) {
  if (kind === 'postgres') {
    const url = process.env.PG_BENCH_URL || 'postgres://postgres@127.0.0.1:5432/test';
    const schema = `bench_close_${Date.now().toString(36)}`;
    const c = new Client({ connectionString: url });
    await c.connect();
    await c.query(`CREATE SCHEMA ${schema}`);
    await c.end();
    return {
      url: `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`,
      drop: async () => {
        const d = new Client({ connectionString: url });
        await d.connect();
        await d.query(`DROP SCHEMA ${schema} CASCADE`);
        await d.end();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'admissions-close-'));
  return {
    url: `sqlite:${join(dir, 'close.sqlite')}`,
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function batch(svc, admin, dbUrl, { level, n, ballots }) {
  const { committee, branch } = await seedTree(svc.base, 3);
  const ids = await seedCandidates(dbUrl, {
    branchId: branch.id,
    memberIds: await memberIdsOf(svc.base, admin, branch.id),
    n,
    upTo: level === 'committee' ? 'approval_talk' : 'pre_review',
  });
  const body =
    level === 'committee'
      ? {
          level,
          purpose: 'admission',
          orgId: committee.id,
          meetingDate: '2025-07-10',
          candidateIds: ids,
          mode: 'electronic',
          bodySize: ballots,
        }
      : {
          level,
          purpose: 'admission',
          orgId: branch.id,
          meetingDate: '2025-06-15',
          candidateIds: ids,
          mode: 'electronic',
          expected: ballots,
        };
  const open = await timed(() => post(svc.base, admin, '/api/votes', body));
  const { codes, tallyKey } = await post(svc.base, admin, `/api/votes/${open.value.id}/ballot-papers`, {
    count: ballots,
  });
  const cast = await timed(async () => {
    for (const [k, code] of codes.entries()) {
      // about one candidate in ten falls short of the threshold
      const choices = Object.fromEntries(
        ids.map((id, i) => [id, (i * 7 + k) % 15 < (i % 10 === 0 ? 4 : 13) ? 'approve' : 'reject']),
      );
      await post(svc.base, null, '/api/ballots', { code, choices });
    }
  });
  const close = await timed(() => post(svc.base, admin, `/api/votes/${open.value.id}/close`, { tallyKey }));
  const passed = close.value.results.filter((r) => r.passed).length;
  return {
    openMs: open.ms,
    cast15Ms: cast.ms,
    closeMs: close.ms,
    passed,
    applied: close.value.results.filter((r) => r.applied).length,
    n: close.value.results.length,
  };
}

module.exports = async function closeBatch({ kind = 'sqlite', port = 3421, n = 10000, ballots = 15 } = {}) {
  const db = await database(kind);
  const svc = await startService(kind, port, { DATABASE_URL: db.url });
  try {
    const admin = token('admin');
    const committee = await batch(svc, admin, db.url, { level: 'committee', n, ballots });
    const mass = await batch(svc, admin, db.url, { level: 'mass_assessment', n, ballots });
    return {
      name: `close a ${n}-candidate batch with ${ballots} electronic ballots (${kind})`,
      ok: committee.n === n && committee.applied === n && mass.n === n,
      figures: { committeeAdmission: committee, massAssessment: mass },
    };
  } finally {
    await svc.stop();
    await db.drop();
  }
};
