import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { createApp } from '../app.factory';
import { signToken } from '../auth/jwt';
import { ConfigError, loadConfig } from '../config/config';
import { DEMO_ENV_FILE, loadDemoEnv } from '../config/demo-env';
import { DeadlineReconciler } from '../jobs';
import { seedDemo } from './seed';
import { DEMO_USERS_FILE, seedUsers } from './users';
import { ROLE_ZH } from '../auth/roles';

/** The secrets the demo generates once, unless the environment gives them. */
const GENERATED_SECRETS = ['JWT_SECRET', 'LEDGER_KEY', 'PERSONAL_DATA_KEY'];

/**
 * `npm run demo`: migrates, loads demo data, prints demo tokens and starts the service on
 * SQLite. The secrets it generates are kept in data/demo.env for later runs and `npm run token`.
 */
async function main(): Promise<void> {
  const kept = loadDemoEnv();
  const missing = GENERATED_SECRETS.filter((name) => !process.env[name] && !kept[name]);
  if (missing.length) {
    mkdirSync('data', { recursive: true });
    appendFileSync(DEMO_ENV_FILE, missing.map((name) => `${name}=${randomBytes(32).toString('hex')}\n`).join(''), {
      mode: 0o600,
    });
  }
  const config = loadConfig({ LOG_LEVEL: 'warn', ...loadDemoEnv(), ...process.env });
  const app = await createApp(config);
  await app.init();
  const ttl = 30 * 24 * 3600;
  const admin = signToken({ sub: 'demo-admin', name: '系统管理员', role: 'admin' }, config.jwtSecret, ttl);
  const orgs = await seedDemo(app, admin);
  await app.get(DeadlineReconciler).reconcile(); // the demo's late talk is A01 from the first screen on
  const users = await seedUsers(app, orgs);

  const tokens = {
    admin,
    department: signToken(
      { sub: 'demo-dept', name: '组织员老周', role: 'department', orgId: orgs.department.id },
      config.jwtSecret,
      ttl,
    ),
    committee: signToken(
      { sub: 'demo-committee', name: '工委委员小林', role: 'committee', orgId: orgs.committee.id },
      config.jwtSecret,
      ttl,
    ),
    branch: signToken(
      { sub: 'demo-branch', name: '支部书记王建国', role: 'branch', orgId: orgs.branch.id },
      config.jwtSecret,
      ttl,
    ),
    reviewer: signToken(
      { sub: 'demo-reviewer', name: '回访员陈敏', role: 'reviewer', orgId: orgs.committee.id },
      config.jwtSecret,
      ttl,
    ),
  };
  await app.listen(config.port, config.host);
  const base = `http://localhost:${config.port}`;
  const lines = [
    '',
    '发展党员全流程管理服务 — 演示环境已启动',
    `  工作台     ${base}/          （用下列任一账号登录；账号也写在 ${DEMO_USERS_FILE}）`,
    ...users.map(
      (u) => `    ${ROLE_ZH[u.role].padEnd(6, '　')} 用户名 ${u.username.padEnd(11)} 密码 ${u.password}   ${u.name}`,
    ),
    `  投票页     ${base}/vote      （手机扫选票上的二维码打开）`,
    `  服务地址   ${base}/api      接口文档 ${base}/api/docs`,
    `  数据库     ${config.database.type === 'sqlite' ? config.database.file : 'PostgreSQL'}`,
    `  组织部 id  ${orgs.department.id}   （${orgs.department.name}）`,
    `  党委 id    ${orgs.committee.id}   （${orgs.committee.name}）`,
    `  支部 id    ${orgs.branch.id}   （${orgs.branch.name}）`,
    `  以上 id 与令牌也写在 data/demo-tokens.txt（DEPARTMENT_ID=、COMMITTEE_ID=、BRANCH_ID=）；签发其他令牌: npm run token -- --help`,
    '',
    '演示令牌（30 天有效），例如：',
    `  export TOKEN=${tokens.branch}`,
    `  curl -s ${base}/api/organizations/${orgs.branch.id}/members -H "Authorization: Bearer $TOKEN"`,
    '',
    ...Object.entries(tokens).map(([role, token]) => `  ${role.padEnd(10)} ${token}`),
    '',
  ];
  const ids = { BRANCH_ID: orgs.branch.id, COMMITTEE_ID: orgs.committee.id, DEPARTMENT_ID: orgs.department.id };
  writeFileSync(
    'data/demo-tokens.txt',
    [...Object.entries(tokens), ...Object.entries(ids)].map(([k, v]) => `${k}=${v}\n`).join(''),
  );
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? `配置错误 ${err.message}` : err);
  process.exit(1);
});
