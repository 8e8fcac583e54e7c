import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * Passwords (SPEC §14) hashed with scrypt, the memory-hard function Node ships (OpenSSL's): N =
 * 2^15, r = 8, p = 1 — 32 MiB and about 0.1 s a hash on this machine — with a 16-byte salt. It
 * runs on libuv's thread pool, never on the event loop and never inside a transaction (SPEC §3).
 * Stored as `scrypt$N$r$p$salt$hash` (base64), so the cost can rise without breaking old hashes.
 */
const N = 2 ** 15;
const R = 8;
const P = 1;
const LENGTH = 32;
export const MIN_PASSWORD = 10;
export const MAX_PASSWORD = 128;

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, LENGTH, { N: n, r, p, maxmem: 256 * n * r }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, N, R, P);
  return ['scrypt', N, R, P, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await derive(password, Buffer.from(salt, 'base64'), Number(n), Number(r), Number(p));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Checked against when the username does not exist, so a refusal takes as long either way. */
let decoy: Promise<string> | undefined;
export const decoyHash = (): Promise<string> => (decoy ??= hashPassword(randomBytes(16).toString('hex')));
