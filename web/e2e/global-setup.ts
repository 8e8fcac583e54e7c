import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const freePort = () =>
  new Promise<number>((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });

/**
 * Starts `npm run demo`'s program (dist/demo/main.js) in a folder of its own: a new SQLite
 * database with the demo county, a user per role. The tests find the service at E2E_BASE_URL
 * and the demo users' passwords in E2E_USERS. Returns the teardown.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  for (const built of ['dist/demo/main.js', 'web/dist/index.html', 'web/dist/vote.html'])
    if (!existsSync(join(ROOT, built))) throw new Error(`${built} is missing: run npm run build first`);
  const dir = mkdtempSync(join(tmpdir(), 'admissions-e2e-'));
  const port = await freePort();
  const child = spawn(process.execPath, [join(ROOT, 'dist/demo/main.js')], {
    cwd: dir,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', CONFIG_DIR: join(ROOT, 'config'), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the demo service exited with ${child.exitCode}`);
    const up = await fetch(`${base}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up && existsSync(join(dir, 'data/demo-users.txt'))) break;
    if (Date.now() > deadline) throw new Error('the demo service did not start within 60 s');
    await new Promise((r) => setTimeout(r, 250));
  }
  const users = Object.fromEntries(
    readFileSync(join(dir, 'data/demo-users.txt'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split('=', 2)),
  );
  process.env.E2E_BASE_URL = base;
  process.env.E2E_USERS = JSON.stringify(users);
  return async () => {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  };
}
