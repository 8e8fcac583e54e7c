import { isAbsolute, resolve } from 'node:path';

export type DatabaseConfig = { type: 'sqlite'; file: string } | { type: 'postgres'; url: string; schema?: string };

export interface AppConfig {
  port: number;
  host: string;
  database: DatabaseConfig;
  redisUrl?: string;
  jwtSecret: string;
  /** How long a console sign-in lasts (SPEC §14, SESSION_HOURS, default 8). */
  sessionHours: number;
  /** Authenticates every accountability ledger entry (SPEC §9); never stored in the database. */
  ledgerKey: string;
  /** Keys the national ID number's digest (HMAC-SHA-256, SPEC §13), so equal numbers are found; never stored in the database. */
  personalDataKey: string;
  rulesProfile: string;
  timeZone?: string;
  logLevel: string;
  publicRateLimit: number;
  /** Who may set X-Forwarded-For (SPEC §12): false (the socket address is the client), a hop count, or proxy addresses/CIDRs. */
  trustProxy: false | number | string[];
  /** How often each instance reconciles deadlines (SPEC §10). */
  reconcileIntervalMs: number;
  /** How far ahead a reconcile (re-)adds the jobs of pending deadlines: its work is bounded by this, not by the table. */
  reconcileHorizonHours: number;
  /** Where config/ lives: rules profiles and the accountability catalog. */
  configDir: string;
}

/** A bad or missing setting: start-up stops with this one line. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function parseDatabase(raw: string | undefined): DatabaseConfig {
  const value = raw?.trim() || 'sqlite:data/admissions.sqlite';
  if (value.startsWith('sqlite:')) {
    const file = value.slice('sqlite:'.length);
    if (!file) throw new ConfigError('DATABASE_URL: sqlite: 后须跟文件路径，例如 sqlite:data/admissions.sqlite');
    return { type: 'sqlite', file: file === ':memory:' ? file : resolve(file) };
  }
  if (/^postgres(ql)?:\/\//.test(value)) {
    try {
      new URL(value);
    } catch {
      throw new ConfigError(`DATABASE_URL: 不是有效的 PostgreSQL 连接串: ${value}`);
    }
    return { type: 'postgres', url: value };
  }
  throw new ConfigError(`DATABASE_URL: 只支持 sqlite:<文件> 或 postgres://…，收到 ${value}`);
}

function parsePositiveInt(
  name: string,
  raw: string | undefined,
  fallback: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new ConfigError(`${name}: 须为 1..${max} 的整数，收到 ${raw}`);
  return n;
}

/** `TRUST_PROXY`: unset/off → false; a number → that many hops; otherwise addresses, CIDRs or proxy-addr's names (loopback …). */
function parseTrustProxy(raw: string | undefined): false | number | string[] {
  const value = raw?.trim() ?? '';
  if (value === '' || value === 'off' || value === 'false') return false;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops < 1 || hops > 10) throw new ConfigError(`TRUST_PROXY: 跳数须为 1..10，收到 ${value}`);
    return hops;
  }
  const entries = value
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  const named = ['loopback', 'linklocal', 'uniquelocal'];
  const bad = entries.filter((e) => !named.includes(e) && !/^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(e));
  if (bad.length || entries.length === 0) {
    throw new ConfigError(
      `TRUST_PROXY: 须为 off、跳数，或以逗号分隔的代理地址/CIDR（如 10.0.0.0/8,loopback），不认识 ${bad.join(',') || value}`,
    );
  }
  return entries;
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** JWT_SECRET alone, for the token command, which needs nothing else. */
export function loadJwtSecret(env: NodeJS.ProcessEnv): string {
  const jwtSecret = env.JWT_SECRET ?? '';
  if (!jwtSecret) throw new ConfigError('JWT_SECRET: 未设置（必填；演示命令 npm run demo 会自动生成）');
  if (jwtSecret.length < 16) throw new ConfigError('JWT_SECRET: 至少 16 个字符');
  return jwtSecret;
}

/** Validates the environment once; nothing else reads process.env. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const jwtSecret = loadJwtSecret(env);

  const ledgerKey = env.LEDGER_KEY ?? '';
  if (!ledgerKey)
    throw new ConfigError('LEDGER_KEY: 未设置（必填，用于认证责任追究台账；演示命令 npm run demo 会自动生成）');
  if (ledgerKey.length < 32) throw new ConfigError('LEDGER_KEY: 至少 32 个字符');
  if (ledgerKey === jwtSecret) throw new ConfigError('LEDGER_KEY: 不能与 JWT_SECRET 相同');

  const personalDataKey = env.PERSONAL_DATA_KEY ?? '';
  if (!personalDataKey) {
    throw new ConfigError(
      'PERSONAL_DATA_KEY: 未设置（必填，用于身份证号的带密钥摘要以发现重复申请人；演示命令 npm run demo 会自动生成） / not set (required: keys the ID-number digest that finds duplicate applicants; npm run demo generates one)',
    );
  }
  if (personalDataKey.length < 32) {
    throw new ConfigError('PERSONAL_DATA_KEY: 至少 32 个字符 / must be at least 32 characters');
  }
  if (personalDataKey === jwtSecret) {
    throw new ConfigError('PERSONAL_DATA_KEY: 不能与 JWT_SECRET 相同 / must differ from JWT_SECRET');
  }
  if (personalDataKey === ledgerKey) {
    throw new ConfigError('PERSONAL_DATA_KEY: 不能与 LEDGER_KEY 相同 / must differ from LEDGER_KEY');
  }

  const redisUrl = env.REDIS_URL?.trim() || undefined;
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl))
    throw new ConfigError(`REDIS_URL: 须以 redis:// 或 rediss:// 开头，收到 ${redisUrl}`);

  const rulesProfile = env.RULES_PROFILE?.trim() || 'default';
  if (!/^[a-z0-9][a-z0-9-]*$/.test(rulesProfile))
    throw new ConfigError(`RULES_PROFILE: 只能含小写字母、数字和连字符，收到 ${rulesProfile}`);

  const timeZone = env.APP_TIMEZONE?.trim() || undefined;
  if (timeZone && !isTimeZone(timeZone)) throw new ConfigError(`APP_TIMEZONE: 未知时区 ${timeZone}`);

  const logLevel = env.LOG_LEVEL?.trim() || 'info';
  if (!LOG_LEVELS.includes(logLevel))
    throw new ConfigError(`LOG_LEVEL: 须为 ${LOG_LEVELS.join('/')} 之一，收到 ${logLevel}`);

  const reconcileIntervalSeconds = parsePositiveInt(
    'RECONCILE_INTERVAL_SECONDS',
    env.RECONCILE_INTERVAL_SECONDS,
    600,
    86400,
  );
  const reconcileHorizonHours = parsePositiveInt('RECONCILE_HORIZON_HOURS', env.RECONCILE_HORIZON_HOURS, 48, 24 * 31);
  // Every deadline must get its job at least one reconcile before it falls due.
  if (reconcileHorizonHours * 3600 < 2 * reconcileIntervalSeconds) {
    throw new ConfigError(
      `RECONCILE_HORIZON_HOURS: 须至少为巡检间隔（RECONCILE_INTERVAL_SECONDS=${reconcileIntervalSeconds}）的两倍`,
    );
  }

  const configDir = env.CONFIG_DIR?.trim() || 'config';
  return {
    port: parsePositiveInt('PORT', env.PORT, 3000, 65535),
    host: env.HOST?.trim() || '0.0.0.0',
    database: parseDatabase(env.DATABASE_URL),
    redisUrl,
    jwtSecret,
    sessionHours: parsePositiveInt('SESSION_HOURS', env.SESSION_HOURS, 8, 24 * 30),
    ledgerKey,
    personalDataKey,
    rulesProfile,
    timeZone,
    logLevel,
    publicRateLimit: parsePositiveInt('PUBLIC_RATE_LIMIT', env.PUBLIC_RATE_LIMIT, 60),
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    reconcileIntervalMs: reconcileIntervalSeconds * 1000,
    reconcileHorizonHours,
    configDir: isAbsolute(configDir) ? configDir : resolve(configDir),
  };
}
