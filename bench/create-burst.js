'use strict';
// Issue 2: a burst of 1,000 concurrent creates on SQLite must answer no 5xx (the FIFO
// transaction queue works), and every acknowledged create must be in the database.
const { startService, seedTree, percentile } = require('./lib');

module.exports = async function createBurst({ kind = 'sqlite', port = 3401, n = 1000 } = {}) {
  const svc = await startService(kind, port);
  try {
    const { admin, branch } = await seedTree(svc.base);
    const started = Date.now();
    const results = await Promise.all(
      Array.from({ length: n }, async (_, i) => {
        const t0 = performance.now();
        const res = await fetch(`${svc.base}/api/organizations/${branch.id}/members`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
          body: JSON.stringify({ name: `突发${i}`, status: 'formal', joinedOn: '2012-07-01' }),
        });
        await res.arrayBuffer();
        return { status: res.status, ms: performance.now() - t0 };
      }),
    );
    const wall = Date.now() - started;
    const statuses = {};
    for (const r of results) statuses[r.status] = (statuses[r.status] || 0) + 1;
    const list = await (
      await fetch(`${svc.base}/api/organizations/${branch.id}/members?limit=1`, {
        headers: { authorization: `Bearer ${admin}` },
      })
    ).json();
    const ms = results.map((r) => r.ms).sort((a, b) => a - b);
    const fiveXX = results.filter((r) => r.status >= 500).length;
    return {
      name: `burst of ${n} concurrent creates (${kind})`,
      ok: fiveXX === 0 && list.total === statuses[201],
      figures: {
        statuses,
        stored: list.total,
        wallMs: wall,
        p50Ms: +percentile(ms, 50).toFixed(1),
        p99Ms: +percentile(ms, 99).toFixed(1),
        perSecond: Math.round((n / wall) * 1000),
      },
    };
  } finally {
    await svc.stop();
  }
};
