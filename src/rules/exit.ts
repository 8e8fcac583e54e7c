// Exit-side rules (民主评议党员, 处置不合格党员), SPEC §4.6 — shared with the exit system.
//
// Pure: imports only sibling files of src/rules (which use date-fns). Nothing here throws
// for a "no" answer; invalid input throws RulesError with a stable `code`:
//
//   INVALID_COUNT     a vote count / totalMembers that is not a non-negative safe integer
//   NO_BALLOTS        gradeEvaluation needs shares but no ballot at all was cast
//   EXPELLED          gradeEvaluation for a member expelled (开除党籍) — no longer a member
//   INVALID_SANCTION  unknown `sanction`, or `sanctionYear` other than 1 or 2
//   INVALID_INPUT     a wrong type elsewhere (non-boolean flag, results not an array, …)
//   INVALID_GRADE     applyExcellentQuota: a grade outside Grade
//   INVALID_SHARE     applyExcellentQuota: an excellent entry without a usable excellentShare
//   DUPLICATE_MEMBER  applyExcellentQuota: the same memberId twice
//   INVALID_DATE      (from calendar.ts) a date that is not a real YYYY-MM-DD date
//   PROFILE_INVALID   the profile's exit fields fail exitProfileProblems (details = problems)

import { RulesError } from './errors';
import { addMonths, compareDates, IsoDate, toDate } from './calendar';
import { compareFractions, passes, required, Threshold } from './threshold';

// ---------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------

export type Grade = 'excellent' | 'qualified' | 'basic' | 'unqualified' | 'ungraded';
export type Sanction =
  'warning' | 'serious_warning' | 'removal_from_post' | 'probation_1y' | 'probation_2y' | 'expulsion';

export const GRADES: readonly Grade[] = ['excellent', 'qualified', 'basic', 'unqualified', 'ungraded'];
export const SANCTIONS: readonly Sanction[] = [
  'warning',
  'serious_warning',
  'removal_from_post',
  'probation_1y',
  'probation_2y',
  'expulsion',
];

/**
 * One grade band of rules 4–6: the grade is reached when the band's vote share passes
 * `share` (a lower bound) and the unqualified share stays within `maxUnqualified`
 * (an upper bound: inclusive = "≤", exclusive = "<").
 */
export interface GradeBand {
  share: Threshold;
  maxUnqualified: Threshold;
}

/**
 * `evaluation` profile fields (seed 003). Every share is votes ÷ all ballots cast,
 * blank ballots included, compared by integer cross-multiplication.
 */
export interface EvaluationProfile {
  /** rule 2: unqualified share passing this → unqualified (default > ⅓). */
  unqualifiedOver: Threshold;
  /** rule 2: (unqualified + basic) share passing this → unqualified (default > ½). */
  unqualifiedPlusBasicOver: Threshold;
  /** rule 4: excellent share ≥ 60 %, unqualified ≤ 10 %. */
  excellent: GradeBand;
  /** rule 5: (excellent + qualified) ≥ 60 %, unqualified ≤ 15 %. */
  qualified: GradeBand;
  /** rule 6: (excellent + qualified + basic) ≥ 60 %, unqualified ≤ ⅓. */
  basic: GradeBand;
  /** at most this share of all members stay excellent (upper bound; default ≤ 1/10 → ⌊10 %⌋). */
  excellentQuota: Threshold;
}

export interface ThreeNoProfile {
  /** months without dues / org life / tasks that make a member 自行脱党 (1..6, default 6). */
  months: number;
}

export interface DisposalProfile {
  /** length of 限期改正 in months (1..12, default 6). */
  rectifyMonths: number;
}

/** The profile fields owned by the exit-side rules. */
export interface ExitProfileFields {
  evaluation: EvaluationProfile;
  threeNo: ThreeNoProfile;
  disposal: DisposalProfile;
}

/** What the exit rules accept as `profile`: any object carrying (some of) these fields —
 * the full rules profile qualifies. Omitted fields come from DEFAULT_EXIT_PROFILE. */
export interface ExitProfileInput {
  evaluation?: Partial<Omit<EvaluationProfile, 'excellent' | 'qualified' | 'basic'>> & {
    excellent?: Partial<GradeBand>;
    qualified?: Partial<GradeBand>;
    basic?: Partial<GradeBand>;
  };
  threeNo?: Partial<ThreeNoProfile>;
  disposal?: Partial<DisposalProfile>;
}

const t = (num: number, den: number, inclusive: boolean): Threshold => ({ num, den, inclusive });

export const DEFAULT_EXIT_PROFILE: ExitProfileFields = {
  evaluation: {
    unqualifiedOver: t(1, 3, false),
    unqualifiedPlusBasicOver: t(1, 2, false),
    excellent: { share: t(60, 100, true), maxUnqualified: t(10, 100, true) },
    qualified: { share: t(60, 100, true), maxUnqualified: t(15, 100, true) },
    basic: { share: t(60, 100, true), maxUnqualified: t(1, 3, true) },
    excellentQuota: t(1, 10, true),
  },
  threeNo: { months: 6 },
  disposal: { rectifyMonths: 6 },
};

// ---------------------------------------------------------------------------------------
// Profile validation and resolution
// ---------------------------------------------------------------------------------------

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const EVALUATION_KEYS = [
  'unqualifiedOver',
  'unqualifiedPlusBasicOver',
  'excellent',
  'qualified',
  'basic',
  'excellentQuota',
] as const;
const BAND_KEYS = ['share', 'maxUnqualified'] as const;
const BANDS = ['excellent', 'qualified', 'basic'] as const;
const MAX_THREE_NO_MONTHS = 6; // Party Constitution art. 9: 连续六个月
const MAX_RECTIFY_MONTHS = 12; // 2024 处置办法: 限期改正一般 6 个月, 最长不超过 1 年

const showT = (x: Threshold): string => `${x.inclusive ? '≥/≤' : '>/<'} ${x.num}/${x.den}`;

function thresholdShape(v: unknown, path: string, problems: string[]): v is Threshold {
  const ok =
    isObj(v) &&
    Number.isSafeInteger(v.num) &&
    Number.isSafeInteger(v.den) &&
    typeof v.inclusive === 'boolean' &&
    (v.den as number) > 0 &&
    (v.num as number) >= 0 &&
    (v.num as number) <= (v.den as number) &&
    Object.keys(v).every((k) => k === 'num' || k === 'den' || k === 'inclusive');
  if (!ok) problems.push(`${path} 必须是比例阈值 {num, den, inclusive}（整数，den > 0，0 ≤ num ≤ den）`);
  return ok;
}

/**
 * Direction of a threshold, for "may tighten, never loosen":
 *  - 'lower'  : a grade needs share ≥/> t — tighter = higher fraction (or exclusive at equal);
 *  - 'upper'  : a limit, share ≤/< t — tighter = lower fraction (or exclusive at equal);
 *  - 'trigger': share >/≥ t makes a member unqualified — tighter = fires at least as often,
 *               i.e. lower fraction (or inclusive at equal).
 */
function looserThan(v: Threshold, d: Threshold, kind: 'lower' | 'upper' | 'trigger'): boolean {
  const c = compareFractions(v.num, v.den, d.num, d.den);
  if (kind === 'lower') return c < 0 || (c === 0 && v.inclusive && !d.inclusive);
  if (kind === 'upper') return c > 0 || (c === 0 && v.inclusive && !d.inclusive);
  return c > 0 || (c === 0 && !v.inclusive && d.inclusive);
}

function checkThresholdField(
  v: unknown,
  d: Threshold,
  path: string,
  kind: 'lower' | 'upper' | 'trigger',
  problems: string[],
): void {
  if (!thresholdShape(v, path, problems)) return;
  if (looserThan(v, d, kind)) {
    const what = kind === 'lower' ? '不得低于' : kind === 'upper' ? '不得高于' : '不得高于（只可收紧）';
    problems.push(`${path} ${what}全国/上级标准 ${showT(d)}，当前为 ${showT(v)}`);
  }
}

function unknownKeys(o: Obj, allowed: readonly string[], path: string, problems: string[]): void {
  for (const k of Object.keys(o)) {
    if (!allowed.includes(k)) problems.push(`${path}.${k} 是未知字段`);
  }
}

function monthsField(v: unknown, path: string, max: number, problems: string[]): void {
  if (!Number.isSafeInteger(v) || (v as number) < 1 || (v as number) > max) {
    problems.push(`${path} 必须是 1 到 ${max} 之间的整数（可收紧不可放宽），当前为 ${JSON.stringify(v)}`);
  }
}

/**
 * Every problem (zh-CN) in the exit-side fields `evaluation`, `threeNo`, `disposal` of a
 * candidate profile object `p`; [] when valid. Omitted fields (at any depth) are fine —
 * they are filled from DEFAULT_EXIT_PROFILE — but a threshold that is given must be a
 * complete {num, den, inclusive}. A profile may tighten, never loosen: grade shares may
 * not drop below 60 %, unqualified limits and the excellent quota may not rise, the
 * unqualified triggers (⅓, ½) may not rise, threeNo.months ∈ 1..6,
 * disposal.rectifyMonths ∈ 1..12; unknown keys inside these sections are problems.
 * A non-object `p` yields [] (the caller of the whole profile reports that).
 */
export function exitProfileProblems(p: unknown): string[] {
  const problems: string[] = [];
  if (!isObj(p)) return problems;
  const D = DEFAULT_EXIT_PROFILE;

  if (p.evaluation !== undefined) {
    const e = p.evaluation;
    if (!isObj(e)) {
      problems.push('evaluation 必须是对象');
    } else {
      unknownKeys(e, EVALUATION_KEYS, 'evaluation', problems);
      if (e.unqualifiedOver !== undefined) {
        checkThresholdField(
          e.unqualifiedOver,
          D.evaluation.unqualifiedOver,
          'evaluation.unqualifiedOver',
          'trigger',
          problems,
        );
      }
      if (e.unqualifiedPlusBasicOver !== undefined) {
        checkThresholdField(
          e.unqualifiedPlusBasicOver,
          D.evaluation.unqualifiedPlusBasicOver,
          'evaluation.unqualifiedPlusBasicOver',
          'trigger',
          problems,
        );
      }
      for (const band of BANDS) {
        const b = e[band];
        if (b === undefined) continue;
        const path = `evaluation.${band}`;
        if (!isObj(b)) {
          problems.push(`${path} 必须是对象 {share, maxUnqualified}`);
          continue;
        }
        unknownKeys(b, BAND_KEYS, path, problems);
        if (b.share !== undefined) {
          checkThresholdField(b.share, D.evaluation[band].share, `${path}.share`, 'lower', problems);
        }
        if (b.maxUnqualified !== undefined) {
          checkThresholdField(
            b.maxUnqualified,
            D.evaluation[band].maxUnqualified,
            `${path}.maxUnqualified`,
            'upper',
            problems,
          );
        }
      }
      if (e.excellentQuota !== undefined) {
        checkThresholdField(
          e.excellentQuota,
          D.evaluation.excellentQuota,
          'evaluation.excellentQuota',
          'upper',
          problems,
        );
      }
    }
  }

  if (p.threeNo !== undefined) {
    const n = p.threeNo;
    if (!isObj(n)) problems.push('threeNo 必须是对象');
    else {
      unknownKeys(n, ['months'], 'threeNo', problems);
      if (n.months !== undefined) monthsField(n.months, 'threeNo.months', MAX_THREE_NO_MONTHS, problems);
    }
  }

  if (p.disposal !== undefined) {
    const d = p.disposal;
    if (!isObj(d)) problems.push('disposal 必须是对象');
    else {
      unknownKeys(d, ['rectifyMonths'], 'disposal', problems);
      if (d.rectifyMonths !== undefined) {
        monthsField(d.rectifyMonths, 'disposal.rectifyMonths', MAX_RECTIFY_MONTHS, problems);
      }
    }
  }
  return problems;
}

/**
 * The complete exit fields of `profile`, omitted ones (at any depth) filled from
 * DEFAULT_EXIT_PROFILE. Throws RulesError('PROFILE_INVALID', …, problems) when
 * exitProfileProblems finds any. Returns fresh objects (the default is never shared).
 */
export function resolveExitProfile(profile?: ExitProfileInput | null): ExitProfileFields {
  const D = DEFAULT_EXIT_PROFILE;
  if (profile === undefined || profile === null) return clone(D);
  const problems = exitProfileProblems(profile);
  if (problems.length > 0) {
    throw new RulesError('PROFILE_INVALID', `规则配置无效：${problems.join('；')}`, problems);
  }
  const e = profile.evaluation ?? {};
  const band = (k: (typeof BANDS)[number]): GradeBand => ({
    share: { ...(e[k]?.share ?? D.evaluation[k].share) },
    maxUnqualified: { ...(e[k]?.maxUnqualified ?? D.evaluation[k].maxUnqualified) },
  });
  return {
    evaluation: {
      unqualifiedOver: { ...(e.unqualifiedOver ?? D.evaluation.unqualifiedOver) },
      unqualifiedPlusBasicOver: { ...(e.unqualifiedPlusBasicOver ?? D.evaluation.unqualifiedPlusBasicOver) },
      excellent: band('excellent'),
      qualified: band('qualified'),
      basic: band('basic'),
      excellentQuota: { ...(e.excellentQuota ?? D.evaluation.excellentQuota) },
    },
    threeNo: { months: profile.threeNo?.months ?? D.threeNo.months },
    disposal: { rectifyMonths: profile.disposal?.rectifyMonths ?? D.disposal.rectifyMonths },
  };
}

function clone(p: ExitProfileFields): ExitProfileFields {
  return JSON.parse(JSON.stringify(p)) as ExitProfileFields;
}

// ---------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------

function count(value: unknown, field: string): number {
  if (!Number.isSafeInteger(value) || (value as number) < 0) {
    throw new RulesError('INVALID_COUNT', `${field} 必须是非负整数: ${String(value)}`);
  }
  return value as number;
}

function optBool(value: unknown, field: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw new RulesError('INVALID_INPUT', `${field} 必须是布尔值: ${String(value)}`);
  return value;
}

/** count/base within an upper-bound threshold: inclusive → ≤, exclusive → <. */
function atMost(cnt: number, base: number, limit: Threshold): boolean {
  return !passes(cnt, base, { ...limit, inclusive: !limit.inclusive });
}

/** The largest integer n with n/base within the upper-bound `limit` (⌊10 % of 19⌋ = 1). */
function largestWithin(base: number, limit: Threshold): number {
  return Math.max(0, required(base, { ...limit, inclusive: !limit.inclusive }) - 1);
}

// ---------------------------------------------------------------------------------------
// gradeEvaluation
// ---------------------------------------------------------------------------------------

/**
 * Stable reason codes of gradeEvaluation, in the order they can appear:
 *  - SANCTION                     rule 1: serious_warning / removal_from_post / probation_1y /
 *                                 probation_2y in its first year → unqualified
 *  - PROBATION_SECOND_YEAR        rule 1: probation_2y in its second year → ungraded (comments only)
 *  - UNQUALIFIED_SHARE            rule 2: unqualified share > ⅓
 *  - UNQUALIFIED_PLUS_BASIC_SHARE rule 2: (unqualified + basic) share > ½ (both rule-2 codes
 *                                 are listed when both hold)
 *  - WARNING_BLOCKS_EXCELLENT     rule 4 was met but a `warning` this year blocks excellent;
 *                                 listed before the code of the rule that then decided
 *  - BASIC_TWO_YEARS              rule 3: basic last year and rules 4–6 give basic again
 *                                 → unqualified, requiresConfirmation
 *  - EXCELLENT_SHARE              rule 4 → excellent
 *  - QUALIFIED_SHARE              rule 5 → qualified
 *  - BASIC_SHARE                  rule 6 → basic
 *  - BELOW_BASIC                  rule 7: no band reached → unqualified, requiresConfirmation
 */
export type EvaluationReason =
  | 'SANCTION'
  | 'PROBATION_SECOND_YEAR'
  | 'UNQUALIFIED_SHARE'
  | 'UNQUALIFIED_PLUS_BASIC_SHARE'
  | 'WARNING_BLOCKS_EXCELLENT'
  | 'BASIC_TWO_YEARS'
  | 'EXCELLENT_SHARE'
  | 'QUALIFIED_SHARE'
  | 'BASIC_SHARE'
  | 'BELOW_BASIC';

export const EVALUATION_REASONS: readonly EvaluationReason[] = [
  'SANCTION',
  'PROBATION_SECOND_YEAR',
  'UNQUALIFIED_SHARE',
  'UNQUALIFIED_PLUS_BASIC_SHARE',
  'WARNING_BLOCKS_EXCELLENT',
  'BASIC_TWO_YEARS',
  'EXCELLENT_SHARE',
  'QUALIFIED_SHARE',
  'BASIC_SHARE',
  'BELOW_BASIC',
];

export interface EvaluationVotes {
  excellent: number;
  qualified: number;
  basic: number;
  unqualified: number;
  /** blank (弃权/空白) ballots: counted in the denominator, in no band. */
  blank?: number;
}

export interface EvaluationContext {
  /** the sanction (党纪处分) received in the year evaluated; for probation_2y, the one in force. */
  sanction?: Sanction;
  /** only read for probation_2y: 1 (the year it was imposed; the default) or 2. */
  sanctionYear?: 1 | 2;
  /** graded basic (基本合格) in last year's evaluation. */
  basicLastYear?: boolean;
}

export interface EvaluationResult {
  grade: Grade;
  requiresConfirmation: boolean;
  reasons: EvaluationReason[];
}

/**
 * Grades one member's democratic evaluation (民主评议, seed 003), rules applied in the
 * order of SPEC §4.6; the first that decides wins:
 *  1. sanction this year (serious_warning, removal_from_post, probation_1y, probation_2y in
 *     year 1 → unqualified; probation_2y in year 2 → ungraded; expulsion → EXPELLED;
 *     warning → only blocks excellent at rule 4);
 *  2. unqualified > ⅓ or (unqualified + basic) > ½ → unqualified;
 *  3. basicLastYear and rules 4–6 would give basic → unqualified, requiresConfirmation;
 *  4. excellent ≥ 60 % and unqualified ≤ 10 % → excellent (a warning falls through);
 *  5. excellent + qualified ≥ 60 % and unqualified ≤ 15 % → qualified;
 *  6. excellent + qualified + basic ≥ 60 % and unqualified ≤ ⅓ → basic;
 *  7. otherwise → unqualified, requiresConfirmation.
 * Shares are votes ÷ every ballot cast (blank included), by integer cross-multiplication.
 *
 * Zero ballots: rule 1 needs no ballots, so a sanctioned member is still graded; otherwise
 * RulesError('NO_BALLOTS'). A county organization department does not grade a member on an
 * empty ballot box — no grade can be derived, and "ungraded" is reserved for the second year
 * of 留党察看二年 (returning it here would silently exempt a member from evaluation). The
 * branch must hold (or re-hold) the 测评 first, so the input is rejected, not answered.
 */
export function gradeEvaluation(
  votes: EvaluationVotes,
  context: EvaluationContext = {},
  profile?: ExitProfileInput | null,
): EvaluationResult {
  if (!isObj(votes)) throw new RulesError('INVALID_COUNT', '测评票数必须是对象');
  const excellent = count(votes.excellent, 'excellent');
  const qualified = count(votes.qualified, 'qualified');
  const basic = count(votes.basic, 'basic');
  const unqualified = count(votes.unqualified, 'unqualified');
  const blank = votes.blank === undefined ? 0 : count(votes.blank, 'blank');
  const total = count(excellent + qualified + basic + unqualified + blank, 'total');

  const rawCtx: unknown = context ?? {};
  if (!isObj(rawCtx)) throw new RulesError('INVALID_INPUT', 'context 必须是对象');
  const ctx = rawCtx as EvaluationContext;
  if (ctx.sanction !== undefined && !SANCTIONS.includes(ctx.sanction)) {
    throw new RulesError('INVALID_SANCTION', `未知的党纪处分: ${String(ctx.sanction)}`);
  }
  if (ctx.sanctionYear !== undefined && ctx.sanctionYear !== 1 && ctx.sanctionYear !== 2) {
    throw new RulesError('INVALID_SANCTION', `sanctionYear 只能是 1 或 2: ${String(ctx.sanctionYear)}`);
  }
  const basicLastYear = optBool(ctx.basicLastYear, 'basicLastYear') === true;
  const e = resolveExitProfile(profile).evaluation;

  // Rule 1 — sanctions.
  switch (ctx.sanction) {
    case 'expulsion':
      throw new RulesError('EXPELLED', '已受开除党籍处分，不再参加民主评议');
    case 'serious_warning':
    case 'removal_from_post':
    case 'probation_1y':
      return { grade: 'unqualified', requiresConfirmation: false, reasons: ['SANCTION'] };
    case 'probation_2y':
      return ctx.sanctionYear === 2
        ? { grade: 'ungraded', requiresConfirmation: false, reasons: ['PROBATION_SECOND_YEAR'] }
        : { grade: 'unqualified', requiresConfirmation: false, reasons: ['SANCTION'] };
    default:
      break; // none or 'warning'
  }

  if (total === 0) throw new RulesError('NO_BALLOTS', '未收到任何测评票，无法计算得票率');

  // Rule 2 — too many unqualified (or unqualified + basic) votes.
  const rule2: EvaluationReason[] = [];
  if (passes(unqualified, total, e.unqualifiedOver)) rule2.push('UNQUALIFIED_SHARE');
  if (passes(unqualified + basic, total, e.unqualifiedPlusBasicOver)) rule2.push('UNQUALIFIED_PLUS_BASIC_SHARE');
  if (rule2.length > 0) return { grade: 'unqualified', requiresConfirmation: false, reasons: rule2 };

  // Rules 4–6 "by the shares" (needed by rule 3 before they are applied).
  const inBand = (n: number, b: GradeBand) => passes(n, total, b.share) && atMost(unqualified, total, b.maxUnqualified);
  const pre: EvaluationReason[] = [];
  let byShares: 'excellent' | 'qualified' | 'basic' | null = null;
  if (inBand(excellent, e.excellent)) {
    if (ctx.sanction === 'warning') pre.push('WARNING_BLOCKS_EXCELLENT');
    else byShares = 'excellent';
  }
  if (byShares === null && inBand(excellent + qualified, e.qualified)) byShares = 'qualified';
  if (byShares === null && inBand(excellent + qualified + basic, e.basic)) byShares = 'basic';

  // Rule 3 — basic two years running (连续两年基本合格, 经组织考核认定).
  if (basicLastYear && byShares === 'basic') {
    return { grade: 'unqualified', requiresConfirmation: true, reasons: [...pre, 'BASIC_TWO_YEARS'] };
  }
  switch (byShares) {
    case 'excellent':
      return { grade: 'excellent', requiresConfirmation: false, reasons: ['EXCELLENT_SHARE'] };
    case 'qualified':
      return { grade: 'qualified', requiresConfirmation: false, reasons: [...pre, 'QUALIFIED_SHARE'] };
    case 'basic':
      return { grade: 'basic', requiresConfirmation: false, reasons: [...pre, 'BASIC_SHARE'] };
    default:
      // Rule 7.
      return { grade: 'unqualified', requiresConfirmation: true, reasons: [...pre, 'BELOW_BASIC'] };
  }
}

// ---------------------------------------------------------------------------------------
// applyExcellentQuota
// ---------------------------------------------------------------------------------------

/**
 * A member's excellent share, for ranking only. Either an exact fraction {num, den}
 * (excellent votes / all ballots cast — preferred; compared by cross-multiplication, never
 * floating point) or a plain number (e.g. 0.8 or 80 — only the order matters, so use one
 * scale per call; numbers are compared directly). A number against a fraction compares
 * number·den with num (floating point; avoid mixing).
 */
export type ExcellentShare = number | { num: number; den: number };

export interface QuotaEntry {
  memberId: string | number;
  grade: Grade;
  excellentShare?: ExcellentShare;
}

/** ⌊excellentQuota × totalMembers⌋: how many members may stay excellent (10 → 1, 19 → 1, 20 → 2). */
export function excellentQuotaLimit(totalMembers: number, profile?: ExitProfileInput | null): number {
  const total = count(totalMembers, 'totalMembers');
  return largestWithin(total, resolveExitProfile(profile).evaluation.excellentQuota);
}

function checkShare(s: unknown, memberId: unknown): ExcellentShare {
  if (typeof s === 'number' && Number.isFinite(s) && s >= 0) return s;
  if (
    isObj(s) &&
    Number.isSafeInteger(s.num) &&
    Number.isSafeInteger(s.den) &&
    (s.num as number) >= 0 &&
    (s.den as number) > 0
  ) {
    return { num: s.num as number, den: s.den as number };
  }
  throw new RulesError('INVALID_SHARE', `成员 ${String(memberId)} 的优秀票得票率无效: ${JSON.stringify(s)}`);
}

function compareShares(a: ExcellentShare, b: ExcellentShare): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a !== 'number' && typeof b !== 'number') return compareFractions(a.num, a.den, b.num, b.den);
  if (typeof a === 'number') {
    const f = b as { num: number; den: number };
    const l = a * f.den;
    return l < f.num ? -1 : l > f.num ? 1 : 0;
  }
  return -compareShares(b, a);
}

function compareIds(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0; // code-unit order, locale-independent
}

/**
 * Caps the excellent grades at ⌊10 % × totalMembers⌋ (profile evaluation.excellentQuota,
 * cross-multiplication). Excellent entries are ranked by higher excellentShare, then
 * memberId ascending; those beyond the quota become 'qualified'. Returns a new array in
 * the input order with new objects (all other fields copied unchanged). `totalMembers` is
 * the membership the quota is taken of (党员总数), independent of how many entries are
 * passed. Only excellent entries need an excellentShare.
 */
export function applyExcellentQuota<T extends QuotaEntry>(
  results: readonly T[],
  totalMembers: number,
  profile?: ExitProfileInput | null,
): Array<Omit<T, 'grade'> & { grade: Grade }> {
  if (!Array.isArray(results)) throw new RulesError('INVALID_INPUT', 'results 必须是数组');
  const limit = excellentQuotaLimit(totalMembers, profile);
  const seen = new Set<string>();
  const ranked: { index: number; id: string | number; share: ExcellentShare }[] = [];
  results.forEach((r, index) => {
    if (!isObj(r as unknown)) throw new RulesError('INVALID_INPUT', `results[${index}] 必须是对象`);
    const id = r.memberId;
    if (!(typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id)))) {
      throw new RulesError('INVALID_INPUT', `results[${index}].memberId 无效`);
    }
    const key = `${typeof id}:${String(id)}`;
    if (seen.has(key)) throw new RulesError('DUPLICATE_MEMBER', `成员 ${String(id)} 重复`);
    seen.add(key);
    if (!GRADES.includes(r.grade))
      throw new RulesError('INVALID_GRADE', `成员 ${String(id)} 的等次无效: ${String(r.grade)}`);
    if (r.grade === 'excellent') ranked.push({ index, id, share: checkShare(r.excellentShare, id) });
  });
  ranked.sort((a, b) => compareShares(b.share, a.share) || compareIds(a.id, b.id));
  const demoted = new Set(ranked.slice(limit).map((x) => x.index));
  return results.map((r, index) => (demoted.has(index) ? { ...r, grade: 'qualified' as Grade } : { ...r }));
}

// ---------------------------------------------------------------------------------------
// threeNoStatus
// ---------------------------------------------------------------------------------------

export type ThreeNoReason = 'DUES' | 'ORG_LIFE' | 'TASKS';

/** Justification (正当理由): true = all three justified; or per reason. */
export type ThreeNoJustification = boolean | { dues?: boolean; orgLife?: boolean; tasks?: boolean };

export interface ThreeNoFacts {
  /** last date dues (党费) were paid; null/omitted = no record (does not count). */
  lastDuesPaidOn?: IsoDate | null;
  /** last organizational life (组织生活) attended. */
  lastOrgLifeOn?: IsoDate | null;
  /** last task assigned by the party (党所分配的工作) done. */
  lastTaskDoneOn?: IsoDate | null;
  justified?: ThreeNoJustification;
}

export interface ThreeNoStatus {
  selfWithdrawal: boolean;
  reasons: ThreeNoReason[];
}

/**
 * "三不" check (Party Constitution art. 9; seed 003): a lapse counts when
 * asOf ≥ addMonths(last, threeNo.months) — month arithmetic clamping to month end, so
 * last 2026-01-31 is reached on 2026-07-31 (not on 07-30), and 2025-08-29/30/31 all reach
 * it on 2026-02-28. A missing (null/omitted) date does not count: without a record the
 * six months cannot be established, and 自行脱党 must rest on facts — a caller that knows the
 * member never paid passes the joining date instead. A last date after asOf is no lapse.
 * `justified` removes the justified lapses (true = all three); reasons list only
 * unjustified lapses in the fixed order DUES, ORG_LIFE, TASKS, and selfWithdrawal is
 * reasons.length > 0.
 */
export function threeNoStatus(facts: ThreeNoFacts, asOf: IsoDate, profile?: ExitProfileInput | null): ThreeNoStatus {
  if (!isObj(facts as unknown)) throw new RulesError('INVALID_INPUT', 'facts 必须是对象');
  toDate(asOf, 'asOf');
  const months = resolveExitProfile(profile).threeNo.months;
  const j = facts.justified;
  let justified: { dues: boolean; orgLife: boolean; tasks: boolean };
  if (j === undefined || typeof j === 'boolean') {
    justified = { dues: j === true, orgLife: j === true, tasks: j === true };
  } else if (isObj(j)) {
    justified = {
      dues: optBool(j.dues, 'justified.dues') === true,
      orgLife: optBool(j.orgLife, 'justified.orgLife') === true,
      tasks: optBool(j.tasks, 'justified.tasks') === true,
    };
  } else {
    throw new RulesError('INVALID_INPUT', 'justified 必须是布尔值或 {dues, orgLife, tasks}');
  }
  const checks: [ThreeNoReason, IsoDate | null | undefined, string, boolean][] = [
    ['DUES', facts.lastDuesPaidOn, 'lastDuesPaidOn', justified.dues],
    ['ORG_LIFE', facts.lastOrgLifeOn, 'lastOrgLifeOn', justified.orgLife],
    ['TASKS', facts.lastTaskDoneOn, 'lastTaskDoneOn', justified.tasks],
  ];
  const reasons: ThreeNoReason[] = [];
  for (const [reason, last, field, isJustified] of checks) {
    if (last === undefined || last === null) continue;
    toDate(last, field);
    if (compareDates(asOf, addMonths(last, months)) >= 0 && !isJustified) reasons.push(reason);
  }
  return { selfWithdrawal: reasons.length > 0, reasons };
}

// ---------------------------------------------------------------------------------------
// disposalFor
// ---------------------------------------------------------------------------------------

export type Disposal = 'none' | 'rectify_within_period' | 'persuade_to_withdraw' | 'remove' | 'remove_voluntary';

export interface DisposalFacts {
  /** 本人要求留在党内并且有改正的决心和措施. */
  willingToCorrect: boolean;
  /** 问题严重，留在党内会产生不良影响. */
  serious: boolean;
  /** 劝其退党后本人坚持不退. */
  refusesToWithdraw?: boolean;
  /** 党员自愿要求退党 (a request to leave; 党章 art. 9: 支部大会讨论后宣布除名). */
  voluntary?: boolean;
  /** already received a 党纪处分 for the same issue (2024 办法 art. 4). */
  sanctionedForSameIssue?: boolean;
  /** 限期改正期满后仍无转变. */
  rectifyFailed?: boolean;
  /** 自行脱党 (threeNoStatus(...).selfWithdrawal) — 党章 art. 9 and 2024 办法: 除名. */
  selfWithdrawal?: boolean;
}

/**
 * The organizational disposal (组织处置) of a member found unqualified — seed 003 §三 and
 * the 2024 《中国共产党不合格党员组织处置办法》. First matching row wins:
 *
 *   | # | facts                                 | disposal               | source                      |
 *   |---|---------------------------------------|------------------------|-----------------------------|
 *   | 1 | voluntary                             | remove_voluntary       | 党章 art. 9; seed 003 自愿退党 |
 *   | 2 | sanctionedForSameIssue                | none                   | 2024 办法 art. 4 (不重复处置)   |
 *   | 3 | selfWithdrawal                        | remove                 | 党章 art. 9 自行脱党 → 除名     |
 *   | 4 | refusesToWithdraw                     | remove                 | 劝而不退 → 除名                |
 *   | 5 | serious                               | remove                 | seed 003 问题严重 → 直接除名    |
 *   | 6 | rectifyFailed                         | persuade_to_withdraw   | 限期改正期满仍无转变 → 劝退      |
 *   | 7 | willingToCorrect (and not serious)    | rectify_within_period  | seed 003 限期改正              |
 *   | 8 | otherwise (no wish to correct)        | persuade_to_withdraw   | 既无改正愿望 → 直接劝其退党      |
 *
 * A member's own request to leave is his right and not a disposal "for the issue", so it
 * precedes the no-double-handling row. `willingToCorrect`/`serious` are read only when the
 * table reaches them (then they must be booleans); every flag given must be a boolean
 * (RulesError('INVALID_INPUT')).
 */
export function disposalFor(facts: DisposalFacts): Disposal {
  if (!isObj(facts)) throw new RulesError('INVALID_INPUT', 'facts 必须是对象');
  const f = facts as unknown as Obj;
  const flags = [
    'willingToCorrect',
    'serious',
    'refusesToWithdraw',
    'voluntary',
    'sanctionedForSameIssue',
    'rectifyFailed',
    'selfWithdrawal',
  ] as const;
  const v: Partial<Record<(typeof flags)[number], boolean>> = {};
  for (const k of flags) v[k] = optBool(f[k], k);
  const need = (k: 'willingToCorrect' | 'serious'): boolean => {
    if (v[k] === undefined) throw new RulesError('INVALID_INPUT', `${k} 必须是布尔值`);
    return v[k] as boolean;
  };

  // SPEC §4.6: already sanctioned for the same issue → none (no double handling), before anything else
  if (v.sanctionedForSameIssue) return 'none';
  if (v.voluntary) return 'remove_voluntary';
  if (v.selfWithdrawal) return 'remove';
  if (v.refusesToWithdraw) return 'remove';
  if (need('serious')) return 'remove';
  if (v.rectifyFailed) return 'persuade_to_withdraw';
  if (need('willingToCorrect')) return 'rectify_within_period';
  return 'persuade_to_withdraw';
}

/** End of a 限期改正 period: startDate + disposal.rectifyMonths months (clamped to month end). */
export function rectifyUntil(startDate: IsoDate, profile?: ExitProfileInput | null): IsoDate {
  return addMonths(startDate, resolveExitProfile(profile).disposal.rectifyMonths);
}
