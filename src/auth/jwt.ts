import jwt from 'jsonwebtoken';
import { createSecretKey, KeyObject } from 'node:crypto';
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

/**
 * The secret as a key object, made once: given a string, jsonwebtoken first tries to read it
 * as a public key (and fails, throwing) on every call — a fifth of a list request's CPU.
 */
const keys = new Map<string, KeyObject>();
function keyOf(secret: string): KeyObject {
  let key = keys.get(secret);
  if (!key) keys.set(secret, (key = createSecretKey(Buffer.from(secret, 'utf8'))));
  return key;
}

/** HS256 only: `alg: none` and every other algorithm are refused. */
export function verifyToken(token: string, secret: string): TokenClaims | undefined {
  let payload: unknown;
  try {
    payload = jwt.verify(token, keyOf(secret), { algorithms: ['HS256'] });
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
  return jwt.sign(body, keyOf(secret), { algorithm: 'HS256', expiresIn: ttlSeconds });
}

/** When a token stops working. */
export function expiryOf(token: string): Date {
  return new Date((jwt.decode(token) as { exp: number }).exp * 1000);
}
