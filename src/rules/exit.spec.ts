import { readFileSync } from 'fs';
import { join } from 'path';
import { RulesError } from './errors';
import {
  applyExcellentQuota,
  DEFAULT_EXIT_PROFILE,
  disposalFor,
  DisposalFacts,
  EvaluationContext,
  EvaluationResult,
  EvaluationVotes,
  excellentQuotaLimit,
  exitProfileProblems,
  gradeEvaluation,
  QuotaEntry,
  rectifyUntil,
  resolveExitProfile,
  threeNoStatus,
  ThreeNoFacts,
} from './exit';

/** votes shorthand: e, q, b, u, blank */
const v = (
  excellent: number,
  qualified: number,
  basic: number,
  unqualified: number,
  blank?: number,
): EvaluationVotes =>
  blank === undefined
    ? { excellent, qualified, basic, unqualified }
    : { excellent, qualified, basic, unqualified, blank };

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof RulesError) return e.code;
    throw e;
  }
  throw new Error('expected a RulesError, nothing was thrown');
}

const ok = (grade: EvaluationResult['grade'], ...reasons: EvaluationResult['reasons']): EvaluationResult => ({
  grade,
  requiresConfirmation: false,
  reasons,
});
const confirm = (grade: EvaluationResult['grade'], ...reasons: EvaluationResult['reasons']): EvaluationResult => ({
  grade,
  requiresConfirmation: true,
  reasons,
});

describe('gradeEvaluation', () => {
  describe('rule 1 — sanctions', () => {
    it.each<[string, EvaluationVotes, EvaluationContext, EvaluationResult]>([
      [
        'serious_warning beats excellent votes (rule 1 before rule 4)',
        v(10, 0, 0, 0),
        { sanction: 'serious_warning' },
        ok('unqualified', 'SANCTION'),
      ],
      ['removal_from_post', v(8, 2, 0, 0), { sanction: 'removal_from_post' }, ok('unqualified', 'SANCTION')],
      ['probation_1y', v(0, 10, 0, 0), { sanction: 'probation_1y' }, ok('unqualified', 'SANCTION')],
      [
        'probation_2y, year 1',
        v(0, 10, 0, 0),
        { sanction: 'probation_2y', sanctionYear: 1 },
        ok('unqualified', 'SANCTION'),
      ],
      [
        'probation_2y, year omitted = year 1',
        v(0, 10, 0, 0),
        { sanction: 'probation_2y' },
        ok('unqualified', 'SANCTION'),
      ],
      [
        'probation_2y, year 2 → ungraded',
        v(0, 10, 0, 0),
        { sanction: 'probation_2y', sanctionYear: 2 },
        ok('ungraded', 'PROBATION_SECOND_YEAR'),
      ],
      [
        'probation_2y year 2 beats rule 2',
        v(0, 5, 0, 5),
        { sanction: 'probation_2y', sanctionYear: 2 },
        ok('ungraded', 'PROBATION_SECOND_YEAR'),
      ],
      [
        'sanction beats basic-two-years (rule 1 before 3)',
        v(0, 5, 3, 2),
        { sanction: 'probation_1y', basicLastYear: true },
        ok('unqualified', 'SANCTION'),
      ],
      [
        'a sanction decides even with zero ballots',
        v(0, 0, 0, 0),
        { sanction: 'serious_warning' },
        ok('unqualified', 'SANCTION'),
      ],
      [
        'sanctionYear is ignored for other sanctions',
        v(10, 0, 0, 0),
        { sanction: 'probation_1y', sanctionYear: 2 },
        ok('unqualified', 'SANCTION'),
      ],
    ])('%s', (_name, votes, context, expected) => {
      expect(gradeEvaluation(votes, context)).toEqual(expected);
    });
  });

  describe('rule 2 — unqualified share > ⅓ or unqualified + basic > ½', () => {
    it.each<[string, EvaluationVotes, EvaluationContext, EvaluationResult]>([
      ['unqualified 4/10 > ⅓', v(0, 6, 0, 4), {}, ok('unqualified', 'UNQUALIFIED_SHARE')],
      ['unqualified exactly ⅓ (3/9) is not > ⅓ → basic', v(0, 6, 0, 3), {}, ok('basic', 'BASIC_SHARE')],
      ['unqualified 34/100 > ⅓', v(0, 66, 0, 34), {}, ok('unqualified', 'UNQUALIFIED_SHARE')],
      ['unqualified 33/100 < ⅓ → basic', v(0, 67, 0, 33), {}, ok('basic', 'BASIC_SHARE')],
      ['unqualified + basic 6/10 > ½', v(0, 4, 4, 2), {}, ok('unqualified', 'UNQUALIFIED_PLUS_BASIC_SHARE')],
      ['unqualified + basic exactly ½ is not > ½ → basic', v(0, 5, 3, 2), {}, ok('basic', 'BASIC_SHARE')],
      [
        'both rule-2 conditions are listed',
        v(0, 4, 2, 4),
        {},
        ok('unqualified', 'UNQUALIFIED_SHARE', 'UNQUALIFIED_PLUS_BASIC_SHARE'),
      ],
      [
        'rule 2 beats rule 3 (no confirmation needed)',
        v(0, 6, 0, 4),
        { basicLastYear: true },
        ok('unqualified', 'UNQUALIFIED_SHARE'),
      ],
      ['rule 2 beats the warning path', v(0, 6, 0, 4), { sanction: 'warning' }, ok('unqualified', 'UNQUALIFIED_SHARE')],
      [
        'blank ballots in the denominator: 4/12 is exactly ⅓, not > ⅓',
        v(0, 6, 0, 4, 2),
        {},
        confirm('unqualified', 'BELOW_BASIC'),
      ],
      [
        'blank ballots in the denominator: 4/10 → 4/13 < ⅓',
        v(0, 6, 0, 4, 3),
        {},
        confirm('unqualified', 'BELOW_BASIC'),
      ],
    ])('%s', (_name, votes, context, expected) => {
      expect(gradeEvaluation(votes, context)).toEqual(expected);
    });
  });

  describe('rule 3 — basic two years running', () => {
    it.each<[string, EvaluationVotes, EvaluationContext, EvaluationResult]>([
      [
        'basic last year and basic by the shares → unqualified, confirm',
        v(0, 5, 3, 2),
        { basicLastYear: true },
        confirm('unqualified', 'BASIC_TWO_YEARS'),
      ],
      ['same votes, not basic last year → basic', v(0, 5, 3, 2), { basicLastYear: false }, ok('basic', 'BASIC_SHARE')],
      ['same votes, no context → basic', v(0, 5, 3, 2), {}, ok('basic', 'BASIC_SHARE')],
      [
        'basic last year but qualified now → qualified',
        v(0, 8, 2, 0),
        { basicLastYear: true },
        ok('qualified', 'QUALIFIED_SHARE'),
      ],
      [
        'basic last year but excellent now → excellent',
        v(7, 3, 0, 0),
        { basicLastYear: true },
        ok('excellent', 'EXCELLENT_SHARE'),
      ],
      [
        'basic last year, below basic now → rule 7',
        v(0, 3, 2, 0, 5),
        { basicLastYear: true },
        confirm('unqualified', 'BELOW_BASIC'),
      ],
    ])('%s', (_name, votes, context, expected) => {
      expect(gradeEvaluation(votes, context)).toEqual(expected);
    });
  });

  describe('rule 4 — excellent ≥ 60 % and unqualified ≤ 10 %', () => {
    it.each<[string, EvaluationVotes, EvaluationContext, EvaluationResult]>([
      ['exactly 60 % excellent, exactly 10 % unqualified', v(6, 3, 0, 1), {}, ok('excellent', 'EXCELLENT_SHARE')],
      ['all excellent', v(10, 0, 0, 0), {}, ok('excellent', 'EXCELLENT_SHARE')],
      ['59 % excellent → qualified', v(59, 41, 0, 0), {}, ok('qualified', 'QUALIFIED_SHARE')],
      ['60 % excellent, 11 % unqualified → qualified', v(60, 29, 0, 11), {}, ok('qualified', 'QUALIFIED_SHARE')],
      ['blank counted: 6/11 excellent < 60 % → qualified', v(6, 4, 0, 0, 1), {}, ok('qualified', 'QUALIFIED_SHARE')],
      [
        'blank counted: 6/10 with 1 blank, unqualified 1/10 → excellent',
        v(6, 2, 0, 1, 1),
        {},
        ok('excellent', 'EXCELLENT_SHARE'),
      ],
      [
        'a warning blocks excellent (falls through to rule 5)',
        v(8, 2, 0, 0),
        { sanction: 'warning' },
        ok('qualified', 'WARNING_BLOCKS_EXCELLENT', 'QUALIFIED_SHARE'),
      ],
      [
        'a warning with qualified votes changes nothing',
        v(0, 10, 0, 0),
        { sanction: 'warning' },
        ok('qualified', 'QUALIFIED_SHARE'),
      ],
      [
        'a warning with basic votes changes nothing',
        v(0, 5, 3, 2),
        { sanction: 'warning' },
        ok('basic', 'BASIC_SHARE'),
      ],
    ])('%s', (_name, votes, context, expected) => {
      expect(gradeEvaluation(votes, context)).toEqual(expected);
    });
  });

  describe('rule 5 — excellent + qualified ≥ 60 % and unqualified ≤ 15 %', () => {
    it.each<[string, EvaluationVotes, EvaluationResult]>([
      ['exactly 60 %, exactly 15 % unqualified', v(0, 60, 25, 15), ok('qualified', 'QUALIFIED_SHARE')],
      ['16 % unqualified → basic', v(0, 60, 24, 16), ok('basic', 'BASIC_SHARE')],
      ['excellent + qualified exactly 60 %', v(30, 30, 40, 0), ok('qualified', 'QUALIFIED_SHARE')],
      ['excellent + qualified 59 % → basic', v(30, 29, 41, 0), ok('basic', 'BASIC_SHARE')],
      ['3/20 unqualified = 15 % → qualified', v(5, 7, 5, 3), ok('qualified', 'QUALIFIED_SHARE')],
    ])('%s', (_name, votes, expected) => {
      expect(gradeEvaluation(votes)).toEqual(expected);
    });
  });

  describe('rule 6 / rule 7 — basic, otherwise unqualified with confirmation', () => {
    it.each<[string, EvaluationVotes, EvaluationResult]>([
      ['e + q + b exactly 60 % (blank 40)', v(0, 30, 30, 0, 40), ok('basic', 'BASIC_SHARE')],
      ['e + q + b 59 % → rule 7', v(0, 30, 29, 0, 41), confirm('unqualified', 'BELOW_BASIC')],
      ['unqualified exactly ⅓ (≤ ⅓ inclusive) with e + q + b ⅔ → basic', v(2, 3, 1, 3), ok('basic', 'BASIC_SHARE')],
      ['only blank ballots → rule 7', v(0, 0, 0, 0, 5), confirm('unqualified', 'BELOW_BASIC')],
      ['half blank, half qualified → rule 7', v(0, 5, 0, 0, 5), confirm('unqualified', 'BELOW_BASIC')],
    ])('%s', (_name, votes, expected) => {
      expect(gradeEvaluation(votes)).toEqual(expected);
    });
  });

  describe('profile thresholds', () => {
    it.each<[string, EvaluationVotes, object, EvaluationResult]>([
      [
        'tighter excellent share 70 %: 6/10 → qualified',
        v(6, 4, 0, 0),
        { evaluation: { excellent: { share: { num: 70, den: 100, inclusive: true } } } },
        ok('qualified', 'QUALIFIED_SHARE'),
      ],
      [
        'tighter excellent share 70 %: 7/10 → excellent',
        v(7, 3, 0, 0),
        { evaluation: { excellent: { share: { num: 70, den: 100, inclusive: true } } } },
        ok('excellent', 'EXCELLENT_SHARE'),
      ],
      [
        'exclusive 60 %: exactly 60 % no longer excellent',
        v(6, 4, 0, 0),
        { evaluation: { excellent: { share: { num: 60, den: 100, inclusive: false } } } },
        ok('qualified', 'QUALIFIED_SHARE'),
      ],
      [
        'tighter trigger: unqualified ≥ ⅓ inclusive',
        v(0, 6, 0, 3),
        { evaluation: { unqualifiedOver: { num: 1, den: 3, inclusive: true } } },
        ok('unqualified', 'UNQUALIFIED_SHARE'),
      ],
      [
        'the full default profile object gives the default result',
        v(6, 3, 0, 1),
        DEFAULT_EXIT_PROFILE,
        ok('excellent', 'EXCELLENT_SHARE'),
      ],
    ])('%s', (_name, votes, profile, expected) => {
      expect(gradeEvaluation(votes, {}, profile)).toEqual(expected);
    });
  });

  describe('errors', () => {
    it.each<[string, () => unknown, string]>([
      ['negative count', () => gradeEvaluation(v(-1, 5, 0, 0)), 'INVALID_COUNT'],
      ['fractional count', () => gradeEvaluation(v(1.5, 5, 0, 0)), 'INVALID_COUNT'],
      ['NaN count', () => gradeEvaluation(v(NaN, 5, 0, 0)), 'INVALID_COUNT'],
      [
        'string count',
        () => gradeEvaluation({ excellent: '3', qualified: 1, basic: 0, unqualified: 0 } as unknown as EvaluationVotes),
        'INVALID_COUNT',
      ],
      [
        'missing count',
        () => gradeEvaluation({ excellent: 3, qualified: 1, basic: 0 } as unknown as EvaluationVotes),
        'INVALID_COUNT',
      ],
      ['negative blank', () => gradeEvaluation(v(3, 1, 0, 0, -1)), 'INVALID_COUNT'],
      ['zero ballots', () => gradeEvaluation(v(0, 0, 0, 0)), 'NO_BALLOTS'],
      ['zero ballots incl. blank 0', () => gradeEvaluation(v(0, 0, 0, 0, 0)), 'NO_BALLOTS'],
      ['zero ballots with a warning', () => gradeEvaluation(v(0, 0, 0, 0), { sanction: 'warning' }), 'NO_BALLOTS'],
      ['expulsion', () => gradeEvaluation(v(10, 0, 0, 0), { sanction: 'expulsion' }), 'EXPELLED'],
      ['expulsion with zero ballots', () => gradeEvaluation(v(0, 0, 0, 0), { sanction: 'expulsion' }), 'EXPELLED'],
      [
        'unknown sanction',
        () => gradeEvaluation(v(1, 0, 0, 0), { sanction: 'demotion' } as unknown as EvaluationContext),
        'INVALID_SANCTION',
      ],
      [
        'sanctionYear 3',
        () =>
          gradeEvaluation(v(1, 0, 0, 0), { sanction: 'probation_2y', sanctionYear: 3 } as unknown as EvaluationContext),
        'INVALID_SANCTION',
      ],
      [
        'basicLastYear not boolean',
        () => gradeEvaluation(v(1, 0, 0, 0), { basicLastYear: 'yes' } as unknown as EvaluationContext),
        'INVALID_INPUT',
      ],
      [
        'looser profile',
        () =>
          gradeEvaluation(
            v(1, 0, 0, 0),
            {},
            { evaluation: { excellent: { share: { num: 1, den: 2, inclusive: true } } } },
          ),
        'PROFILE_INVALID',
      ],
    ])('%s → %s', (_name, fn, code) => {
      expect(codeOf(fn)).toBe(code);
    });

    it('PROFILE_INVALID carries every problem in details', () => {
      try {
        gradeEvaluation(
          v(1, 0, 0, 0),
          {},
          { evaluation: { excellentQuota: { num: 2, den: 10, inclusive: true } }, threeNo: { months: 9 } },
        );
        throw new Error('not thrown');
      } catch (e) {
        expect(e).toBeInstanceOf(RulesError);
        expect((e as RulesError).details).toHaveLength(2);
      }
    });
  });
});

describe('applyExcellentQuota / excellentQuotaLimit', () => {
  it.each<[number, number]>([
    [0, 0],
    [9, 0],
    [10, 1],
    [11, 1],
    [19, 1],
    [20, 2],
    [29, 2],
    [30, 3],
    [100, 10],
  ])('⌊10 %% × %i members⌋ = %i', (total, limit) => {
    expect(excellentQuotaLimit(total)).toBe(limit);
    const results = Array.from({ length: total }, (_x, i) => ({
      memberId: `m${String(i).padStart(3, '0')}`,
      grade: 'excellent' as const,
      excellentShare: { num: 100 - i, den: 100 },
    }));
    const out = applyExcellentQuota(results, total);
    expect(out.filter((r) => r.grade === 'excellent')).toHaveLength(limit);
    expect(out.filter((r) => r.grade === 'qualified')).toHaveLength(total - limit);
    // the highest shares (lowest i) keep excellent
    expect(out.slice(0, limit).every((r) => r.grade === 'excellent')).toBe(true);
  });

  it('equal shares are broken by memberId ascending; the order of the array is kept', () => {
    const input: QuotaEntry[] = [
      { memberId: 'm3', grade: 'excellent', excellentShare: 0.8 },
      { memberId: 'm1', grade: 'excellent', excellentShare: 0.8 },
      { memberId: 'm9', grade: 'qualified', excellentShare: 0.9 },
      { memberId: 'm2', grade: 'excellent', excellentShare: 0.8 },
    ];
    const out = applyExcellentQuota(input, 20); // quota 2
    expect(out.map((r) => [r.memberId, r.grade])).toEqual([
      ['m3', 'qualified'],
      ['m1', 'excellent'],
      ['m9', 'qualified'],
      ['m2', 'excellent'],
    ]);
  });

  it('a higher share wins over a lower memberId', () => {
    const out = applyExcellentQuota(
      [
        { memberId: 'a', grade: 'excellent', excellentShare: 0.7 },
        { memberId: 'b', grade: 'excellent', excellentShare: 0.9 },
      ],
      10,
    );
    expect(out.map((r) => r.grade)).toEqual(['qualified', 'excellent']);
  });

  it.each<[string, { num: number; den: number }, { num: number; den: number }, string]>([
    ['7/10 beats 2/3', { num: 7, den: 10 }, { num: 2, den: 3 }, 'x'],
    [
      '1/3 beats 33333333/100000000 (exact, no floating point)',
      { num: 33333333, den: 100000000 },
      { num: 1, den: 3 },
      'y',
    ],
    ['6/9 equals 4/6 → memberId decides', { num: 6, den: 9 }, { num: 4, den: 6 }, 'x'],
  ])('fractions: %s', (_name, x, y, winner) => {
    const out = applyExcellentQuota(
      [
        { memberId: 'x', grade: 'excellent', excellentShare: x },
        { memberId: 'y', grade: 'excellent', excellentShare: y },
      ],
      10,
    );
    expect(out.find((r) => r.grade === 'excellent')?.memberId).toBe(winner);
  });

  it('returns new objects, keeps other fields, does not mutate the input', () => {
    const input = [
      { memberId: 'a', grade: 'excellent' as const, excellentShare: 0.9, name: '张三' },
      { memberId: 'b', grade: 'excellent' as const, excellentShare: 0.8, name: '李四' },
    ];
    const out = applyExcellentQuota(input, 10);
    expect(out).toEqual([
      { memberId: 'a', grade: 'excellent', excellentShare: 0.9, name: '张三' },
      { memberId: 'b', grade: 'qualified', excellentShare: 0.8, name: '李四' },
    ]);
    expect(out[0]).not.toBe(input[0]);
    expect(input[1].grade).toBe('excellent');
  });

  it('non-excellent grades are untouched and need no share; numeric memberIds sort numerically', () => {
    const out = applyExcellentQuota(
      [
        { memberId: 10, grade: 'excellent', excellentShare: 0.8 },
        { memberId: 9, grade: 'excellent', excellentShare: 0.8 },
        { memberId: 1, grade: 'basic' },
        { memberId: 2, grade: 'ungraded' },
      ],
      10,
    );
    expect(out.map((r) => r.grade)).toEqual(['qualified', 'excellent', 'basic', 'ungraded']);
  });

  it('a tighter profile quota (1/20) applies', () => {
    expect(excellentQuotaLimit(20, { evaluation: { excellentQuota: { num: 1, den: 20, inclusive: true } } })).toBe(1);
    expect(excellentQuotaLimit(20, { evaluation: { excellentQuota: { num: 1, den: 10, inclusive: false } } })).toBe(1);
    expect(excellentQuotaLimit(21, { evaluation: { excellentQuota: { num: 1, den: 10, inclusive: false } } })).toBe(2);
  });

  it.each<[string, () => unknown, string]>([
    ['negative totalMembers', () => applyExcellentQuota([], -1), 'INVALID_COUNT'],
    ['fractional totalMembers', () => applyExcellentQuota([], 10.5), 'INVALID_COUNT'],
    [
      'excellent without share',
      () => applyExcellentQuota([{ memberId: 'a', grade: 'excellent' }], 10),
      'INVALID_SHARE',
    ],
    [
      'negative share',
      () => applyExcellentQuota([{ memberId: 'a', grade: 'excellent', excellentShare: -0.1 }], 10),
      'INVALID_SHARE',
    ],
    [
      'fraction with den 0',
      () => applyExcellentQuota([{ memberId: 'a', grade: 'excellent', excellentShare: { num: 1, den: 0 } }], 10),
      'INVALID_SHARE',
    ],
    [
      'unknown grade',
      () => applyExcellentQuota([{ memberId: 'a', grade: 'good' } as unknown as QuotaEntry], 10),
      'INVALID_GRADE',
    ],
    [
      'duplicate memberId',
      () =>
        applyExcellentQuota(
          [
            { memberId: 'a', grade: 'basic' },
            { memberId: 'a', grade: 'qualified' },
          ],
          10,
        ),
      'DUPLICATE_MEMBER',
    ],
    ['results not an array', () => applyExcellentQuota(null as unknown as QuotaEntry[], 10), 'INVALID_INPUT'],
    ['missing memberId', () => applyExcellentQuota([{ grade: 'basic' } as unknown as QuotaEntry], 10), 'INVALID_INPUT'],
    [
      'looser quota profile',
      () => applyExcellentQuota([], 10, { evaluation: { excellentQuota: { num: 1, den: 5, inclusive: true } } }),
      'PROFILE_INVALID',
    ],
  ])('%s → %s', (_name, fn, code) => {
    expect(codeOf(fn)).toBe(code);
  });
});

describe('threeNoStatus', () => {
  it.each<[string, string, boolean]>([
    ['2026-01-31', '2026-07-30', false],
    ['2026-01-31', '2026-07-31', true],
    ['2025-08-31', '2026-02-27', false],
    ['2025-08-31', '2026-02-28', true],
    ['2025-08-30', '2026-02-28', true],
    ['2025-08-29', '2026-02-28', true],
    ['2025-08-28', '2026-02-27', false],
    ['2025-08-28', '2026-02-28', true],
    ['2023-08-31', '2024-02-28', false],
    ['2023-08-31', '2024-02-29', true],
    ['2025-12-31', '2026-06-29', false],
    ['2025-12-31', '2026-06-30', true],
    ['2025-06-15', '2025-12-14', false],
    ['2025-06-15', '2025-12-15', true],
    ['2025-06-15', '2027-01-01', true],
    ['2026-03-01', '2026-02-01', false], // last after asOf: no lapse
  ])('dues last paid %s, as of %s → %s', (last, asOf, reached) => {
    expect(threeNoStatus({ lastDuesPaidOn: last }, asOf)).toEqual({
      selfWithdrawal: reached,
      reasons: reached ? ['DUES'] : [],
    });
  });

  it.each<[string, ThreeNoFacts, string, { selfWithdrawal: boolean; reasons: string[] }]>([
    [
      'all three lapsed, fixed order',
      { lastTaskDoneOn: '2025-01-01', lastOrgLifeOn: '2025-01-01', lastDuesPaidOn: '2025-01-01' },
      '2026-01-01',
      { selfWithdrawal: true, reasons: ['DUES', 'ORG_LIFE', 'TASKS'] },
    ],
    [
      'only org life lapsed',
      { lastDuesPaidOn: '2025-12-01', lastOrgLifeOn: '2025-06-30', lastTaskDoneOn: '2025-12-01' },
      '2025-12-31',
      { selfWithdrawal: true, reasons: ['ORG_LIFE'] },
    ],
    [
      'only tasks lapsed',
      { lastDuesPaidOn: '2025-12-01', lastOrgLifeOn: '2025-12-01', lastTaskDoneOn: '2025-06-30' },
      '2025-12-31',
      { selfWithdrawal: true, reasons: ['TASKS'] },
    ],
    [
      'nothing lapsed',
      { lastDuesPaidOn: '2025-12-01', lastOrgLifeOn: '2025-12-01', lastTaskDoneOn: '2025-12-01' },
      '2025-12-31',
      { selfWithdrawal: false, reasons: [] },
    ],
    ['missing dates do not count', {}, '2026-01-01', { selfWithdrawal: false, reasons: [] }],
    [
      'null dates do not count',
      { lastDuesPaidOn: null, lastOrgLifeOn: null, lastTaskDoneOn: '2025-01-01' },
      '2026-01-01',
      { selfWithdrawal: true, reasons: ['TASKS'] },
    ],
    [
      'justified: true clears every lapse',
      { lastDuesPaidOn: '2025-01-01', lastOrgLifeOn: '2025-01-01', justified: true },
      '2026-01-01',
      { selfWithdrawal: false, reasons: [] },
    ],
    [
      'justified: false changes nothing',
      { lastDuesPaidOn: '2025-01-01', justified: false },
      '2026-01-01',
      { selfWithdrawal: true, reasons: ['DUES'] },
    ],
    [
      'justified per reason',
      { lastDuesPaidOn: '2025-01-01', lastOrgLifeOn: '2025-01-01', justified: { orgLife: true } },
      '2026-01-01',
      { selfWithdrawal: true, reasons: ['DUES'] },
    ],
    [
      'justified per reason, all lapses justified',
      { lastDuesPaidOn: '2025-01-01', lastTaskDoneOn: '2025-01-01', justified: { dues: true, tasks: true } },
      '2026-01-01',
      { selfWithdrawal: false, reasons: [] },
    ],
  ])('%s', (_name, facts, asOf, expected) => {
    expect(threeNoStatus(facts, asOf)).toEqual(expected);
  });

  it.each<[number, string, boolean]>([
    [3, '2026-04-29', false],
    [3, '2026-04-30', true],
    [6, '2026-04-30', false],
  ])('profile threeNo.months = %i: last 2026-01-31, as of %s → %s', (months, asOf, reached) => {
    expect(threeNoStatus({ lastOrgLifeOn: '2026-01-31' }, asOf, { threeNo: { months } }).selfWithdrawal).toBe(reached);
  });

  it.each<[string, () => unknown, string]>([
    ['invalid asOf', () => threeNoStatus({}, '2026-02-30'), 'INVALID_DATE'],
    ['malformed last date', () => threeNoStatus({ lastDuesPaidOn: '2026/01/01' }, '2026-03-01'), 'INVALID_DATE'],
    [
      'justified of the wrong type',
      () => threeNoStatus({ justified: 'yes' } as unknown as ThreeNoFacts, '2026-03-01'),
      'INVALID_INPUT',
    ],
    [
      'justified.dues of the wrong type',
      () => threeNoStatus({ justified: { dues: 1 } } as unknown as ThreeNoFacts, '2026-03-01'),
      'INVALID_INPUT',
    ],
    ['facts not an object', () => threeNoStatus(null as unknown as ThreeNoFacts, '2026-03-01'), 'INVALID_INPUT'],
    ['looser profile: 7 months', () => threeNoStatus({}, '2026-03-01', { threeNo: { months: 7 } }), 'PROFILE_INVALID'],
  ])('%s → %s', (_name, fn, code) => {
    expect(codeOf(fn)).toBe(code);
  });
});

describe('disposalFor', () => {
  const base = { willingToCorrect: true, serious: false };
  it.each<[string, DisposalFacts, string]>([
    ['willing, not serious → rectify', base, 'rectify_within_period'],
    [
      'not willing, not serious → persuade directly',
      { willingToCorrect: false, serious: false },
      'persuade_to_withdraw',
    ],
    ['serious → remove directly', { willingToCorrect: false, serious: true }, 'remove'],
    ['serious even though willing → remove', { willingToCorrect: true, serious: true }, 'remove'],
    ['rectification failed → persuade', { ...base, rectifyFailed: true }, 'persuade_to_withdraw'],
    ['refuses to withdraw → remove', { ...base, refusesToWithdraw: true }, 'remove'],
    ['rectification failed and refuses → remove', { ...base, rectifyFailed: true, refusesToWithdraw: true }, 'remove'],
    ['voluntary withdrawal → remove_voluntary', { ...base, voluntary: true }, 'remove_voluntary'],
    ['self-withdrawal (三不) → remove', { ...base, selfWithdrawal: true }, 'remove'],
    [
      'sanctioned for the same issue → none',
      { willingToCorrect: false, serious: true, sanctionedForSameIssue: true },
      'none',
    ],
    [
      'sanctioned for the same issue beats refusing',
      { ...base, refusesToWithdraw: true, sanctionedForSameIssue: true },
      'none',
    ],
    [
      'sanctioned-for-the-same-issue beats everything, voluntary included (no double handling)',
      { ...base, voluntary: true, sanctionedForSameIssue: true },
      'none',
    ],
    [
      'explicit false flags change nothing',
      {
        ...base,
        voluntary: false,
        sanctionedForSameIssue: false,
        refusesToWithdraw: false,
        rectifyFailed: false,
        selfWithdrawal: false,
      },
      'rectify_within_period',
    ],
  ])('%s', (_name, facts, expected) => {
    expect(disposalFor(facts)).toBe(expected);
  });

  it.each<[string, unknown]>([
    ['serious missing', { willingToCorrect: true }],
    ['willingToCorrect missing', { serious: false }],
    ['serious not boolean', { willingToCorrect: true, serious: 'no' }],
    ['optional flag not boolean', { willingToCorrect: true, serious: false, voluntary: 1 }],
    ['not an object', null],
  ])('%s → INVALID_INPUT', (_name, facts) => {
    expect(codeOf(() => disposalFor(facts as DisposalFacts))).toBe('INVALID_INPUT');
  });
});

describe('rectifyUntil', () => {
  it.each<[string, object | undefined, string]>([
    ['2026-01-31', undefined, '2026-07-31'],
    ['2025-08-31', undefined, '2026-02-28'],
    ['2026-03-15', undefined, '2026-09-15'],
    ['2026-01-31', { disposal: { rectifyMonths: 12 } }, '2027-01-31'],
    ['2024-02-29', { disposal: { rectifyMonths: 12 } }, '2025-02-28'],
    ['2026-01-31', { disposal: { rectifyMonths: 1 } }, '2026-02-28'],
  ])('%s with %j → %s', (start, profile, expected) => {
    expect(rectifyUntil(start, profile)).toBe(expected);
  });

  it.each<[string, () => unknown, string]>([
    ['13 months', () => rectifyUntil('2026-01-01', { disposal: { rectifyMonths: 13 } }), 'PROFILE_INVALID'],
    ['bad date', () => rectifyUntil('2026-13-01'), 'INVALID_DATE'],
  ])('%s → %s', (_name, fn, code) => {
    expect(codeOf(fn)).toBe(code);
  });
});

describe('exitProfileProblems', () => {
  const T = (num: number, den: number, inclusive: boolean) => ({ num, den, inclusive });

  it.each<[string, unknown]>([
    ['empty object', {}],
    ['not an object (reported by the caller)', null],
    ['the default', DEFAULT_EXIT_PROFILE],
    ['other profile sections are ignored', { timeZone: 'Asia/Shanghai', publicity: { minDays: 7 } }],
    [
      'tighter everywhere',
      {
        evaluation: {
          unqualifiedOver: T(1, 4, false),
          unqualifiedPlusBasicOver: T(1, 2, true),
          excellent: { share: T(70, 100, true), maxUnqualified: T(5, 100, true) },
          qualified: { share: T(60, 100, false) },
          basic: { maxUnqualified: T(1, 4, true) },
          excellentQuota: T(1, 20, true),
        },
        threeNo: { months: 3 },
        disposal: { rectifyMonths: 12 },
      },
    ],
    ['boundary values', { threeNo: { months: 1 }, disposal: { rectifyMonths: 1 } }],
    [
      'exclusive upper bounds are tighter',
      { evaluation: { excellentQuota: T(1, 10, false), excellent: { maxUnqualified: T(10, 100, false) } } },
    ],
  ])('valid: %s', (_name, p) => {
    expect(exitProfileProblems(p)).toEqual([]);
  });

  it.each<[string, unknown, string]>([
    ['threeNo.months 7', { threeNo: { months: 7 } }, 'threeNo.months'],
    ['threeNo.months 0', { threeNo: { months: 0 } }, 'threeNo.months'],
    ['threeNo.months 2.5', { threeNo: { months: 2.5 } }, 'threeNo.months'],
    ['threeNo.months "6"', { threeNo: { months: '6' } }, 'threeNo.months'],
    ['threeNo not an object', { threeNo: 6 }, 'threeNo'],
    ['threeNo unknown key', { threeNo: { months: 6, days: 1 } }, 'threeNo.days'],
    ['rectifyMonths 13', { disposal: { rectifyMonths: 13 } }, 'disposal.rectifyMonths'],
    ['rectifyMonths 0', { disposal: { rectifyMonths: 0 } }, 'disposal.rectifyMonths'],
    ['disposal not an object', { disposal: [] }, 'disposal'],
    ['evaluation not an object', { evaluation: 'strict' }, 'evaluation'],
    ['evaluation unknown key', { evaluation: { excellentQuotaPercent: 10 } }, 'evaluation.excellentQuotaPercent'],
    ['excellentQuota 2/10', { evaluation: { excellentQuota: T(2, 10, true) } }, 'evaluation.excellentQuota'],
    [
      'excellentQuota without inclusive',
      { evaluation: { excellentQuota: { num: 1, den: 10 } } },
      'evaluation.excellentQuota',
    ],
    ['excellentQuota as a number', { evaluation: { excellentQuota: 0.1 } }, 'evaluation.excellentQuota'],
    ['excellent share 50 %', { evaluation: { excellent: { share: T(50, 100, true) } } }, 'evaluation.excellent.share'],
    [
      'excellent maxUnqualified 20 %',
      { evaluation: { excellent: { maxUnqualified: T(20, 100, true) } } },
      'evaluation.excellent.maxUnqualified',
    ],
    [
      'qualified maxUnqualified 16 %',
      { evaluation: { qualified: { maxUnqualified: T(16, 100, true) } } },
      'evaluation.qualified.maxUnqualified',
    ],
    ['basic share 59 %', { evaluation: { basic: { share: T(59, 100, true) } } }, 'evaluation.basic.share'],
    ['basic not an object', { evaluation: { basic: 5 } }, 'evaluation.basic'],
    ['band unknown key', { evaluation: { basic: { minShare: T(60, 100, true) } } }, 'evaluation.basic.minShare'],
    ['unqualifiedOver raised to ½', { evaluation: { unqualifiedOver: T(1, 2, false) } }, 'evaluation.unqualifiedOver'],
    [
      'unqualifiedPlusBasicOver raised to ⅔',
      { evaluation: { unqualifiedPlusBasicOver: T(2, 3, false) } },
      'evaluation.unqualifiedPlusBasicOver',
    ],
    ['threshold den 0', { evaluation: { unqualifiedOver: T(1, 0, false) } }, 'evaluation.unqualifiedOver'],
    ['threshold num > den', { evaluation: { excellent: { share: T(3, 2, true) } } }, 'evaluation.excellent.share'],
    ['threshold negative', { evaluation: { excellentQuota: T(-1, 10, true) } }, 'evaluation.excellentQuota'],
    ['threshold non-integer', { evaluation: { excellentQuota: T(0.5, 10, true) } }, 'evaluation.excellentQuota'],
  ])('problem: %s', (_name, p, path) => {
    const problems = exitProfileProblems(p);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(path);
  });

  it('lists every problem, not just the first', () => {
    expect(
      exitProfileProblems({
        evaluation: {
          excellentQuota: T(2, 10, true),
          excellent: { share: T(1, 2, true), maxUnqualified: T(1, 2, true) },
        },
        threeNo: { months: 12 },
        disposal: { rectifyMonths: 24 },
      }),
    ).toHaveLength(5);
  });

  it('resolveExitProfile fills omitted fields at any depth and never shares the default', () => {
    const r = resolveExitProfile({
      evaluation: { excellent: { share: T(70, 100, true) } },
      disposal: { rectifyMonths: 3 },
    });
    expect(r.evaluation.excellent).toEqual({ share: T(70, 100, true), maxUnqualified: T(10, 100, true) });
    expect(r.evaluation.qualified).toEqual(DEFAULT_EXIT_PROFILE.evaluation.qualified);
    expect(r.threeNo).toEqual({ months: 6 });
    expect(r.disposal).toEqual({ rectifyMonths: 3 });
    r.evaluation.qualified.share.num = 99;
    expect(DEFAULT_EXIT_PROFILE.evaluation.qualified.share.num).toBe(60);
  });

  it('the default profile has the documented values', () => {
    expect(DEFAULT_EXIT_PROFILE).toEqual({
      evaluation: {
        unqualifiedOver: T(1, 3, false),
        unqualifiedPlusBasicOver: T(1, 2, false),
        excellent: { share: T(60, 100, true), maxUnqualified: T(10, 100, true) },
        qualified: { share: T(60, 100, true), maxUnqualified: T(15, 100, true) },
        basic: { share: T(60, 100, true), maxUnqualified: T(1, 3, true) },
        excellentQuota: T(1, 10, true),
      },
      threeNo: { months: 6 },
      disposal: { rectifyMonths: 6 },
    });
  });
});

describe('config/accountability-catalog.json', () => {
  const SPEC_SITUATIONS: [string, string][] = [
    ['A01', '未在一个月内与入党申请人谈话'],
    ['A02', '未经党员推荐或群团组织推优确定入党积极分子'],
    ['A03', '培养考察不满一年即列为发展对象'],
    ['A04', '未按规定每半年考察入党积极分子'],
    ['A05', '未经政治审查或政审不合格仍发展'],
    ['A06', '未经集中培训或培训不合格即发展'],
    ['A07', '未按规定公示或公示期不足'],
    ['A08', '未经预审即召开支部大会'],
    ['A09', '支部大会到会人数或表决不符合规定'],
    ['A10', '审批前未进行谈话'],
    ['A11', '超过三个月时限审批'],
    ['A12', '预备党员转正前未进行回访'],
    ['B01', '降低标准发展不符合党员条件的人'],
    ['B02', '弄虚作假，伪造、篡改入党材料'],
    ['B03', '突击发展或超计划发展'],
    ['B04', '票决中操纵选票或泄露投票情况'],
    ['B05', '对举报不按期调查核实或隐瞒不报'],
    ['B06', '利用发展党员谋取私利、收受财物'],
    ['C01', '入党介绍人未履行培养教育职责'],
    ['C02', '培养联系人未履行联系培养职责'],
    ['C03', '党组织对预备党员教育考察失职'],
    ['C04', '审批把关不严造成不良影响'],
    ['C05', '发展党员档案材料不全或丢失'],
  ];
  interface Catalog {
    version: string;
    categories: { code: string; title: string; situations: { code: string; title: string; detectable: boolean }[] }[];
  }
  const catalog = JSON.parse(
    readFileSync(join(__dirname, '..', '..', 'config', 'accountability-catalog.json'), 'utf8'),
  ) as Catalog;
  const situations = catalog.categories.flatMap((c) => c.situations.map((s) => ({ ...s, category: c.code })));

  it('has a version and 3 titled categories A, B, C', () => {
    expect(typeof catalog.version).toBe('string');
    expect(catalog.version.length).toBeGreaterThan(0);
    expect(catalog.categories.map((c) => c.code)).toEqual(['A', 'B', 'C']);
    for (const c of catalog.categories) expect(c.title).toMatch(/[\u4e00-\u9fff]/);
  });

  it('has 23 unique situations matching the spec table, each under its category', () => {
    expect(situations).toHaveLength(23);
    expect(new Set(situations.map((s) => s.code)).size).toBe(23);
    expect(situations.map((s) => [s.code, s.title])).toEqual(SPEC_SITUATIONS);
    for (const s of situations) expect(s.code.startsWith(s.category)).toBe(true);
  });

  it('marks exactly A01, A04, A11, A12, B05 as system-detectable', () => {
    for (const s of situations) expect(typeof s.detectable).toBe('boolean');
    expect(situations.filter((s) => s.detectable).map((s) => s.code)).toEqual(['A01', 'A04', 'A11', 'A12', 'B05']);
  });
});

describe('purity of exit.ts', () => {
  it('imports only sibling rule files', () => {
    const src = readFileSync(join(__dirname, 'exit.ts'), 'utf8');
    const imports = [...src.matchAll(/from\s+'([^']+)'/g)].map((m) => m[1]);
    expect(imports.length).toBeGreaterThan(0);
    for (const i of imports) expect(i).toMatch(/^\.\/[a-z]+$/);
  });
});
