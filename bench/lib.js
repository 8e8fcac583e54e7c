'use strict';
// Shared bench plumbing: start the built service as a child process on a fresh database,
// mint tokens, seed over HTTP, and summarise latencies. Traffic goes to 127.0.0.1 only.
const { spawn } = require('node:child_process');
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const jwt = require('jsonwebtoken');

const SECRET = 'bench-secret-0123456789abcdef';
const LEDGER_KEY = 'bench-ledger-key-0123456789abcdef-0123';
const PERSONAL_DATA_KEY = 'bench-personal-data-key-0123456789abcdef';
const ROOT = join(__dirname, '..');

function token(role, orgId) {
  return jwt.sign({ sub: `bench-${role}`, name: role, role, ...(orgId ? { orgId } : {}) }, SECRET, {
    algorithm: 'HS256',
    expiresIn: 3600,
  });
}

async function freshDatabase(kind) {
  if (kind === 'postgres') {
    const { Client } = require('pg');
    const url = process.env.PG_BENCH_URL || 'postgres://postgres@127.0.0.1:5432/test';
    const schema = `bench_${Date.now().toString(36)}`;
    const c = new Client({ connectionString: url });
    await c.connect();
    await c.query(`CREATE SCHEMA ${schema}`);
    await c.end();
    const withSchema = `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
    return {
      url: withSchema,
      drop: async () => {
        const d = new Client({ connectionString: url });
        await d.connect();
        await d.query(`DROP SCHEMA ${schema} CASCADE`);
        await d.end();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'admissions-bench-'));
  return {
    url: `sqlite:${join(dir, 'bench.sqlite')}`,
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** `root`/`dist`: another checkout's build (bench/scale.js runs the build before a change beside the current one). */
async function startService(kind, port, extraEnv = {}, { root = ROOT, dist = process.env.BENCH_DIST || 'dist' } = {}) {
  const db = await freshDatabase(kind);
  const child = spawn(
    process.execPath,
    [...(process.env.BENCH_NODE_ARGS || '').split(' ').filter(Boolean), join(root, dist, 'main.js')],
    {
      cwd: root,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: db.url,
        JWT_SECRET: SECRET,
        LEDGER_KEY,
        PERSONAL_DATA_KEY,
        LOG_LEVEL: 'warn',
        REDIS_URL: '',
        ...extraEnv,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) break;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    base,
    pid: child.pid,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      await db.drop();
    },
  };
}

async function post(base, tok, path, body) {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${tok}` },
    body: JSON.stringify(body),
  });
  const json = await res.json();
  if (res.status !== 201) throw new Error(`${path} → ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** department → committee → branch, with `members` formal members on the branch roster. */
async function seedTree(base, members = 0) {
  const admin = token('admin');
  const dept = await post(base, admin, '/api/organizations', { name: '基准组织部', kind: 'department' });
  const committee = await post(base, admin, '/api/organizations', {
    name: '基准党委',
    kind: 'committee',
    parentId: dept.id,
  });
  const branch = await post(base, admin, '/api/organizations', {
    name: '基准支部',
    kind: 'branch',
    parentId: committee.id,
  });
  for (let i = 0; i < members; i++)
    await post(base, admin, `/api/organizations/${branch.id}/members`, {
      name: `党员${i}`,
      status: 'formal',
      joinedOn: '2010-07-01',
    });
  return { admin, dept, committee, branch };
}

function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** A department, a committee under it and `count` branches, over HTTP; each branch with its materialized path. */
async function seedBranches(base, admin, count) {
  const dept = await post(base, admin, '/api/organizations', { name: '基准组织部', kind: 'department' });
  const committee = await post(base, admin, '/api/organizations', {
    name: '基准党委',
    kind: 'committee',
    parentId: dept.id,
  });
  const branches = [];
  for (let i = 0; i < count; i++) {
    const branch = await post(base, admin, '/api/organizations', {
      name: `基准第${i + 1}支部`,
      kind: 'branch',
      parentId: committee.id,
    });
    branches.push({ ...branch, path: `/${dept.id}/${committee.id}/${branch.id}/` }); // the materialized path, as the service builds it
  }
  return { dept, committee, branches };
}

/** 20 sequential GETs, unloaded: the last answer and the median latency. */
async function probe(url, tok) {
  const ms = [];
  let body;
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now();
    const res = await fetch(url, { headers: { authorization: `Bearer ${tok}` } });
    body = await res.json();
    ms.push(performance.now() - t0);
    if (res.status !== 200) throw new Error(`${url} → ${res.status} ${JSON.stringify(body)}`);
  }
  ms.sort((a, b) => a - b);
  return { body, medianMs: +ms[10].toFixed(1) };
}

/** autocannon's result, as the tables in RESULTS.md give it. */
const figures = (r) => ({
  perSecond: Math.round(r.requests.average),
  p50Ms: r.latency.p50,
  p99Ms: r.latency.p99,
  ok: r['2xx'],
  other: r.non2xx,
  errors: r.errors,
  timeouts: r.timeouts,
});

module.exports = {
  token,
  startService,
  post,
  seedTree,
  seedBranches,
  percentile,
  probe,
  figures,
  SECRET,
  LEDGER_KEY,
  PERSONAL_DATA_KEY,
  ROOT,
};

// Appended for bench/candidates.js: a fresh database whose URL the bench also seeds through.
module.exports.freshDatabase = freshDatabase;
