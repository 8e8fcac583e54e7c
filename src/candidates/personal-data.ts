import { createHash, createHmac, randomBytes } from 'node:crypto';

/** 3301**********1234: the first four and last four characters, the rest starred. */
export function maskIdNumber(id: string): string {
  const v = id.toUpperCase();
  return `${v.slice(0, 4)}${'*'.repeat(v.length - 8)}${v.slice(-4)}`;
}

/**
 * The national ID number as the duplicate check finds it (SPEC §13): hex HMAC-SHA-256 of the
 * trimmed, upper-cased number under PERSONAL_DATA_KEY. Equal numbers give equal digests
 * (`…123x` and `…123X` too); without the key, which the database does not hold, a digest
 * cannot be matched against guessed numbers.
 */
export function idDigest(idNumber: string, key: string): string {
  return createHmac('sha256', key).update(idNumber.trim().toUpperCase(), 'utf8').digest('hex');
}

/**
 * `salt$sha256(salt + id)`, with a fresh random salt per record: the old form, which no two
 * records share, so it cannot find duplicates.
 * @deprecated Use `PersonalData.digest` (or `idDigest`); kept only until candidates.service.ts
 * is switched over, then removed.
 */
export function hashIdNumber(id: string, salt = randomBytes(16).toString('hex')): string {
  return `${salt}$${createHash('sha256')
    .update(salt + id.toUpperCase())
    .digest('hex')}`;
}
