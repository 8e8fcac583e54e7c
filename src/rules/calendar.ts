import { addDays as dfAddDays, addMonths as dfAddMonths, differenceInCalendarDays } from 'date-fns';
import { RulesError } from './errors';

/** A calendar date, `YYYY-MM-DD`, in the profile's time zone. */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A date's year, month (1–12) and day, or null when it is no real calendar date — remembered by
 * its string: a vote's close decides 10,000 candidates on the same few dates, and each decision
 * parses and checks each date several times. Bounded: emptied when full.
 */
const parsed = new Map<string, readonly [number, number, number] | null>();
const PARSED_MAX = 4096;

function partsOf(value: string): readonly [number, number, number] | null {
  let parts = parsed.get(value);
  if (parts === undefined) {
    parts = parse(value);
    if (parsed.size >= PARSED_MAX) parsed.clear();
    parsed.set(value, parts);
  }
  return parts;
}

function parse(value: string): readonly [number, number, number] | null {
  const m = ISO_DATE.exec(value);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(y, mo - 1, d);
  return date.getFullYear() === y && date.getMonth() === mo - 1 && date.getDate() === d ? [y, mo, d] : null;
}

/** True when `value` is a real calendar date in `YYYY-MM-DD` form (2025-02-29 is not). */
export function isIsoDate(value: unknown): value is IsoDate {
  return typeof value === 'string' && partsOf(value) !== null;
}

/** Parses to a local-midnight Date; only for arithmetic inside this module. */
export function toDate(value: IsoDate, field = 'date'): Date {
  const parts = typeof value === 'string' ? partsOf(value) : null;
  if (!parts) throw new RulesError('INVALID_DATE', `${field} 不是有效日期（YYYY-MM-DD）: ${String(value)}`);
  return new Date(parts[0], parts[1] - 1, parts[2]);
}

/** Throws INVALID_DATE as toDate does, without making a Date. */
function check(value: IsoDate, field = 'date'): void {
  if (typeof value !== 'string' || !partsOf(value))
    throw new RulesError('INVALID_DATE', `${field} 不是有效日期（YYYY-MM-DD）: ${String(value)}`);
}

export function fromDate(date: Date): IsoDate {
  const y = String(date.getFullYear()).padStart(4, '0');
  const m = String(date.getMonth() + 1).padStart(2, '0');
  const d = String(date.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

/** Sums already computed, by the number added and the date (the same few dates again and again, as above). */
const sums = { months: new Map<number, Map<string, IsoDate>>(), days: new Map<number, Map<string, IsoDate>>() };

function remembered(kind: keyof typeof sums, date: IsoDate, n: number, compute: () => IsoDate): IsoDate {
  let byDate = sums[kind].get(n);
  if (!byDate) sums[kind].set(n, (byDate = new Map()));
  let sum = byDate.get(date);
  if (sum === undefined) {
    sum = compute();
    if (byDate.size >= PARSED_MAX) byDate.clear();
    byDate.set(date, sum);
  }
  return sum;
}

/** Month arithmetic clamps to the month's last day: 2026-01-31 + 1 month = 2026-02-28. */
export function addMonths(date: IsoDate, months: number): IsoDate {
  return remembered('months', date, months, () => fromDate(dfAddMonths(toDate(date), months)));
}

/** 2024-02-29 + 1 year = 2025-02-28. */
export function addYears(date: IsoDate, years: number): IsoDate {
  return addMonths(date, years * 12);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return remembered('days', date, days, () => fromDate(dfAddDays(toDate(date), days)));
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return differenceInCalendarDays(toDate(to), toDate(from));
}

/** ISO dates compare correctly as strings once validated. */
export function compareDates(a: IsoDate, b: IsoDate): number {
  check(a);
  check(b);
  return a < b ? -1 : a > b ? 1 : 0;
}
