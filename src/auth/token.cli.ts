import { parseArgs } from 'node:util';
import { ConfigError, loadJwtSecret } from '../config/config';
import { loadDemoEnv } from '../demo/demo-env';
import { signToken } from './jwt';
import { ROLES, Role } from './roles';

/** `npm run token -- --role branch --org <orgId> [--name 张三] [--sub u1] [--hours 12]` prints a bearer token. */
function main(): void {
  const { values } = parseArgs({
    options: {
      role: { type: 'string' },
      org: { type: 'string' },
      name: { type: 'string' },
      sub: { type: 'string' },
      hours: { type: 'string', default: '12' },
    },
  });
  const role = values.role as Role;
  if (!(ROLES as readonly string[]).includes(role)) throw new ConfigError(`--role 须为 ${ROLES.join('/')} 之一`);
  if (role !== 'admin' && !values.org) throw new ConfigError('--org 必填（只有 admin 可以不带组织）');
  const hours = Number(values.hours);
  if (!(hours > 0)) throw new ConfigError('--hours 须为正数');
  const jwtSecret = loadJwtSecret({ ...loadDemoEnv(), ...process.env });
  const sub = values.sub ?? `cli-${role}`;
  console.log(signToken({ sub, name: values.name ?? sub, role, orgId: values.org }, jwtSecret, Math.round(hours * 3600)));
}

try {
  main();
} catch (err) {
  console.error(err instanceof ConfigError ? `错误: ${err.message}` : err);
  process.exit(1);
}
