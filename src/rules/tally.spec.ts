import fc from 'fast-check';
import { RulesError } from './errors';
import { defaultProfile } from './profile';
import { tallyBranchMeeting, tallyCommittee, tallyMassAssessment, VoteOutcome } from './tally';
import { passes, required, Threshold } from './threshold';

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof RulesError) return e.code;
    throw e;
  }
  return undefined;
}

/** Written opinions (细则: members absent from a branch meeting may send one). */
const opinions = (approve: number, reject: number, abstain: number) => ({ approve, reject, abstain });

type Brief = Pick<VoteOutcome, 'passed' | 'quorumMet' | 'base' | 'required' | 'approve' | 'reason'>;
const out = (
  passed: boolean,
  base: number,
  req: number,
  approve: number,
  reason: VoteOutcome['reason'],
  quorumMet = true,
): Brief => ({
  passed,
  quorumMet,
  base,
  required: req,
  approve,
  reason,
});

describe('tallyMassAssessment (seed 004: admission ≥ ½ of expected, conversion ≥ ½ of present)', () => {
  it.each`
    purpose         | expected | present | approve | disapprove | outcome
    ${'admission'}  | ${10}    | ${10}   | ${5}    | ${5}       | ${out(true, 10, 5, 5, 'PASSED')}
    ${'admission'}  | ${10}    | ${10}   | ${4}    | ${6}       | ${out(false, 10, 5, 4, 'INSUFFICIENT_APPROVAL')}
    ${'admission'}  | ${10}    | ${10}   | ${6}    | ${4}       | ${out(true, 10, 5, 6, 'PASSED')}
    ${'admission'}  | ${9}     | ${9}    | ${4}    | ${5}       | ${out(false, 9, 5, 4, 'INSUFFICIENT_APPROVAL')}
    ${'admission'}  | ${9}     | ${9}    | ${5}    | ${4}       | ${out(true, 9, 5, 5, 'PASSED')}
    ${'admission'}  | ${10}    | ${6}    | ${5}    | ${1}       | ${out(true, 10, 5, 5, 'PASSED')}
    ${'admission'}  | ${20}    | ${10}   | ${5}    | ${5}       | ${out(false, 20, 10, 5, 'INSUFFICIENT_APPROVAL')}
    ${'admission'}  | ${20}    | ${10}   | ${10}   | ${0}       | ${out(true, 20, 10, 10, 'PASSED')}
    ${'admission'}  | ${20}    | ${12}   | ${9}    | ${3}       | ${out(false, 20, 10, 9, 'INSUFFICIENT_APPROVAL')}
    ${'admission'}  | ${1}     | ${1}    | ${1}    | ${0}       | ${out(true, 1, 1, 1, 'PASSED')}
    ${'admission'}  | ${1}     | ${1}    | ${0}    | ${1}       | ${out(false, 1, 1, 0, 'INSUFFICIENT_APPROVAL')}
    ${'conversion'} | ${20}    | ${10}   | ${5}    | ${5}       | ${out(true, 10, 5, 5, 'PASSED')}
    ${'conversion'} | ${20}    | ${10}   | ${4}    | ${6}       | ${out(false, 10, 5, 4, 'INSUFFICIENT_APPROVAL')}
    ${'conversion'} | ${20}    | ${10}   | ${6}    | ${4}       | ${out(true, 10, 5, 6, 'PASSED')}
    ${'conversion'} | ${20}    | ${9}    | ${4}    | ${5}       | ${out(false, 9, 5, 4, 'INSUFFICIENT_APPROVAL')}
    ${'conversion'} | ${20}    | ${9}    | ${5}    | ${4}       | ${out(true, 9, 5, 5, 'PASSED')}
    ${'conversion'} | ${20}    | ${20}   | ${10}   | ${10}      | ${out(true, 20, 10, 10, 'PASSED')}
  `(
    '$purpose expected=$expected present=$present approve=$approve → $outcome.reason',
    ({ purpose, expected, present, approve, disapprove, outcome }) => {
      expect(tallyMassAssessment({ purpose, expected, present, approve, disapprove })).toEqual(outcome);
    },
  );

  it.each`
    purpose         | expected | present | outcome
    ${'admission'}  | ${0}     | ${0}    | ${out(true, 0, 0, 0, 'PASSED')}
    ${'conversion'} | ${10}    | ${0}    | ${out(true, 0, 0, 0, 'PASSED')}
    ${'conversion'} | ${0}     | ${0}    | ${out(true, 0, 0, 0, 'PASSED')}
  `(
    'zero base ($purpose, expected=$expected, present=$present): 0·2 ≥ 1·0, exactly as §4.1 defines passes()',
    ({ purpose, expected, present, outcome }) => {
      expect(tallyMassAssessment({ purpose, expected, present, approve: 0, disapprove: 0 })).toEqual(outcome);
    },
  );

  it('abstentions and invalid ballots count toward ballots, not approvals', () => {
    expect(
      tallyMassAssessment({
        purpose: 'admission',
        expected: 10,
        present: 10,
        approve: 5,
        disapprove: 1,
        abstain: 2,
        invalid: 2,
      }),
    ).toEqual(out(true, 10, 5, 5, 'PASSED'));
  });

  it('a tightened profile changes the base threshold', () => {
    const p = defaultProfile();
    p.votes.massAssessment.admission = { num: 2, den: 3, inclusive: true };
    expect(
      tallyMassAssessment({ purpose: 'admission', expected: 10, present: 10, approve: 6, disapprove: 4 }, p),
    ).toEqual(out(false, 10, 7, 6, 'INSUFFICIENT_APPROVAL'));
  });

  it.each`
    input                                                                              | error
    ${{ purpose: 'admission', expected: 10, present: 11, approve: 5, disapprove: 5 }}  | ${'PRESENT_EXCEEDS_EXPECTED'}
    ${{ purpose: 'admission', expected: 10, present: 8, approve: 5, disapprove: 4 }}   | ${'BALLOTS_EXCEED_PRESENT'}
    ${{
      purpose: 'conversion',
      expected: 10,
      present: 8,
      approve: 5,
      disapprove: 2,
      abstain: 1,
      invalid: 1,
    }} | ${'BALLOTS_EXCEED_PRESENT'}
    ${{ purpose: 'admission', expected: 10, present: 8, approve: -1, disapprove: 4 }}  | ${'INVALID_COUNT'}
    ${{ purpose: 'admission', expected: 10, present: 8, approve: 1.5, disapprove: 4 }} | ${'INVALID_COUNT'}
    ${{
      purpose: 'admission',
      expected: 10,
      present: 8,
      approve: 1,
      disapprove: 4,
      abstain: -2,
    }} | ${'INVALID_COUNT'}
    ${{
      purpose: 'admission',
      expected: Number.NaN,
      present: 8,
      approve: 1,
      disapprove: 4,
    }} | ${'INVALID_COUNT'}
    ${{ purpose: 'admission', expected: 10, present: 8, approve: 1 }}                  | ${'INVALID_COUNT'}
    ${{ purpose: 'plan', expected: 10, present: 8, approve: 1, disapprove: 4 }}        | ${'INVALID_PURPOSE'}
  `('throws $error', ({ input, error }) => {
    expect(code(() => tallyMassAssessment(input))).toBe(error);
  });
});

describe('tallyBranchMeeting (细则: present > ½ expected, approve incl. written > ½ expected)', () => {
  it.each`
    expected | present | approve | reject | written              | outcome
    ${10}    | ${6}    | ${6}    | ${0}   | ${undefined}         | ${out(true, 10, 6, 6, 'PASSED')}
    ${10}    | ${6}    | ${5}    | ${1}   | ${undefined}         | ${out(false, 10, 6, 5, 'INSUFFICIENT_APPROVAL')}
    ${10}    | ${10}   | ${5}    | ${5}   | ${undefined}         | ${out(false, 10, 6, 5, 'INSUFFICIENT_APPROVAL')}
    ${10}    | ${10}   | ${6}    | ${4}   | ${undefined}         | ${out(true, 10, 6, 6, 'PASSED')}
    ${10}    | ${5}    | ${5}    | ${0}   | ${undefined}         | ${out(false, 10, 6, 5, 'QUORUM_NOT_MET', false)}
    ${10}    | ${4}    | ${4}    | ${0}   | ${undefined}         | ${out(false, 10, 6, 4, 'QUORUM_NOT_MET', false)}
    ${9}     | ${5}    | ${5}    | ${0}   | ${undefined}         | ${out(true, 9, 5, 5, 'PASSED')}
    ${9}     | ${5}    | ${4}    | ${1}   | ${undefined}         | ${out(false, 9, 5, 4, 'INSUFFICIENT_APPROVAL')}
    ${9}     | ${4}    | ${4}    | ${0}   | ${undefined}         | ${out(false, 9, 5, 4, 'QUORUM_NOT_MET', false)}
    ${10}    | ${6}    | ${5}    | ${1}   | ${opinions(1, 0, 0)} | ${out(true, 10, 6, 6, 'PASSED')}
    ${10}    | ${6}    | ${3}    | ${3}   | ${opinions(3, 1, 0)} | ${out(true, 10, 6, 6, 'PASSED')}
    ${10}    | ${6}    | ${5}    | ${1}   | ${opinions(0, 4, 0)} | ${out(false, 10, 6, 5, 'INSUFFICIENT_APPROVAL')}
    ${10}    | ${6}    | ${5}    | ${1}   | ${opinions(0, 0, 4)} | ${out(false, 10, 6, 5, 'INSUFFICIENT_APPROVAL')}
    ${10}    | ${5}    | ${5}    | ${0}   | ${opinions(5, 0, 0)} | ${out(false, 10, 6, 10, 'QUORUM_NOT_MET', false)}
    ${10}    | ${5}    | ${5}    | ${0}   | ${opinions(0, 5, 0)} | ${out(false, 10, 6, 5, 'QUORUM_NOT_MET', false)}
    ${0}     | ${0}    | ${0}    | ${0}   | ${undefined}         | ${out(false, 0, 1, 0, 'QUORUM_NOT_MET', false)}
    ${1}     | ${1}    | ${1}    | ${0}   | ${undefined}         | ${out(true, 1, 1, 1, 'PASSED')}
    ${1}     | ${1}    | ${0}    | ${1}   | ${undefined}         | ${out(false, 1, 1, 0, 'INSUFFICIENT_APPROVAL')}
    ${2}     | ${1}    | ${1}    | ${0}   | ${opinions(1, 0, 0)} | ${out(false, 2, 2, 2, 'QUORUM_NOT_MET', false)}
    ${3}     | ${2}    | ${1}    | ${1}   | ${opinions(1, 0, 0)} | ${out(true, 3, 2, 2, 'PASSED')}
  `(
    'expected=$expected present=$present approve=$approve written=$written → $outcome.reason',
    ({ expected, present, approve, reject, written, outcome }) => {
      expect(tallyBranchMeeting({ expected, present, approve, reject, written })).toEqual(outcome);
    },
  );

  it('written opinions do not count as presence: reject-only written opinions leave the quorum as it was', () => {
    const without = tallyBranchMeeting({ expected: 10, present: 6, approve: 6, reject: 0 });
    const withWritten = tallyBranchMeeting({
      expected: 10,
      present: 6,
      approve: 6,
      reject: 0,
      written: { approve: 0, reject: 4, abstain: 0 },
    });
    expect(withWritten).toEqual(without);
  });

  it('a tightened profile (approval ⅔ inclusive) raises the bar', () => {
    const p = defaultProfile();
    p.votes.branchMeeting.approval = { num: 2, den: 3, inclusive: true };
    expect(tallyBranchMeeting({ expected: 9, present: 9, approve: 5, reject: 4 }, p)).toEqual(
      out(false, 9, 6, 5, 'INSUFFICIENT_APPROVAL'),
    );
    expect(tallyBranchMeeting({ expected: 9, present: 9, approve: 6, reject: 3 }, p)).toEqual(
      out(true, 9, 6, 6, 'PASSED'),
    );
  });

  it.each`
    input                                                                               | error
    ${{ expected: 10, present: 11, approve: 6, reject: 0 }}                             | ${'PRESENT_EXCEEDS_EXPECTED'}
    ${{ expected: 10, present: 6, approve: 6, reject: 1 }}                              | ${'BALLOTS_EXCEED_PRESENT'}
    ${{ expected: 10, present: 6, approve: 3, reject: 1, abstain: 1, invalid: 2 }}      | ${'BALLOTS_EXCEED_PRESENT'}
    ${{ expected: 10, present: 8, approve: 6, reject: 0, written: opinions(2, 1, 0) }}  | ${'WRITTEN_EXCEEDS_ABSENT'}
    ${{ expected: 10, present: 10, approve: 6, reject: 0, written: opinions(1, 0, 0) }} | ${'WRITTEN_EXCEEDS_ABSENT'}
    ${{ expected: 10, present: 8, approve: 6, reject: 0, written: opinions(-1, 0, 0) }} | ${'INVALID_COUNT'}
    ${{ expected: 10, present: 8, approve: 6, reject: 0.5 }}                            | ${'INVALID_COUNT'}
    ${{ expected: -1, present: 0, approve: 0, reject: 0 }}                              | ${'INVALID_COUNT'}
  `('throws $error', ({ input, error }) => {
    expect(code(() => tallyBranchMeeting(input))).toBe(error);
  });

  it('written opinions may fill exactly the absent seats', () => {
    expect(
      tallyBranchMeeting({
        expected: 10,
        present: 8,
        approve: 4,
        reject: 0,
        written: { approve: 2, reject: 0, abstain: 0 },
      }),
    ).toEqual(out(true, 10, 6, 6, 'PASSED'));
  });
});

describe('tallyCommittee (seed 004: ≥ ⅔ of all members of the body)', () => {
  it.each`
    bodySize | need
    ${1}     | ${1}
    ${2}     | ${2}
    ${3}     | ${2}
    ${4}     | ${3}
    ${5}     | ${4}
    ${6}     | ${4}
    ${7}     | ${5}
    ${8}     | ${6}
    ${9}     | ${6}
    ${10}    | ${7}
    ${11}    | ${8}
    ${12}    | ${8}
    ${15}    | ${10}
    ${16}    | ${11}
    ${30}    | ${20}
  `('bodySize $bodySize needs $need: $need passes, one fewer does not', ({ bodySize, need }) => {
    expect(tallyCommittee({ bodySize, present: bodySize, approve: need, reject: bodySize - need })).toEqual(
      out(true, bodySize, need, need, 'PASSED'),
    );
    expect(tallyCommittee({ bodySize, present: bodySize, approve: need - 1, reject: bodySize - need + 1 })).toEqual(
      out(false, bodySize, need, need - 1, 'INSUFFICIENT_APPROVAL'),
    );
  });

  it.each`
    bodySize | present | approve | outcome
    ${9}     | ${6}    | ${6}    | ${out(true, 9, 6, 6, 'PASSED')}
    ${9}     | ${6}    | ${5}    | ${out(false, 9, 6, 5, 'INSUFFICIENT_APPROVAL')}
    ${15}    | ${12}   | ${9}    | ${out(false, 15, 10, 9, 'INSUFFICIENT_APPROVAL')}
    ${7}     | ${5}    | ${5}    | ${out(true, 7, 5, 5, 'PASSED')}
    ${0}     | ${0}    | ${0}    | ${out(true, 0, 0, 0, 'PASSED')}
  `(
    'the base is the whole body, not those present: bodySize=$bodySize present=$present approve=$approve',
    ({ bodySize, present, approve, outcome }) => {
      expect(tallyCommittee({ bodySize, present, approve, reject: 0 })).toEqual(outcome);
    },
  );

  it.each`
    input                                                             | error
    ${{ bodySize: 9, present: 10, approve: 6, reject: 0 }}            | ${'PRESENT_EXCEEDS_EXPECTED'}
    ${{ bodySize: 9, present: 7, approve: 6, reject: 1, abstain: 1 }} | ${'BALLOTS_EXCEED_PRESENT'}
    ${{ bodySize: 9, present: 7, approve: -6, reject: 0 }}            | ${'INVALID_COUNT'}
    ${{ bodySize: 9.5, present: 7, approve: 6, reject: 0 }}           | ${'INVALID_COUNT'}
  `('throws $error', ({ input, error }) => {
    expect(code(() => tallyCommittee(input))).toBe(error);
  });
});

describe('threshold arithmetic (properties)', () => {
  const threshold = fc
    .record({ den: fc.integer({ min: 1, max: 1000 }), inclusive: fc.boolean() })
    .chain(({ den, inclusive }) =>
      fc.record({ num: fc.integer({ min: 0, max: den }), den: fc.constant(den), inclusive: fc.constant(inclusive) }),
    );
  const base = fc.integer({ min: 0, max: 10_000_000 });

  it('required(base, t) passes and required − 1 does not', () => {
    fc.assert(
      fc.property(base, threshold, (b, t) => {
        const r = required(b, t);
        expect(passes(r, b, t)).toBe(true);
        if (r > 0) expect(passes(r - 1, b, t)).toBe(false);
      }),
    );
  });

  it('passes is monotone in the count', () => {
    fc.assert(
      fc.property(base, threshold, fc.integer({ min: 0, max: 10_000_000 }), (b, t, c) => {
        if (passes(c, b, t)) expect(passes(c + 1, b, t)).toBe(true);
      }),
    );
  });

  it('matches an exact rational comparison of count/base against num/den', () => {
    // Reference: reduce both fractions with gcd and compare numerators over a common
    // denominator using BigInt — independent of the cross-multiplication in passes().
    const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? a : gcd(b, a % b));
    const cmp = (c: number, b: number, t: Threshold): number => {
      // count vs t·base as rationals: count/1 vs (num·base)/den
      const n = BigInt(t.num) * BigInt(b);
      const d = BigInt(t.den);
      const g = gcd(n, d) || 1n;
      const [rn, rd] = [n / g, d / g];
      const lhs = BigInt(c) * rd;
      return lhs === rn ? 0 : lhs > rn ? 1 : -1;
    };
    fc.assert(
      fc.property(base, threshold, fc.integer({ min: 0, max: 10_000_000 }), (b, t, c) => {
        const sign = cmp(c, b, t);
        expect(passes(c, b, t)).toBe(t.inclusive ? sign >= 0 : sign > 0);
      }),
    );
  });

  it('is exact where floating point is not (huge bases)', () => {
    const t: Threshold = { num: 2, den: 3, inclusive: true };
    const b = 3 * 1_000_000_000_000_001; // 3.000000000000003e15, still a safe integer
    expect(required(b, t)).toBe(2 * 1_000_000_000_000_001);
    expect(passes(2 * 1_000_000_000_000_001 - 1, b, t)).toBe(false);
  });

  it('tallies agree with required(): approve ≥ required ⇔ passed (committee)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 }), fc.nat(), (bodySize, seed) => {
        const approve = bodySize === 0 ? 0 : seed % (bodySize + 1);
        const r = tallyCommittee({ bodySize, present: bodySize, approve, reject: bodySize - approve });
        expect(r.passed).toBe(approve >= required(bodySize, { num: 2, den: 3, inclusive: true }));
        expect(r.required).toBe(required(bodySize, { num: 2, den: 3, inclusive: true }));
      }),
    );
  });

  it('branch meeting: passed ⇔ present·2 > expected and approvals·2 > expected (and ≥ 1)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), fc.nat(), fc.nat(), fc.nat(), (expected, a, b, c) => {
        const present = expected === 0 ? 0 : a % (expected + 1);
        const approve = present === 0 ? 0 : b % (present + 1);
        const absent = expected - present;
        const wApprove = absent === 0 ? 0 : c % (absent + 1);
        const r = tallyBranchMeeting({
          expected,
          present,
          approve,
          reject: present - approve,
          written: { approve: wApprove, reject: 0, abstain: 0 },
        });
        const total = approve + wApprove;
        expect(r.quorumMet).toBe(present * 2 > expected);
        expect(r.passed).toBe(present * 2 > expected && total * 2 > expected && total >= 1);
        expect(r.approve).toBe(total);
      }),
    );
  });
});
