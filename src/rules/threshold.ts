import { RulesError } from './errors';

/** A fraction threshold, applied by integer cross-multiplication (never floating point). */
export interface Threshold {
  num: number;
  den: number;
  inclusive: boolean;
}

function checkCount(value: number, field: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RulesError('INVALID_COUNT', `${field} 必须是非负整数: ${String(value)}`);
  }
}

function checkThreshold(t: Threshold): void {
  if (!Number.isSafeInteger(t.num) || !Number.isSafeInteger(t.den) || t.num < 0 || t.den <= 0 || t.num > t.den) {
    throw new RulesError('INVALID_THRESHOLD', `无效的比例阈值: ${t.num}/${t.den}`);
  }
}

/** inclusive: count·den ≥ num·base; exclusive: count·den > num·base. */
export function passes(count: number, base: number, t: Threshold): boolean {
  checkCount(count, 'count');
  checkCount(base, 'base');
  checkThreshold(t);
  const lhs = BigInt(count) * BigInt(t.den);
  const rhs = BigInt(t.num) * BigInt(base);
  return t.inclusive ? lhs >= rhs : lhs > rhs;
}

/** The smallest integer count that passes: ½ inclusive of 7 → 4; ½ exclusive of 10 → 6. */
export function required(base: number, t: Threshold): number {
  checkCount(base, 'base');
  checkThreshold(t);
  const product = BigInt(t.num) * BigInt(base);
  const den = BigInt(t.den);
  const ceil = (product + den - 1n) / den;
  // exclusive needs strictly more: when product divides evenly, ceil·den == product fails.
  const n = !t.inclusive && ceil * den === product ? ceil + 1n : ceil;
  return Number(n);
}

/**
 * True when `t` is at least as strict as `floor`: a larger fraction, or the same fraction
 * where `t` is exclusive or `floor` is inclusive (½ exclusive is stricter than ½ inclusive).
 * Used to let a profile tighten a national floor but never loosen it.
 */
export function atLeastAsStrict(t: Threshold, floor: Threshold): boolean {
  checkThreshold(t);
  checkThreshold(floor);
  const c = compareFractions(t.num, t.den, floor.num, floor.den);
  if (c !== 0) return c > 0;
  return !t.inclusive || floor.inclusive;
}

/** a/b ≤ c/d style comparison of two fractions of the same kind, by cross-multiplication. */
export function compareFractions(an: number, ad: number, bn: number, bd: number): number {
  const l = BigInt(an) * BigInt(bd);
  const r = BigInt(bn) * BigInt(ad);
  return l < r ? -1 : l > r ? 1 : 0;
}
