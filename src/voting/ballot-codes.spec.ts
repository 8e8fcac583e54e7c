import { hashCode, newBallotCode, newReceipt, normalizeCode, shuffle } from './ballot-codes';

describe('ballot codes', () => {
  it('are 20 Crockford base32 characters (100 bits) in groups of four, and distinct', () => {
    const codes = Array.from({ length: 2000 }, newBallotCode);
    for (const code of codes) expect(code).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){4}[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('use every character of the alphabet, evenly enough', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 2000; i++)
      for (const ch of newBallotCode().replace(/-/g, '')) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    expect(counts.size).toBe(32);
    // 40,000 characters: 1,250 expected each; a biased source would stray far
    for (const n of counts.values()) expect(Math.abs(n - 1250)).toBeLessThan(250);
  });

  it('read back as typed: case, dashes and spaces do not matter; O is 0, I and L are 1', () => {
    const code = 'AB1C-0D2E-FGHJ-KMNP-QRST';
    expect(normalizeCode('ab1c 0d2e-fghj kmnp-qrst')).toBe('AB1C0D2EFGHJKMNPQRST');
    expect(hashCode('abic-od2e-fghj-kmnp-qrst')).toBe(hashCode(code));
    expect(hashCode(code)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashCode(code)).not.toBe(hashCode('AB1C-0D2E-FGHJ-KMNP-QRSV'));
  });

  it('give 16-character receipts and shuffle into a permutation', () => {
    expect(newReceipt()).toMatch(/^[0-9A-HJKMNP-TV-Z]{16}$/);
    const items = Array.from({ length: 100 }, (_, i) => i);
    const shuffled = shuffle([...items]);
    expect([...shuffled].sort((a, b) => a - b)).toEqual(items);
    expect(shuffled).not.toEqual(items);
  });
});
