import { createHash, randomBytes, randomInt } from 'node:crypto';

/** Crockford base32: no I, L, O or U, so a code read off paper is typed back unambiguously. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** `length` characters of 5 random bits each (a byte & 31 is unbiased: 32 divides 256). */
function randomBase32(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += ALPHABET[b & 31];
  return out;
}

/** A one-time ballot code: 20 characters, 100 random bits, printed in groups of four. */
export function newBallotCode(): string {
  return randomBase32(20).replace(/(.{4})(?!$)/g, '$1-');
}

/** A receipt: 16 characters, 80 random bits; proves a ballot was counted, says nothing of its choices. */
export function newReceipt(): string {
  return randomBase32(16);
}

/** What was printed, as typed: case, dashes and spaces do not matter; O is 0, I and L are 1. */
export function normalizeCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

/** Codes are stored only as this hash (synchronous: it runs before or inside a transaction). */
export function hashCode(code: string): string {
  return createHash('sha256').update(`ballot-code\n${normalizeCode(code)}`).digest('hex');
}

/** Fisher–Yates with a cryptographic source: the order says nothing about who got which code. */
export function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}
