import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Caller, Role } from './roles';

export const PUBLIC_KEY = 'auth:public';
export const ROLES_KEY = 'auth:roles';

/** No login: the public notice and ballot endpoints. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** The roles that may call a handler (each still within its own subtree). */
export const Allow = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

export const CurrentCaller = createParamDecorator((_: unknown, ctx: ExecutionContext): Caller => {
  return ctx.switchToHttp().getRequest<{ caller: Caller }>().caller;
});
