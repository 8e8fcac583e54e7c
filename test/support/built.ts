import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');

/** The built service (dist/), rebuilt when any source file is newer than it: tests that run the real commands. */
export function ensureBuilt(): void {
  const main = join(ROOT, 'dist', 'main.js');
  const newest = (dir: string): number =>
    readdirSync(dir, { withFileTypes: true }).reduce((m, e) => Math.max(m, e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs), 0);
  if (!existsSync(main) || newest(join(ROOT, 'src')) > statSync(main).mtimeMs) execSync('npx nest build', { cwd: ROOT, stdio: 'inherit' });
}
