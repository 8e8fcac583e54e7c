import { createHash, randomBytes } from 'node:crypto';

/** 3301**********1234: the first four and last four characters, the rest starred. */
export function maskIdNumber(id: string): string {
  const v = id.toUpperCase();
  return `${v.slice(0, 4)}${'*'.repeat(v.length - 8)}${v.slice(-4)}`;
}

/** `salt$sha256(salt + id)`, with a fresh random salt per record. */
export function hashIdNumber(id: string, salt = randomBytes(16).toString('hex')): string {
  return `${salt}$${createHash('sha256').update(salt + id.toUpperCase()).digest('hex')}`;
}
