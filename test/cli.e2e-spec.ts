import { spawnSync } from 'node:child_process';
import jwt from 'jsonwebtoken';
import { ensureBuilt, ROOT } from './support/built';

/** `npm run token` as a newcomer calls it (the built command, as npm runs it). */
describe('npm run token', () => {
  beforeAll(() => ensureBuilt());
  const token = (...args: string[]) =>
    spawnSync(process.execPath, ['dist/auth/token.cli.js', ...args], {
      cwd: ROOT,
      env: { ...process.env, JWT_SECRET: 'cli-test-secret-0123456789' },
      encoding: 'utf8',
    });

  it('prints its usage, with where to find an organization id, for --help and exits 0', () => {
    const res = token('--help');
    expect(res.status).toBe(0);
    expect(res.stdout).toContain('用法: npm run token');
    expect(res.stdout).toContain('/api/organizations');
    expect(res.stderr).toBe('');
  });

  it('answers a wrong call with the usage and exit code 2, without a stack trace', () => {
    for (const args of [
      ['--colour', 'red'],
      ['--role', 'king'],
      ['--role', 'branch'],
    ]) {
      const res = token(...args);
      expect(res.status).toBe(2);
      expect(res.stdout + res.stderr).toContain('用法');
      expect(res.stdout + res.stderr).not.toMatch(/at \w+ \(|\.js:\d+/);
    }
  });

  it('prints a token the service takes', () => {
    const res = token('--role', 'committee', '--org', '3f0c9a52-5d0e-4a7b-9d51-0e8f6b2c7a11', '--name', '王建国');
    expect(res.status).toBe(0);
    const claims = jwt.verify(res.stdout.trim(), 'cli-test-secret-0123456789', { algorithms: ['HS256'] }) as Record<
      string,
      unknown
    >;
    expect(claims).toMatchObject({ role: 'committee', orgId: '3f0c9a52-5d0e-4a7b-9d51-0e8f6b2c7a11', name: '王建国' });
  });
});
