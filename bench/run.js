'use strict';
// `npm run bench [-- name…]`: builds, then runs each benchmark against the built service on
// 127.0.0.1 and prints its figures. Record them, with the machine, in bench/RESULTS.md.
const { execSync } = require('node:child_process');
const os = require('node:os');
const { ROOT } = require('./lib');

const BENCHES = {
  'create-burst-sqlite': () => require('./create-burst')({ kind: 'sqlite' }),
  'create-burst-postgres': () => require('./create-burst')({ kind: 'postgres', port: 3402 }),
  ballots: () => require('./ballots')(),
  console: () => require('./console')(),
  'close-batch-sqlite': () => require('./close-batch')({ kind: 'sqlite' }),
  'close-batch-postgres': () => require('./close-batch')({ kind: 'postgres', port: 3422 }),
  'candidates-sqlite': () => require('./candidates')({ kind: 'sqlite' }),
  'candidates-postgres': () => require('./candidates')({ kind: 'postgres', port: 3432 }),
  'reconciler-sqlite': () => require('./reconciler')({ kind: 'sqlite' }),
  'reconciler-postgres': () => require('./reconciler')({ kind: 'postgres' }),
  'reports-sqlite': () => require('./reports')({ kind: 'sqlite' }),
  'reports-postgres': () => require('./reports')({ kind: 'postgres', port: 3442 }),
  'office-sqlite': () => require('./office')({ kind: 'sqlite' }),
  'office-postgres': () => require('./office')({ kind: 'postgres', port: 3452 }),
};

async function main() {
  execSync('npm run build', { cwd: ROOT, stdio: 'inherit' });
  const wanted = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(BENCHES);
  console.log(
    `machine: ${os.cpus().length} × ${os.cpus()[0].model}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
  );
  let failed = false;
  for (const name of wanted) {
    if (!BENCHES[name]) throw new Error(`unknown bench ${name}; known: ${Object.keys(BENCHES).join(', ')}`);
    const result = await BENCHES[name]();
    failed ||= !result.ok;
    console.log(`${result.ok ? 'ok  ' : 'FAIL'} ${result.name}: ${JSON.stringify(result.figures)}`);
  }
  process.exit(failed ? 1 : 0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
