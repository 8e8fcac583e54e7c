import { idDigest, maskIdNumber } from './personal-data';

const KEY = 'personal-data-test-key-0123456789abcdef';
const ID = '11010519491231002X';

describe('idDigest', () => {
  it('is 64 hex characters, the same for the same number however it is typed', () => {
    const d = idDigest(ID, KEY);
    expect(d).toMatch(/^[0-9a-f]{64}$/);
    expect(idDigest(ID, KEY)).toBe(d);
    expect(idDigest('11010519491231002x', KEY)).toBe(d);
    expect(idDigest(` ${ID}\n`, KEY)).toBe(d);
  });

  it('differs for different numbers and under different keys', () => {
    expect(idDigest('110105194912310036', KEY)).not.toBe(idDigest(ID, KEY));
    expect(idDigest(ID, `${KEY}-other`)).not.toBe(idDigest(ID, KEY));
  });

  it('does not contain the number or any long part of it', () => {
    const d = idDigest(ID, KEY).toUpperCase();
    expect(d).not.toContain(ID);
    expect(d).not.toContain(ID.slice(0, 6));
    expect(d).not.toContain(ID.slice(-6));
  });
});

describe('maskIdNumber', () => {
  it('keeps the first four and last four characters, upper-cased', () => {
    expect(maskIdNumber('11010519491231002x')).toBe('1101**********002X');
  });
});
