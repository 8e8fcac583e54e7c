import { randomInt } from 'node:crypto';

/** No 0/O, 1/I/L: read over the phone and typed back without mistakes. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const LENGTH = 12; // 31^12 ≈ 2^59: not guessable, and lookups are rate limited

/** Synchronous on purpose: made before the transaction, never inside it. */
export function newTrackingCode(): string {
  let code = '';
  for (let i = 0; i < LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return code;
}

/** The canonical form of a code as typed by a person, or undefined when it cannot be one. */
export function normalizeTrackingCode(input: string): string | undefined {
  const code = input.trim().toUpperCase();
  return code.length === LENGTH && [...code].every((ch) => ALPHABET.includes(ch)) ? code : undefined;
}
