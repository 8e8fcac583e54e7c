'use strict';
// Electronic ballots cast per second (10 candidates per ballot): autocannon against the
// built service on SQLite, then — in the same run, same settings — against a bare
// node:http + better-sqlite3 server doing the same cast (bench/bare-ballots-server.js).
// The figure that travels between machines is the ratio.
const { fork } = require('node:child_process');
const { mkdtempSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const autocannon = require('autocannon');
const { startService, seedTree, post, token, figures } = require('./lib');
const { seedCandidates, memberIdsOf } = require('./seed-votes');

/** CPU time (user + system) a process has used so far, in ms; null where /proc is not there (Linux, 100 ticks a second). */
function cpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

/** The server's CPU time per answered request during `run`: steadier than requests/s on a shared machine. */
async function measured(pid, run) {
  const before = cpuMs(pid);
  const result = await run();
  const after = cpuMs(pid);
  const answered = result['2xx'] + result.non2xx;
  result.cpuUsPerRequest = before === null || after === null ? null : Math.round(((after - before) * 1000) / answered);
  return result;
}

function load(url, codes, choicesFor, { connections, duration }) {
  let next = 0;
  return autocannon({
    url,
    connections,
    duration,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        setupRequest: (req) => ({
          ...req,
          body: JSON.stringify({ code: codes[next++ % codes.length], choices: choicesFor(next) }),
        }),
      },
    ],
  });
}

module.exports = async function ballots({
  port = 3411,
  barePort = 3412,
  connections = 10,
  duration = 10,
  warmup = 2,
} = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'admissions-ballots-'));
  const dbUrl = `sqlite:${join(dir, 'service.sqlite')}`;
  const run = { connections, duration };
  let service;
  let bare;
  try {
    // ── the service ──
    const svc = await startService('sqlite', port, { DATABASE_URL: dbUrl });
    let serviceResult;
    try {
      const { branch } = await seedTree(svc.base, 3);
      const admin = token('admin');
      const ids = await seedCandidates(dbUrl, {
        branchId: branch.id,
        memberIds: await memberIdsOf(svc.base, admin, branch.id),
        n: 10,
      });
      const session = await post(svc.base, admin, '/api/votes', {
        level: 'mass_assessment',
        purpose: 'admission',
        orgId: branch.id,
        meetingDate: '2025-06-15',
        candidateIds: ids,
        mode: 'electronic',
        expected: 100000,
      });
      const codes = [];
      let tallyKey;
      for (let i = 0; i < 8; i++) {
        const papers = await post(svc.base, admin, `/api/votes/${session.id}/ballot-papers`, { count: 10000 });
        codes.push(...papers.codes);
        tallyKey ??= papers.tallyKey; // with the first papers only
      }
      const choicesFor = (k) =>
        Object.fromEntries(
          ids.map((id, i) => [id, (i + k) % 3 === 0 ? 'reject' : (i + k) % 7 === 0 ? 'abstain' : 'approve']),
        );
      const warm = codes.splice(0, 5000);
      const warmed = await load(`${svc.base}/api/ballots`, warm, choicesFor, { connections, duration: warmup });
      serviceResult = await measured(svc.pid, () => load(`${svc.base}/api/ballots`, codes, choicesFor, run));
      // every acknowledged cast, warm-up included, is counted at the close
      const closed = await post(svc.base, admin, `/api/votes/${session.id}/close`, { tallyKey });
      serviceResult.counted = closed.receipts.length;
      serviceResult.acknowledged = warmed['2xx'] + serviceResult['2xx'];
    } finally {
      await svc.stop();
    }
    service = figures(serviceResult);
    // casts in flight when autocannon stops (warm-up and run) are counted but not acknowledged to it
    Object.assign(service, {
      cpuUsPerCast: serviceResult.cpuUsPerRequest,
      acknowledged: serviceResult.acknowledged,
      counted: serviceResult.counted,
    });

    // ── the bare floor ──
    const n = 200000;
    const child = fork(
      join(__dirname, 'bare-ballots-server.js'),
      [String(barePort), join(dir, 'bare.sqlite'), String(n)],
      { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] },
    );
    await new Promise((resolve) => child.once('message', resolve));
    try {
      const codes = Array.from({ length: n }, (_, i) => `CODE${i}`);
      const ids = Array.from({ length: 10 }, (_, i) => `00000000-0000-4000-8000-00000000000${i}`);
      const choicesFor = (k) => Object.fromEntries(ids.map((id, i) => [id, (i + k) % 3 === 0 ? 'reject' : 'approve']));
      await load(`http://127.0.0.1:${barePort}/`, codes.splice(0, 20000), choicesFor, {
        connections,
        duration: warmup,
      });
      const bareResult = await measured(child.pid, () => load(`http://127.0.0.1:${barePort}/`, codes, choicesFor, run));
      bare = { ...figures(bareResult), cpuUsPerCast: bareResult.cpuUsPerRequest };
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return {
    name: `sealed ballots cast per second, 10 candidates each (sqlite, ${connections} connections, ${duration} s)`,
    ok:
      service.other === 0 &&
      service.errors === 0 &&
      service.counted >= service.acknowledged &&
      service.counted - service.acknowledged <= 2 * connections,
    figures: {
      service,
      bare,
      ratio: +(service.perSecond / bare.perSecond).toFixed(2),
      // the same, from CPU time per cast: what the machine's other load disturbs least
      cpuRatio:
        service.cpuUsPerCast && bare.cpuUsPerCast ? +(bare.cpuUsPerCast / service.cpuUsPerCast).toFixed(2) : null,
    },
  };
};
