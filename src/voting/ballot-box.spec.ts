import { newBallotBox, openerFor, seal } from './ballot-box';
import { fromBase32, toBase32 } from './ballot-codes';

describe('base32 (Crockford)', () => {
  it.each([0, 1, 2, 5, 16, 31, 32])('round-trips %i random-looking bytes', (n) => {
    const bytes = Buffer.from(Array.from({ length: n }, (_, i) => (i * 151 + 7) & 0xff));
    const text = toBase32(bytes);
    expect(text).toHaveLength(Math.ceil((n * 8) / 5));
    expect(fromBase32(text, n)).toEqual(bytes);
  });

  it('refuses other characters, other lengths and non-zero padding', () => {
    const text = toBase32(Buffer.alloc(32, 0xff)); // 52 characters, the last carrying 1 bit and 4 of padding
    expect(fromBase32(text, 32)).not.toBeNull();
    expect(fromBase32(text.slice(0, -1) + 'Z', 32)).toBeNull(); // padding bits set
    expect(fromBase32(text.slice(1), 32)).toBeNull();
    expect(fromBase32(text.slice(0, -1) + 'U', 32)).toBeNull(); // U is not in the alphabet
  });
});

describe('the sealed ballot box', () => {
  it("opens, with the tellers' key as printed or as typed back, what was sealed to its public key", () => {
    const box = newBallotBox();
    expect(box.publicKey).toMatch(/^[0-9a-f]{64}$/);
    expect(box.tallyKey).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){12}[0-9A-HJKMNP-TV-Z]{4}$/);
    const sealed = seal(box.publicKey, 'ar-');
    expect(sealed).not.toContain('ar-');
    expect(seal(box.publicKey, 'ar-')).not.toBe(sealed); // an ephemeral key per ballot: equal choices, unequal boxes
    for (const typed of [
      box.tallyKey,
      box.tallyKey.toLowerCase().replace(/-/g, ' '),
      box.tallyKey.replace(/1/g, 'l').replace(/0/g, 'O'),
    ]) {
      const opener = openerFor(typed, box.publicKey)!;
      expect(opener.open(sealed)).toBe('ar-');
      opener.dispose();
    }
  });

  it('answers null for a key of another box, a mistyped key, or a box that was altered', () => {
    const box = newBallotBox();
    const other = newBallotBox();
    expect(openerFor(other.tallyKey, box.publicKey)).toBeNull();
    expect(openerFor(box.tallyKey.slice(0, -1), box.publicKey)).toBeNull();
    expect(
      openerFor(
        `${box.tallyKey.slice(0, 3)}${box.tallyKey[3] === 'A' ? 'B' : 'A'}${box.tallyKey.slice(4)}`,
        box.publicKey,
      ),
    ).toBeNull();
    expect(openerFor('', box.publicKey)).toBeNull();
    const opener = openerFor(box.tallyKey, box.publicKey)!;
    const sealed = Buffer.from(seal(box.publicKey, 'aaaa'), 'base64');
    sealed[sealed.length - 1] ^= 1;
    expect(opener.open(sealed.toString('base64'))).toBeNull();
    expect(opener.open(seal(other.publicKey, 'aaaa'))).toBeNull();
    expect(opener.open('')).toBeNull();
  });
});
