import jwt from 'jsonwebtoken';
import { ROLES, Role } from './roles';

export interface TokenClaims {
  sub: string;
  name: string;
  role: Role;
  orgId?: string;
  /** The account's session version (SPEC §14): only in tokens from a sign-in; integration tokens have none. */
  sv?: number;
  exp: number;
}

/** HS256 only: `alg: none` and every other algorithm are refused. */
export function verifyToken(token: string, secret: string): TokenClaims | undefined {
  let payload: unknown;
  try {
    payload = jwt.verify(token, secret, { algorithms: ['HS256'] });
  } catch {
    return undefined;
  }
  if (!payload || typeof payload !== 'object') return undefined;
  const p = payload as Record<string, unknown>;
  if (typeof p.sub !== 'string' || !p.sub) return undefined;
  if (typeof p.role !== 'string' || !(ROLES as readonly string[]).includes(p.role)) return undefined;
  if (typeof p.exp !== 'number') return undefined;
  if (p.orgId !== undefined && typeof p.orgId !== 'string') return undefined;
  if (p.role !== 'admin' && !p.orgId) return undefined;
  if (p.sv !== undefined && !Number.isInteger(p.sv)) return undefined;
  return {
    sub: p.sub,
    name: typeof p.name === 'string' ? p.name : p.sub,
    role: p.role as Role,
    orgId: p.orgId as string | undefined,
    ...(p.sv !== undefined ? { sv: p.sv as number } : {}),
    exp: p.exp,
  };
}

export function signToken(claims: Omit<TokenClaims, 'exp'>, secret: string, ttlSeconds = 12 * 3600): string {
  const body: Record<string, unknown> = { sub: claims.sub, name: claims.name, role: claims.role };
  if (claims.orgId) body.orgId = claims.orgId;
  if (claims.sv !== undefined) body.sv = claims.sv;
  return jwt.sign(body, secret, { algorithm: 'HS256', expiresIn: ttlSeconds });
}

/** When a token stops working. */
export function expiryOf(token: string): Date {
  return new Date((jwt.decode(token) as { exp: number }).exp * 1000);
}
