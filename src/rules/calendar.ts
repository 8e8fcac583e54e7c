import { addDays as dfAddDays, addMonths as dfAddMonths, differenceInCalendarDays } from 'date-fns';
import { RulesError } from './errors';

/** A calendar date, `YYYY-MM-DD`, in the profile's time zone. */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when `value` is a real calendar date in `YYYY-MM-DD` form (2025-02-29 is not). */
export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string') return false;
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(y, mo - 1, d);
  return date.getFullYear() === y && date.getMonth() === mo - 1 && date.getDate() === d;
}

/** Parses to a local-midnight Date; only for arithmetic inside this module. */
export function toDate(value: IsoDate, field = 'date'): Date {
  if (!isIsoDate(value)) throw new RulesError('INVALID_DATE', `${field} 不是有效日期（YYYY-MM-DD）: ${String(value)}`);
  const m = ISO_DATE.exec(value)!;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

export function fromDate(date: Date): IsoDate {
  const y = String(date.getFullYear()).padStart(4, '0');
  const m = String(date.getMonth() + 1).padStart(2, '0');
  const d = String(date.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

/** Month arithmetic clamps to the month's last day: 2026-01-31 + 1 month = 2026-02-28. */
export function addMonths(date: IsoDate, months: number): IsoDate {
  return fromDate(dfAddMonths(toDate(date), months));
}

/** 2024-02-29 + 1 year = 2025-02-28. */
export function addYears(date: IsoDate, years: number): IsoDate {
  return addMonths(date, years * 12);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDate(dfAddDays(toDate(date), days));
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return differenceInCalendarDays(toDate(to), toDate(from));
}

/** ISO dates compare correctly as strings once validated. */
export function compareDates(a: IsoDate, b: IsoDate): number {
  toDate(a);
  toDate(b);
  return a < b ? -1 : a > b ? 1 : 0;
}
