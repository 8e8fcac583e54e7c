'use strict';
// Issue 13: `npm run bench:scale` — a province at 1,000,000 candidates.
//
//   SCALE_BEFORE=eef5535 npm run bench:scale     the build before issue 13 beside the current one
//   SCALE_N=100000 SCALE_DB=sqlite npm run bench:scale
//
// Environment: SCALE_N (candidates, default 1,000,000), SCALE_DB (sqlite | postgres, default
// both), SCALE_BEFORE (a commit: also built in a worktree at /tmp/scale-before-<commit> and
// measured the same way, on its own database seeded with the same seed), SCALE_DURATION (s
// under load, default 5), SCALE_CONNECTIONS (default 10), SCALE_BALLOT_RATE (casts/s during the
// mix, default 20), PG_BENCH_URL, SCALE_KEEP (keep each database, and say where, to look at plans).
//
// For each database and build: a fresh database, the build's migrations, the province seeded
// straight into it (bench/scale-seed.js), 10 gate-passing development objects for a vote
// (bench/seed-votes.js), the derived tables the build has (the counts, the name bigrams),
// VACUUM ANALYZE on PostgreSQL. Then the build's service on 127.0.0.1:3460+ and, for every
// listing, search and report: 5 sequential requests (median ms), then autocannon (10
// connections, 1 s warm-up, 5 s). Last, the ballot-under-load mix: ballots cast at a steady rate
// by 2 connections while 10 connections list. The table goes to stdout and into
// bench/RESULTS.md between `<!-- scale:begin -->` and `<!-- scale:end -->`.
const { execFileSync } = require('node:child_process');
const { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } = require('node:fs');
const os = require('node:os');
const { join, relative } = require('node:path');
const autocannon = require('autocannon');
const {
  startService,
  freshDatabase,
  post,
  token,
  figures,
  ROOT,
  SECRET,
  LEDGER_KEY,
  PERSONAL_DATA_KEY,
} = require('./lib');
const { seedProvince } = require('./scale-seed');

const N = Number(process.env.SCALE_N || 1000000);
const DBS = process.env.SCALE_DB ? [process.env.SCALE_DB] : ['sqlite', 'postgres'];
const BEFORE = process.env.SCALE_BEFORE || '';
const DURATION = Number(process.env.SCALE_DURATION || 5);
const CONNECTIONS = Number(process.env.SCALE_CONNECTIONS || 10);
const BALLOT_RATE = Number(process.env.SCALE_BALLOT_RATE || 20);
const WARMUP = 1;
/** The mix's window: 300 casts at the default rate and duration, so its p99 is not just the slowest cast of a hundred. */
const MIX_DURATION = 3 * DURATION;
const TIMEOUT_S = 30;
const PORT = 3460;
const YEAR = new Date().getUTCFullYear() - 1;
const RESULTS = join(__dirname, 'RESULTS.md');
const HEADING = '## Province scale: 1,000,000 candidates (issue 13) — `npm run bench:scale`';

const sh = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'] });

// ── builds ──

function buildCurrent() {
  sh('npm', ['run', 'build', '-w', '@admissions/rules'], ROOT);
  sh('npx', ['tsc', '-p', 'tsconfig.build.json', '--outDir', 'dist-scale'], ROOT);
  return { label: 'after', root: ROOT, dist: join(ROOT, 'dist-scale') };
}

function buildBefore(commit) {
  const root = `/tmp/scale-before-${commit}`;
  if (existsSync(root)) sh('git', ['worktree', 'remove', '--force', root], ROOT);
  sh('git', ['worktree', 'add', '--detach', root, commit], ROOT);
  symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'));
  sh('npx', ['tsc', '-p', 'tsconfig.build.json', '--outDir', 'dist'], root);
  return { label: 'before', commit, root, dist: join(root, 'dist') };
}

// ── seeding ──

/** The build's own migrations, applied to an empty database. */
function migrate(build, dbUrl) {
  execFileSync(process.execPath, [join(build.dist, 'database/migrate.js')], {
    env: { ...process.env, DATABASE_URL: dbUrl, LEDGER_KEY, JWT_SECRET: SECRET, PERSONAL_DATA_KEY },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/** bench/seed-votes.js, writing through `build` (it reads BENCH_DIST, relative to ROOT, when loaded). */
function seedVotesOf(build) {
  const saved = process.env.BENCH_DIST;
  process.env.BENCH_DIST = relative(ROOT, build.dist);
  delete require.cache[require.resolve('./seed-votes')];
  try {
    return require('./seed-votes');
  } finally {
    if (saved === undefined) delete process.env.BENCH_DIST;
    else process.env.BENCH_DIST = saved;
  }
}

/** The derived tables the build has, rebuilt from the candidates; PostgreSQL analysed. */
async function derive(build, dbUrl) {
  const { createDataSource } = require(join(build.dist, 'database/data-source'));
  const { loadConfig } = require(join(build.dist, 'config/config'));
  const config = loadConfig({ DATABASE_URL: dbUrl, JWT_SECRET: SECRET, LEDGER_KEY, PERSONAL_DATA_KEY });
  const ds = createDataSource(config.database, config.ledgerKey, require(join(build.dist, 'entities')).ENTITIES);
  await ds.initialize();
  const postgres = ds.options.type === 'postgres';
  const migrations = join(build.dist, 'database/migrations');
  const done = [];
  try {
    // A bulk rebuild's cache, on this connection only (the service sets its own when it starts).
    if (!postgres) await ds.query('PRAGMA cache_size = -262144');
    const counts = join(migrations, '1763770100000-candidate-counts.js');
    if (existsSync(counts)) {
      for (const sql of require(counts).RECOUNT_CANDIDATES) await ds.query(sql);
      done.push('candidate_counts');
    }
    const grams = readdirSync(migrations).find((f) => f.includes('candidate-name-grams') && f.endsWith('.js'));
    if (grams && require(join(migrations, grams)).rebuildNameGrams) {
      await require(join(migrations, grams)).rebuildNameGrams(ds, postgres);
      done.push('candidate_name_grams');
    }
    const years = readdirSync(migrations).find((f) => f.includes('candidate-year-counts') && f.endsWith('.js'));
    if (years) {
      await require(join(migrations, years)).recountYears(ds, postgres);
      done.push('candidate_year_counts');
    }
    if (postgres) {
      const tables = await ds.query(`SELECT tablename FROM pg_tables WHERE schemaname = current_schema()`);
      await ds.query(`VACUUM ANALYZE ${tables.map((t) => `"${t.tablename}"`).join(', ')}`);
    }
  } finally {
    await ds.destroy();
  }
  return done;
}

async function seed(build, dbUrl) {
  const t0 = performance.now();
  migrate(build, dbUrl);
  const seeded = await seedProvince(dbUrl, { n: N, personalDataKey: PERSONAL_DATA_KEY });
  const { voteBranch, roster } = seeded.tree;
  seeded.voteCandidates = await seedVotesOf(build).seedCandidates(dbUrl, {
    branchId: voteBranch.id,
    memberIds: roster.map((m) => m.id),
    n: 10,
  });
  seeded.derived = await derive(build, dbUrl);
  seeded.seedMs = Math.round(performance.now() - t0);
  return seeded;
}

// ── measuring ──

const auth = (tok) => ({ authorization: `Bearer ${tok}` });

/** `requests`: [path, token] pairs, used in turn. */
function rotation(requests) {
  let next = 0;
  return () => requests[next++ % requests.length];
}

async function get(base, [path, tok]) {
  const res = await fetch(base + path, { headers: auth(tok), signal: AbortSignal.timeout(TIMEOUT_S * 1000) });
  const text = await res.text();
  return { status: res.status, body: res.ok ? JSON.parse(text) : text.slice(0, 300) };
}

/** Median of 5 sequential requests after one to warm up; the first answer's body. */
async function unloaded(base, requests, failures, label) {
  const next = rotation(requests);
  const first = await get(base, next());
  if (first.status !== 200) failures.push(`${label}: ${first.status} ${first.body}`);
  const ms = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const res = await get(base, next());
    ms.push(performance.now() - t0);
    if (res.status !== 200) failures.push(`${label}: ${res.status} ${res.body}`);
  }
  ms.sort((a, b) => a - b);
  return { body: first.body, ms: +ms[2].toFixed(1) };
}

function cannon(base, requests, { connections = CONNECTIONS, duration = DURATION, overallRate } = {}) {
  const next = rotation(requests);
  return autocannon({
    url: base,
    connections,
    duration,
    timeout: TIMEOUT_S,
    ...(overallRate ? { overallRate } : {}),
    requests: [
      {
        setupRequest: (req) => {
          const [path, tok] = next();
          return { ...req, path, headers: { ...req.headers, ...auth(tok) } };
        },
      },
    ],
  });
}

/** Figures under load, and the failures (status codes other than 2xx, with a sample answer). */
async function loaded(base, requests, failures, label) {
  await cannon(base, requests, { duration: WARMUP });
  const r = await cannon(base, requests);
  const f = { ...figures(r), codes: Object.keys(r.statusCodeStats || {}).join(',') };
  if (f.other || f.errors || f.timeouts) {
    let sample = '';
    for (const req of requests.slice(0, 5)) {
      const res = await get(base, req).catch((err) => ({ status: 'error', body: err.message }));
      if (res.status !== 200) {
        sample = ` e.g. ${req[0]} → ${res.status} ${res.body}`;
        break;
      }
    }
    failures.push(
      `${label} under load: ${f.other} non-2xx (${f.codes}), ${f.errors} errors, ${f.timeouts} timeouts${sample}`,
    );
  }
  return f;
}

/** The page reached by walking `pages` pages by nextCursor from the first; null without cursors. */
async function walk(base, tok, pages) {
  let cursor = null;
  for (let i = 0; i < pages; i++) {
    const { status, body } = await get(base, [`/api/candidates?limit=20${cursor ? `&cursor=${cursor}` : ''}`, tok]);
    if (status !== 200 || !body.nextCursor) return null;
    cursor = encodeURIComponent(body.nextCursor);
  }
  return cursor;
}

function largest(orgs, perOrg) {
  return orgs.reduce((a, b) => ((perOrg.get(b.id) || 0) > (perOrg.get(a.id) || 0) ? b : a));
}

/** Every measurement against the running service; returns { key: { label, ms, load } }. */
async function measure(base, seeded, failures) {
  const { tree, perOrg } = seeded;
  const city = largest(tree.cities, perOrg);
  const committee = largest(tree.committees, perOrg);
  const branch = largest(tree.branches, perOrg);
  const size = (org) => (perOrg.get(org.id) || 0).toLocaleString('en');
  const admin = token('admin');
  const province = token('department', tree.province.id);
  const cityTok = token('department', city.id);
  const committeeTok = token('committee', committee.id);
  const branchTok = token('branch', branch.id);
  const q = (s) => encodeURIComponent(s);
  const common = seeded.commonFragments.map(([f]) => f);
  const list = '/api/candidates?limit=20';

  const cursor = await walk(base, admin, 50);
  const lines = [
    ['listAdmin', 'list, whole tree, first page (admin)', [[list, admin]]],
    ['listProvince', 'list, whole tree, first page (province department)', [[list, province]]],
    ['listCity', `list, a city's scope (${size(city)})`, [[list, cityTok]]],
    ['listCommittee', `list, a committee's scope (${size(committee)})`, [[list, committeeTok]]],
    ['listBranch', `list, a branch's scope (${size(branch)})`, [[list, branchTok]]],
    ['stage', `list, \`stage=development_object\`, whole tree`, [[`${list}&stage=development_object`, admin]]],
    ['stageCommittee', 'list, `stage=activist`, a committee', [[`${list}&stage=activist`, committeeTok]]],
    ['page100', 'list, `page=100`, whole tree', [[`${list}&page=100`, admin]]],
    ['page2000', 'list, `page=2000`, whole tree', [[`${list}&page=2000`, admin]]],
    [
      'cursor',
      'list, `cursor` after 50 pages walked, whole tree',
      cursor ? [[`${list}&cursor=${cursor}`, admin]] : null,
    ],
    [
      'searchCommon',
      `search \`q=\` common 2-char fragment (50 in turn: ${common.slice(0, 3).join(' ')} …)`,
      common.map((f) => [`${list}&q=${q(f)}`, admin]),
    ],
    [
      'searchRare',
      `search \`q=${seeded.rareFragment[0]}\` rare fragment (${seeded.rareFragment[1]} names)`,
      [[`${list}&q=${q(seeded.rareFragment[0])}`, admin]],
    ],
    ['searchName', 'search `q=` a full name (20 in turn)', seeded.fullNames.map((nm) => [`${list}&q=${q(nm)}`, admin])],
    ['searchId', 'search `idNumber=`', seeded.idNumbers.map((id) => [`${list}&idNumber=${id}`, admin])],
    [
      'searchCommittee',
      'search `q=` common fragment, a committee',
      common.map((f) => [`${list}&q=${q(f)}`, committeeTok]),
    ],
    ['overdueTree', `overdue list, whole tree`, [['/api/reports/overdue?limit=20', admin]]],
    ['overdueCommittee', 'overdue list, a committee', [['/api/reports/overdue?limit=20', committeeTok]]],
    ['funnelTree', `report funnel ${YEAR}, whole tree`, [[`/api/reports/funnel?year=${YEAR}`, admin]]],
    ['funnelCommittee', `report funnel ${YEAR}, a committee`, [[`/api/reports/funnel?year=${YEAR}`, committeeTok]]],
    ['structureTree', `report structure ${YEAR}, whole tree`, [[`/api/reports/structure?year=${YEAR}`, admin]]],
    [
      'structureCommittee',
      `report structure ${YEAR}, a committee`,
      [[`/api/reports/structure?year=${YEAR}`, committeeTok]],
    ],
  ];
  const out = {};
  for (const [key, label, requests] of lines) {
    if (!requests) {
      out[key] = { label };
      continue;
    }
    const u = await unloaded(base, requests, failures, label);
    const total = u.body && typeof u.body === 'object' ? u.body.total : undefined;
    out[key] = { label, ms: u.ms, total, load: await loaded(base, requests, failures, label) };
    console.log(`  ${label}: ${u.ms} ms; ${out[key].load.perSecond}/s, p99 ${out[key].load.p99Ms} ms (total ${total})`);
  }
  out.mix = await mix(base, seeded, { admin, committeeTok, common, cursor }, failures);
  return out;
}

/** Ballots cast at a steady rate by 2 connections while 10 connections list. */
async function mix(base, seeded, { admin, committeeTok, common, cursor }, failures) {
  const ids = seeded.voteCandidates;
  const session = await post(base, admin, '/api/votes', {
    level: 'mass_assessment',
    purpose: 'admission',
    orgId: seeded.tree.voteBranch.id,
    meetingDate: '2025-06-15',
    candidateIds: ids,
    mode: 'electronic',
    expected: 100000,
  });
  const need = Math.min(10000, Math.ceil(BALLOT_RATE * (MIX_DURATION + WARMUP + 5)) + 100);
  const { codes } = await post(base, admin, `/api/votes/${session.id}/ballot-papers`, { count: need });
  const list = '/api/candidates?limit=20';
  const listings = common.slice(0, 10).flatMap((f) => [
    [list, admin],
    [list, committeeTok],
    [`${list}&q=${encodeURIComponent(f)}`, admin],
    [cursor ? `${list}&cursor=${cursor}` : `${list}&page=51`, admin], // the before build has no cursor: the same depth by offset
  ]);
  let next = 0;
  const ballots = (duration) =>
    autocannon({
      url: `${base}/api/ballots`,
      connections: 2,
      duration,
      overallRate: BALLOT_RATE,
      timeout: TIMEOUT_S,
      requests: [
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          setupRequest: (req) => {
            const k = next++;
            const choices = Object.fromEntries(ids.map((id, i) => [id, (i + k) % 5 === 0 ? 'reject' : 'approve']));
            return { ...req, body: JSON.stringify({ code: codes[k % codes.length], choices }) };
          },
        },
      ],
    });
  // Both warmed up together first (a cold service's first casts and pages are not what is measured).
  await Promise.all([ballots(WARMUP), cannon(base, listings, { duration: WARMUP })]);
  const [cast, listed] = await Promise.all([ballots(MIX_DURATION), cannon(base, listings, { duration: MIX_DURATION })]);
  const result = { ballots: figures(cast), listings: figures(listed), casts: cast['2xx'] };
  if (result.ballots.other || result.ballots.errors || result.ballots.timeouts)
    failures.push(`mix ballots: ${JSON.stringify(result.ballots)} codes ${Object.keys(cast.statusCodeStats || {})}`);
  if (result.listings.other || result.listings.errors || result.listings.timeouts)
    failures.push(`mix listings: ${JSON.stringify(result.listings)}`);
  console.log(`  mix: ballots ${JSON.stringify(result.ballots)}; listings ${JSON.stringify(result.listings)}`);
  return result;
}

async function runOne(kind, build, port) {
  const failures = [];
  const db = await freshDatabase(kind);
  try {
    console.log(`\n${kind} ${build.label}: seeding ${N.toLocaleString('en')} candidates …`);
    const seeded = await seed(build, db.url);
    console.log(`  seeded in ${(seeded.seedMs / 1000).toFixed(1)} s; derived: ${seeded.derived.join(', ') || 'none'}`);
    const svc = await startService(
      kind,
      port,
      { DATABASE_URL: db.url },
      { root: build.root, dist: relative(build.root, build.dist) },
    );
    try {
      if (!(await fetch(`${svc.base}/api/health`).catch(() => ({ ok: false }))).ok)
        throw new Error(`${kind} ${build.label}: the service did not come up`);
      const results = await measure(svc.base, seeded, failures);
      return { seeded, results, failures };
    } finally {
      await svc.stop();
    }
  } catch (err) {
    failures.push(`${kind} ${build.label}: ${err.stack || err}`);
    return { failures };
  } finally {
    if (process.env.SCALE_KEEP) console.log(`  kept: ${db.url}`);
    else await db.drop();
  }
}

// ── the table ──

const num = (x) => (x >= 100 ? Math.round(x).toLocaleString('en') : String(+x.toFixed(1)));

function table(runs, columns) {
  const head = `| | ${columns.map((c) => c.title).join(' | ')} |\n|---|${columns.map(() => '---').join('|')}|`;
  const any = columns.map((c) => runs[c.key]).find((r) => r?.results);
  if (!any) return 'no results';
  const keys = Object.keys(any.results).filter((k) => k !== 'mix');
  const cell = (c, fn) => {
    const r = runs[c.key]?.results;
    return r ? fn(r) : '—';
  };
  const loadRows = keys.map(
    (k) =>
      `| ${any.results[k].label} | ${columns
        .map((c) =>
          cell(c, (r) => {
            const l = r[k]?.load;
            if (!l) return '—';
            const notes = [
              l.other && `${l.other} non-2xx`,
              l.timeouts && `${l.timeouts} timed out (${TIMEOUT_S} s)`,
              l.errors - l.timeouts > 0 && `${l.errors - l.timeouts} errors`,
            ].filter(Boolean);
            return `${num(l.perSecond)}/s · ${num(l.p99Ms)} ms${notes.length ? ` ⚠ ${notes.join(', ')}` : ''}`;
          }),
        )
        .join(' | ')} |`,
  );
  const unloadedRows = keys.map(
    (k) =>
      `| ${any.results[k].label} | ${columns.map((c) => cell(c, (r) => (r[k]?.ms === undefined ? '—' : `${num(r[k].ms)} ms`))).join(' | ')} |`,
  );
  const mixRows = [
    [
      'ballots cast during the listings: casts/s · p50 · p99 ms',
      (m) => `${num(m.ballots.perSecond)}/s · ${num(m.ballots.p50Ms)} · ${num(m.ballots.p99Ms)} ms`,
    ],
    [
      `listings during the ballots (${CONNECTIONS} connections): req/s · p99 ms`,
      (m) => `${num(m.listings.perSecond)}/s · ${num(m.listings.p99Ms)} ms`,
    ],
  ].map(([label, fn]) => `| ${label} | ${columns.map((c) => cell(c, (r) => fn(r.mix))).join(' | ')} |`);
  const seedRow = `| seed (migrations, rows, indexes, derived tables${DBS.includes('postgres') ? ', VACUUM ANALYZE' : ''}) | ${columns
    .map((c) => (runs[c.key]?.seeded ? `${(runs[c.key].seeded.seedMs / 1000).toFixed(1)} s` : '—'))
    .join(' | ')} |`;
  return [
    `**Under load** (${CONNECTIONS} connections, ${WARMUP} s warm-up, ${DURATION} s): req/s · p99 ms`,
    '',
    head,
    ...loadRows,
    '',
    '**Unloaded** (median of 5 sequential requests): ms',
    '',
    head,
    ...unloadedRows,
    '',
    `**Ballots under load**: ${BALLOT_RATE} casts/s offered by 2 connections (10 candidates a ballot) while ${CONNECTIONS} connections list (first page whole tree, a committee, a 2-character search, a cursor page — \`page=51\` on a build without cursors); both warmed up together for ${WARMUP} s, then ${MIX_DURATION} s measured`,
    '',
    head,
    ...mixRows,
    '',
    head,
    seedRow,
  ].join('\n');
}

function report(runs, columns) {
  const cpus = os.cpus();
  const any = Object.values(runs).find((r) => r.seeded)?.seeded;
  const lines = [
    `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; ${cpus.length} × ${cpus[0].model}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}; load average at the end ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}.`,
    `N = ${N.toLocaleString('en')} candidates${BEFORE ? `; before = ${BEFORE}, after = the tree at ${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain', '--', 'src').trim() ? ' (with uncommitted changes in src/)' : ''}` : ''}.`,
  ];
  if (any) {
    const t = any.tree;
    lines.push(
      `Tree: 1 province department, ${t.cities.length} city departments, ${t.committees.length} committees, ${t.branches.length} branches; ` +
        `stages ${Object.entries(any.stages)
          .map(([s, c]) => `${s} ${c.toLocaleString('en')}`)
          .join(
            ', ',
          )}; ${any.withId.toLocaleString('en')} with an ID number; ${any.deadlines.toLocaleString('en')} open deadlines.`,
    );
  }
  lines.push('', table(runs, columns));
  const failures = Object.entries(runs).flatMap(([k, r]) => r.failures.map((f) => `- ${k}: ${f}`));
  if (failures.length) lines.push('', 'Failures:', '', ...failures.map((f) => f.slice(0, 600)));
  return lines.join('\n');
}

function git(...args) {
  return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
}

function writeResults(text) {
  let doc = readFileSync(RESULTS, 'utf8');
  const begin = '<!-- scale:begin -->';
  const end = '<!-- scale:end -->';
  if (!doc.includes(begin)) doc = `${doc.trimEnd()}\n\n${HEADING}\n\n${begin}\n${end}\n`;
  const from = doc.indexOf(begin) + begin.length;
  writeFileSync(RESULTS, `${doc.slice(0, from)}\n${text}\n${doc.slice(doc.indexOf(end))}`);
}

async function main() {
  const builds = [];
  try {
    if (BEFORE) builds.push(buildBefore(BEFORE));
    builds.push(buildCurrent());
    const runs = {};
    const columns = [];
    let port = PORT;
    for (const kind of DBS)
      for (const build of builds) {
        const key = `${kind}-${build.label}`;
        columns.push({ key, title: `${kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'} ${build.label}` });
        runs[key] = await runOne(kind, build, port++);
      }
    const text = report(runs, columns);
    console.log(`\n${text}`);
    writeResults(text);
    mkdirSync(join(__dirname, 'out'), { recursive: true });
    const raw = Object.fromEntries(
      Object.entries(runs).map(([k, r]) => [
        k,
        { ...r, seeded: r.seeded && { ...r.seeded, tree: undefined, perOrg: undefined } },
      ]),
    );
    writeFileSync(join(__dirname, 'out', `scale-${N}.json`), JSON.stringify(raw, null, 2));
    process.exitCode = Object.values(runs).some((r) => r.failures.length) ? 1 : 0;
  } finally {
    for (const b of builds) if (b.commit) sh('git', ['worktree', 'remove', '--force', b.root], ROOT);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
