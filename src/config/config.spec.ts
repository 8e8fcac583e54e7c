import { ConfigError, loadConfig } from './config';

const SECRET = { JWT_SECRET: 'x'.repeat(32), LEDGER_KEY: 'k'.repeat(32), PERSONAL_DATA_KEY: 'p'.repeat(32) };

describe('loadConfig', () => {
  it('fills the defaults: SQLite under data/, port 3000, default profile', () => {
    const c = loadConfig(SECRET);
    expect(c.port).toBe(3000);
    expect(c.database).toEqual({ type: 'sqlite', file: expect.stringMatching(/data\/admissions\.sqlite$/) });
    expect(c.rulesProfile).toBe('default');
    expect(c.redisUrl).toBeUndefined();
  });

  it('trusts no proxy unless told: a hop count or a list of addresses', () => {
    expect(loadConfig(SECRET).trustProxy).toBe(false);
    expect(loadConfig({ ...SECRET, TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ ...SECRET, TRUST_PROXY: '10.0.0.0/8, 127.0.0.1,loopback' }).trustProxy).toEqual([
      '10.0.0.0/8',
      '127.0.0.1',
      'loopback',
    ]);
    expect(loadConfig(SECRET)).toMatchObject({ reconcileIntervalMs: 600_000, reconcileHorizonHours: 48 });
  });

  it('exposes the personal-data key beside the ledger key', () => {
    expect(loadConfig(SECRET)).toMatchObject({
      ledgerKey: SECRET.LEDGER_KEY,
      personalDataKey: SECRET.PERSONAL_DATA_KEY,
    });
  });

  it('takes PostgreSQL and Redis from their URLs', () => {
    const c = loadConfig({ ...SECRET, DATABASE_URL: 'postgres://u@h:5432/db', REDIS_URL: 'redis://127.0.0.1:6379' });
    expect(c.database).toEqual({ type: 'postgres', url: 'postgres://u@h:5432/db' });
    expect(c.redisUrl).toBe('redis://127.0.0.1:6379');
  });

  it.each([
    [{}, /^JWT_SECRET: /],
    [{ ...SECRET, JWT_SECRET: 'short' }, /^JWT_SECRET: /],
    [{ JWT_SECRET: SECRET.JWT_SECRET }, /^LEDGER_KEY: /],
    [{ ...SECRET, LEDGER_KEY: 'too-short' }, /^LEDGER_KEY: /],
    [{ ...SECRET, LEDGER_KEY: SECRET.JWT_SECRET }, /^LEDGER_KEY: /],
    [{ JWT_SECRET: SECRET.JWT_SECRET, LEDGER_KEY: SECRET.LEDGER_KEY }, /^PERSONAL_DATA_KEY: .*未设置.*not set/],
    [{ ...SECRET, PERSONAL_DATA_KEY: '' }, /^PERSONAL_DATA_KEY: .*未设置/],
    [{ ...SECRET, PERSONAL_DATA_KEY: 'p'.repeat(31) }, /^PERSONAL_DATA_KEY: .*32/],
    [{ ...SECRET, PERSONAL_DATA_KEY: SECRET.JWT_SECRET }, /^PERSONAL_DATA_KEY: .*JWT_SECRET/],
    [{ ...SECRET, PERSONAL_DATA_KEY: SECRET.LEDGER_KEY }, /^PERSONAL_DATA_KEY: .*LEDGER_KEY/],
    [{ ...SECRET, PORT: '0' }, /^PORT: /],
    [{ ...SECRET, PORT: 'abc' }, /^PORT: /],
    [{ ...SECRET, PORT: '70000' }, /^PORT: /],
    [{ ...SECRET, DATABASE_URL: 'mysql://x' }, /^DATABASE_URL: /],
    [{ ...SECRET, DATABASE_URL: 'sqlite:' }, /^DATABASE_URL: /],
    [{ ...SECRET, REDIS_URL: 'http://x' }, /^REDIS_URL: /],
    [{ ...SECRET, RULES_PROFILE: '../etc/passwd' }, /^RULES_PROFILE: /],
    [{ ...SECRET, APP_TIMEZONE: 'Mars/Olympus' }, /^APP_TIMEZONE: /],
    [{ ...SECRET, LOG_LEVEL: 'loud' }, /^LOG_LEVEL: /],
    [{ ...SECRET, TRUST_PROXY: 'true' }, /^TRUST_PROXY: /],
    [{ ...SECRET, TRUST_PROXY: '0' }, /^TRUST_PROXY: /],
    [{ ...SECRET, TRUST_PROXY: 'proxy.example' }, /^TRUST_PROXY: /],
    [{ ...SECRET, RECONCILE_INTERVAL_SECONDS: '0' }, /^RECONCILE_INTERVAL_SECONDS: /],
    [{ ...SECRET, RECONCILE_INTERVAL_SECONDS: '86400', RECONCILE_HORIZON_HOURS: '24' }, /^RECONCILE_HORIZON_HOURS: /],
  ])('stops on %j with one line naming the setting', (env, message) => {
    let error: unknown;
    try {
      loadConfig(env as NodeJS.ProcessEnv);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });
});
