import { createHash, randomFillSync, randomInt } from 'node:crypto';

/** Crockford base32: no I, L, O or U, so a code read off paper is typed back unambiguously. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

// Random bytes drawn from the system a pool at a time, as randomUUID does: one system call per
// 256 receipts (204 codes) instead of one per cast. Each byte is handed out once.
const pool = Buffer.alloc(4096);
let used = pool.length;

/** `length` characters of 5 random bits each (a byte & 31 is unbiased: 32 divides 256). */
function randomBase32(length: number): string {
  if (used + length > pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  let out = '';
  for (let i = used; i < used + length; i++) out += ALPHABET[pool[i] & 31];
  used += length;
  return out;
}

/** Bytes as base32, 5 bits a character, the last one padded with zero bits. */
export function toBase32(bytes: Uint8Array): string {
  let out = '';
  let acc = 0;
  let bits = 0;
  for (const b of bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += ALPHABET[(acc >> bits) & 31];
    }
    acc &= (1 << bits) - 1;
  }
  return bits > 0 ? out + ALPHABET[(acc << (5 - bits)) & 31] : out;
}

/** The inverse of toBase32 for exactly `length` bytes; null on any other character or non-zero padding. */
export function fromBase32(text: string, length: number): Buffer | null {
  if (text.length !== Math.ceil((length * 8) / 5)) return null;
  const out = Buffer.alloc(length);
  let acc = 0;
  let bits = 0;
  let i = 0;
  for (const ch of text) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0) return null;
    acc = (acc << 5) | v;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      if (i < length) out[i++] = (acc >> bits) & 0xff;
    }
    acc &= (1 << bits) - 1;
  }
  return acc === 0 ? out : null;
}

/** Printed in groups of four, so that a line read off paper is typed back without losing one's place. */
export const groupsOfFour = (text: string) => text.replace(/(.{4})(?!$)/g, '$1-');

/** A one-time ballot code: 20 characters, 100 random bits, printed in groups of four. */
export function newBallotCode(): string {
  return groupsOfFour(randomBase32(20));
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
  return createHash('sha256')
    .update(`ballot-code\n${normalizeCode(code)}`)
    .digest('hex');
}

/** Fisher–Yates with a cryptographic source: the order says nothing about who got which code. */
export function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}
