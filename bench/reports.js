'use strict';
// Issue 9: the funnel and structure reports (SPEC §11) at 100,000 candidates.
// Seeds with bench/candidates.js (`seedMany`: one committee, 12 branches, stages applicant /
// activist / development object / probationary, application dates 2019 … 2026), then closes
// some of them straight in the database so that every `flow` column has rows: half the
// probationary members whose probation ended are made full members (dated the probation
// end), 1 in 8 applicants rejected and 1 in 16 withdrawn (dated a month after applying).
// PostgreSQL is `VACUUM ANALYZE`d after the seed (autovacuum would have done both).
// Then, against the built service on 127.0.0.1: the baseline (the whole-tree candidate list,
// first page) and the reports — whole tree (committee), one branch, admin without orgId —
// each unloaded (median of 20 sequential requests) and under autocannon load. The figures
// are checked against a count in JavaScript over every record.
const { join } = require('node:path');
const autocannon = require('autocannon');
const {
  startService,
  freshDatabase,
  token,
  seedBranches,
  probe,
  figures,
  ROOT,
  SECRET,
  LEDGER_KEY,
  PERSONAL_DATA_KEY,
} = require('./lib');
const { seedMany } = require('./candidates');

const YEAR = 2023;
const CLOSINGS = ['rejected', 'withdrawn', 'cancelled', 'transferred'];

async function withDataSource(dbUrl, fn) {
  const { createDataSource } = require(join(ROOT, 'dist/database/data-source'));
  const { loadConfig } = require(join(ROOT, 'dist/config/config'));
  const config = loadConfig({ DATABASE_URL: dbUrl, JWT_SECRET: SECRET, LEDGER_KEY, PERSONAL_DATA_KEY });
  const ds = createDataSource(config.database, config.ledgerKey, require(join(ROOT, 'dist/entities')).ENTITIES);
  await ds.initialize();
  try {
    return await fn(ds);
  } finally {
    await ds.destroy();
  }
}

/** Full members, rejections and withdrawals, written as the service would write the record. */
async function closeSome(ds) {
  if (ds.options.type === 'postgres') {
    await ds.query(`UPDATE candidates SET stage = 'full_member',
      record = (record::jsonb || jsonb_build_object('fullMemberOn', record::jsonb ->> 'probationEnd', 'closedOn', record::jsonb ->> 'probationEnd'))::text
      WHERE stage = 'probationary' AND record::jsonb ->> 'probationEnd' <= '2026-11-20' AND substr(id, 36, 1) IN ('0','2','4','6','8','a','c','e')`);
    await ds.query(`UPDATE candidates SET stage = CASE WHEN substr(id, 35, 1) IN ('0','1') THEN 'rejected' ELSE 'withdrawn' END,
      record = (record::jsonb || jsonb_build_object('closedOn', to_char(application_date::date + 30, 'YYYY-MM-DD')))::text
      WHERE stage = 'applicant' AND substr(id, 35, 1) IN ('0','1','2') AND application_date::date + 30 <= '2026-11-20'::date`);
    await ds.query('VACUUM ANALYZE candidates');
  } else {
    await ds.query(`UPDATE candidates SET stage = 'full_member',
      record = json_set(record, '$.fullMemberOn', json_extract(record, '$.probationEnd'), '$.closedOn', json_extract(record, '$.probationEnd'))
      WHERE stage = 'probationary' AND json_extract(record, '$.probationEnd') <= '2026-11-20' AND substr(id, 36, 1) IN ('0','2','4','6','8','a','c','e')`);
    await ds.query(`UPDATE candidates SET stage = CASE WHEN substr(id, 35, 1) IN ('0','1') THEN 'rejected' ELSE 'withdrawn' END,
      record = json_set(record, '$.closedOn', date(application_date, '+30 days'))
      WHERE stage = 'applicant' AND substr(id, 35, 1) IN ('0','1','2') AND date(application_date, '+30 days') <= '2026-11-20'`);
  }
  // Written behind the writer's back: the counts (per stage, per year) are recounted, as a bulk load must.
  for (const sql of require(join(ROOT, 'dist/database/migrations/1763770100000-candidate-counts')).RECOUNT_CANDIDATES)
    await ds.query(sql);
  await require(join(ROOT, 'dist/database/migrations/1763770500000-candidate-year-counts')).recountYears(
    ds,
    ds.options.type === 'postgres',
  );
}

/**
 * For comparison, the alternative without the generated columns: the flow in one pass over the
 * scope, extracting the dates from the JSON record in SQL. Median of 5, straight on the database.
 */
async function jsonScanMs(ds, pathPrefix) {
  const pg = ds.options.type === 'postgres';
  const field = (key) => (pg ? `(record::jsonb ->> '${key}')` : `json_extract(record, '$.${key}')`);
  const inYear = (expr) => `SUM(CASE WHEN ${expr} BETWEEN '${YEAR}-01-01' AND '${YEAR}-12-31' THEN 1 ELSE 0 END)`;
  const sql =
    `SELECT ${inYear('application_date')}, ${inYear(field('activistDate'))}, ${inYear(field('developmentObjectDate'))}, ${inYear(field('probationStart'))},` +
    ` ${inYear(field('fullMemberOn'))}, ${inYear(`CASE WHEN stage IN ('rejected','withdrawn','cancelled','transferred') THEN ${field('closedOn')} END`)}` +
    ` FROM candidates WHERE org_path LIKE '${pathPrefix}%'`;
  const ms = [];
  for (let i = 0; i < 6; i++) {
    const t0 = performance.now();
    await ds.query(sql);
    if (i > 0) ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return +ms[2].toFixed(1);
}

/** The funnel counted the slow way: every record parsed in JavaScript. */
async function bruteForce(ds, pathPrefix) {
  const rows = await ds.query('SELECT org_path, stage, application_date, record FROM candidates');
  const inYear = (d) => typeof d === 'string' && d.startsWith(`${YEAR}-`);
  const current = {};
  const flow = {
    applications: 0,
    activists: 0,
    developmentObjects: 0,
    probationary: 0,
    fullMembers: 0,
    rejected: 0,
    withdrawn: 0,
    cancelled: 0,
    transferred: 0,
  };
  for (const row of rows) {
    if (!row.org_path.startsWith(pathPrefix)) continue;
    const r = JSON.parse(row.record);
    current[row.stage] = (current[row.stage] || 0) + 1;
    if (inYear(row.application_date)) flow.applications += 1;
    if (inYear(r.activistDate)) flow.activists += 1;
    if (inYear(r.developmentObjectDate)) flow.developmentObjects += 1;
    if (inYear(r.probationStart)) flow.probationary += 1;
    if (inYear(r.fullMemberOn)) flow.fullMembers += 1;
    if (CLOSINGS.includes(row.stage) && inYear(r.closedOn)) flow[row.stage] += 1;
  }
  return { current, flow };
}

module.exports = async function reportsBench({
  kind = 'sqlite',
  port = 3441,
  n = 100000,
  branches: branchCount = 12,
  connections = 10,
  duration = 5,
  warmup = 1,
} = {}) {
  const db = await freshDatabase(kind);
  const svc = await startService(kind, port, { DATABASE_URL: db.url });
  try {
    const admin = token('admin');
    const { dept, committee, branches } = await seedBranches(svc.base, admin, branchCount);
    const t0 = performance.now();
    await seedMany(db.url, branches, n);
    const expected = await withDataSource(db.url, async (ds) => {
      await closeSome(ds);
      const tree = `/${dept.id}/${committee.id}/`;
      return {
        tree: await bruteForce(ds, tree),
        branch: await bruteForce(ds, branches[0].path),
        jsonScan: { treeMs: await jsonScanMs(ds, tree), branchMs: await jsonScanMs(ds, branches[0].path) },
      };
    });
    const seedMs = Math.round(performance.now() - t0);

    const tok = token('committee', committee.id);
    const lines = {
      baselineFirstPage: { path: '/api/candidates?limit=20', tok },
      funnelTree: { path: `/api/reports/funnel?year=${YEAR}`, tok, expect: expected.tree },
      structureTree: { path: `/api/reports/structure?year=${YEAR}`, tok },
      funnelBranch: { path: `/api/reports/funnel?orgId=${branches[0].id}&year=${YEAR}`, tok, expect: expected.branch },
      structureBranch: { path: `/api/reports/structure?orgId=${branches[0].id}&year=${YEAR}`, tok },
      funnelAdmin: { path: `/api/reports/funnel?year=${YEAR}`, tok: admin, expect: expected.tree },
    };
    const results = {};
    let correct = true;
    for (const [name, line] of Object.entries(lines)) {
      const { body, medianMs } = await probe(svc.base + line.path, line.tok);
      const out = { unloadedMs: medianMs };
      if (line.expect) {
        const same =
          JSON.stringify(body.flow) === JSON.stringify(line.expect.flow) &&
          Object.entries(line.expect.current).every(([stage, count]) => body.current[stage] === count);
        correct &&= same;
        out.matchesBruteForce = same;
        out.flow = body.flow;
      }
      if (name === 'structureTree') out.total = body.total;
      if (name === 'baselineFirstPage') out.total = body.total;
      if (!name.endsWith('Admin')) {
        const opts = { url: svc.base + line.path, headers: { authorization: `Bearer ${line.tok}` }, connections };
        if (warmup) await autocannon({ ...opts, duration: warmup });
        Object.assign(out, figures(await autocannon({ ...opts, duration })));
      }
      results[name] = out;
    }
    const loads = Object.values(results).filter((r) => 'perSecond' in r);
    return {
      name: `reports: funnel and structure at ${n} (${kind}, year ${YEAR}, ${connections} connections, ${duration} s)`,
      ok: correct && loads.every((r) => r.other === 0 && r.errors === 0 && r.timeouts === 0),
      figures: { seedMs, ...results, flowByJsonScanInSql: expected.jsonScan },
    };
  } finally {
    await svc.stop();
    await db.drop();
  }
};
