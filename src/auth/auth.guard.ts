import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { forbidden, Unauthenticated } from '../common/domain-error';
import { OrgPaths } from './org-paths';
import { Sessions } from './sessions';
import { verifyToken } from './jwt';
import { PUBLIC_KEY, ROLES_KEY } from './decorators';
import type { Caller, Role } from './roles';

/** 401 without a valid token; 403 when the caller's role may not take the action. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly orgPaths: OrgPaths,
    private readonly sessions: Sessions,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;

    const request = ctx.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; caller?: Caller }>();
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const claims = match ? verifyToken(match[1], this.config.jwtSecret) : undefined;
    if (!claims) throw new Unauthenticated('UNAUTHENTICATED', '未登录或令牌无效、已过期');
    if (claims.sv !== undefined && !(await this.sessions.isCurrent(claims.sub, claims.sv)))
      throw new Unauthenticated('SESSION_ENDED', '登录已失效（已退出、账号被停用或权限、密码已变更），请重新登录');

    let scopePath = '';
    if (claims.orgId) {
      const path = await this.orgPaths.pathOf(claims.orgId);
      if (!path) throw new Unauthenticated('UNAUTHENTICATED', '令牌所属组织不存在');
      scopePath = path;
    }
    request.caller = { sub: claims.sub, name: claims.name, role: claims.role, orgId: claims.orgId, scopePath };

    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!allowed) throw forbidden('此接口未开放'); // every handler declares its roles
    if (!allowed.includes(claims.role)) throw forbidden();
    return true;
  }
}
