import { parseArgs } from 'node:util';
import { ConfigError, loadJwtSecret } from '../config/config';
import { loadDemoEnv } from '../config/demo-env';
import { signToken } from './jwt';
import { ROLES, Role } from './roles';

const USAGE = `用法: npm run token -- --role <角色> [--org <组织ID>] [--name <姓名>] [--sub <用户标识>] [--hours <小时>]

签发一个访问令牌（JWT，HS256），打印到标准输出；请求时放在请求头 Authorization: Bearer <令牌>。

选项:
  --role <角色>    必填：${ROLES.join(' | ')}
                   （admin 系统管理员、department 组织部、committee 党委、branch 党支部、reviewer 回访员）
  --org <组织ID>   令牌所属组织的 id（UUID），只能在该组织及其下级范围内办理；除 admin 外必填
  --name <姓名>    显示的姓名，记入时间线与台账（默认同 --sub）
  --sub <标识>     用户标识（默认 cli-<角色>）
  --hours <小时>   有效期，正数（默认 12）
  -h, --help       显示本说明

如何找到组织 id:
  - 运行过 npm run demo 的话，data/demo-tokens.txt 里有 BRANCH_ID=、COMMITTEE_ID=、DEPARTMENT_ID=；
  - 或用已有令牌查询: curl -s localhost:3000/api/organizations -H "Authorization: Bearer $TOKEN"
    （GET /api/organizations?parentId=<上级组织ID> 列出下级组织）。

密钥取自环境变量 JWT_SECRET，未设置时取 data/demo.env（npm run demo 生成）。

示例:
  npm run token -- --role admin
  npm run token -- --role branch --org 3f0c9a52-5d0e-4a7b-9d51-0e8f6b2c7a11 --name 王建国 --hours 8`;

/** A mistake in how the command was called: answered with the usage and exit code 2. */
class UsageError extends Error {}

/** `npm run token -- --role branch --org <orgId> [--name 张三] [--sub u1] [--hours 12]` prints a bearer token. */
function main(argv: string[]): void {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        role: { type: 'string' },
        org: { type: 'string' },
        name: { type: 'string' },
        sub: { type: 'string' },
        hours: { type: 'string', default: '12' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    // Unknown options, a missing value, stray arguments (node:util's ERR_PARSE_ARGS_*).
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const role = values.role as Role;
  if (!(ROLES as readonly string[]).includes(role)) throw new UsageError(`--role 须为 ${ROLES.join('/')} 之一`);
  if (role !== 'admin' && !values.org) throw new UsageError('--org 必填（只有 admin 可以不带组织）');
  const hours = Number(values.hours);
  if (!(hours > 0)) throw new UsageError('--hours 须为正数');
  const jwtSecret = loadJwtSecret({ ...loadDemoEnv(), ...process.env });
  const sub = values.sub ?? `cli-${role}`;
  console.log(
    signToken({ sub, name: values.name ?? sub, role, orgId: values.org }, jwtSecret, Math.round(hours * 3600)),
  );
}

try {
  main(process.argv.slice(2));
} catch (err) {
  if (err instanceof UsageError) {
    console.error(`错误: ${err.message}\n\n${USAGE}`);
    process.exit(2);
  }
  console.error(err instanceof ConfigError ? `错误: ${err.message}` : err);
  process.exit(1);
}
