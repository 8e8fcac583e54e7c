import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');

/**
 * The built service (dist/), rebuilt when any source file is newer than it: tests that run the real commands.
 * `npm run build` builds the @admissions/rules package (src/rules/dist, which dist/ requires) before nest build;
 * build output (src/rules/dist) is not a source.
 */
export function ensureBuilt(): void {
  const main = join(ROOT, 'dist', 'main.js');
  const newest = (dir: string): number =>
    readdirSync(dir, { withFileTypes: true }).reduce(
      (m, e) =>
        e.name === 'dist'
          ? m
          : Math.max(m, e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs),
      0,
    );
  if (!existsSync(main) || newest(join(ROOT, 'src')) > statSync(main).mtimeMs) {
    execSync('npm run build', { cwd: ROOT, stdio: 'inherit' });
  }
}
