import { createHash } from 'node:crypto';
import { canonicalJson, ChainRow, ChainVerifier, entryHash, entryMac, GENESIS_HASH } from './ledger';

const KEY = 'k'.repeat(32);

describe('canonicalJson', () => {
  it.each([
    [{ b: 1, a: 2 }, '{"a":2,"b":1}'],
    [{ z: { y: [3, { d: 1, c: 2 }], x: null }, a: '甲' }, '{"a":"甲","z":{"x":null,"y":[3,{"c":2,"d":1}]}}'],
    [[2, 1, 'b', 'a'], '[2,1,"b","a"]'],
    [{ a: undefined, b: true }, '{"b":true}'],
    [{ 'a"b': 'line\nbreak' }, '{"a\\"b":"line\\nbreak"}'],
    ['plain', '"plain"'],
    [0, '0'],
    [null, 'null'],
  ])('writes %j as %s', (value, text) => {
    expect(canonicalJson(value)).toBe(text);
  });

  it('gives the same text whatever the key order, and parses back to the value', () => {
    const a = { record: { id: 'x', facts: '公示期不足', status: 'filed' }, event: 'filed', seq: 1 };
    const b = { seq: 1, event: 'filed', record: { status: 'filed', facts: '公示期不足', id: 'x' } };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(JSON.parse(canonicalJson(a))).toEqual(a);
    expect(canonicalJson(a)).not.toMatch(/\s/);
  });

  it('refuses numbers JSON cannot carry', () => {
    expect(() => canonicalJson(Number.NaN)).toThrow(TypeError);
  });
});

describe('entryHash', () => {
  it('is sha256 over the domain tag, seq, previous hash and content, newline-separated', () => {
    const expected = createHash('sha256')
      .update(`admissions.accountability.v1\n1\n${GENESIS_HASH}\n{"a":1}`)
      .digest('hex');
    expect(entryHash(1, GENESIS_HASH, '{"a":1}')).toBe(expected);
  });

  it('changes with every input', () => {
    const base = entryHash(1, GENESIS_HASH, '{"a":1}');
    expect(entryHash(2, GENESIS_HASH, '{"a":1}')).not.toBe(base);
    expect(entryHash(1, 'f'.repeat(64), '{"a":1}')).not.toBe(base);
    expect(entryHash(1, GENESIS_HASH, '{"a":2}')).not.toBe(base);
  });
});

describe('ChainVerifier', () => {
  const chain = (n: number): ChainRow[] => {
    const rows: ChainRow[] = [];
    let prev = GENESIS_HASH;
    for (let seq = 1; seq <= n; seq++) {
      const content = canonicalJson({ recordId: `r${seq}`, event: 'filed', n: seq });
      const hash = entryHash(seq, prev, content);
      rows.push({ seq, prevHash: prev, hash, mac: entryMac(KEY, hash), content, recordId: `r${seq}`, event: 'filed' });
      prev = hash;
    }
    return rows;
  };
  const verify = (rows: ChainRow[]) => {
    const v = new ChainVerifier(KEY);
    rows.forEach((r) => v.push(r));
    return v.result();
  };

  /**
   * What someone who can write the database does: change entry `from`, recompute every hash
   * after it, keep the MACs.
   */
  const rehashFrom = (rows: ChainRow[], from: number): ChainRow[] => {
    const out: ChainRow[] = [];
    let prev = GENESIS_HASH;
    for (const x of rows) {
      const content = x.seq === from ? canonicalJson({ recordId: x.recordId, event: 'filed', n: 99 }) : x.content;
      const row = x.seq < from ? x : { ...x, content, prevHash: prev, hash: entryHash(x.seq, prev, content) };
      out.push(row);
      prev = row.hash;
    }
    return out;
  };

  it('accepts an empty chain with the genesis head', () => {
    expect(verify([])).toEqual({ ok: true, length: 0, head: GENESIS_HASH });
  });

  it('accepts an intact chain and reports its head', () => {
    const rows = chain(5);
    expect(verify(rows)).toEqual({ ok: true, length: 5, head: rows[4].hash });
  });

  it.each<[string, (rows: ChainRow[]) => ChainRow[], number]>([
    [
      'altered content',
      (r) => r.map((x) => (x.seq === 3 ? { ...x, content: x.content.replace('"n":3', '"n":4') } : x)),
      3,
    ],
    ['content no longer JSON', (r) => r.map((x) => (x.seq === 2 ? { ...x, content: '{' } : x)), 2],
    [
      'a rehashed entry (breaks the next link)',
      (r) => r.map((x) => (x.seq === 3 ? { ...x, hash: entryHash(3, x.prevHash, '{}') } : x)),
      3,
    ],
    ['a removed entry', (r) => r.filter((x) => x.seq !== 2), 3],
    [
      'an indexed column that disagrees with the content',
      (r) => r.map((x) => (x.seq === 4 ? { ...x, recordId: 'other' } : x)),
      4,
    ],
    ['a missing MAC', (r) => r.map((x) => (x.seq === 2 ? { ...x, mac: null } : x)), 2],
    [
      'a MAC under another key',
      (r) => r.map((x) => (x.seq === 4 ? { ...x, mac: entryMac('x'.repeat(32), x.hash) } : x)),
      4,
    ],
    ['a rewritten entry with every later hash recomputed', (r) => rehashFrom(r, 3), 3],
    [
      'a first entry not linked to genesis',
      (r) => r.map((x) => (x.seq === 1 ? { ...x, prevHash: 'f'.repeat(64) } : x)),
      1,
    ],
  ])('finds %s', (_name, tamper, firstBroken) => {
    expect(verify(tamper(chain(5)))).toMatchObject({ ok: false, firstBroken });
  });
});
