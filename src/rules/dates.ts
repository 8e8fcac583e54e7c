import { IsoDate, addDays, addMonths, addYears, compareDates, toDate } from './calendar';
import { RulesError } from './errors';
import { Profile, resolveProfile } from './profile';

/**
 * Full years on `onDate`: the largest n with birthDate + n years ≤ onDate, in the clamped
 * year arithmetic of SPEC §3 — so someone born on 29 February is a year older on
 * 28 February of a common year (2008-02-29 + 18 years = 2026-02-28).
 */
export function ageOn(birthDate: IsoDate, onDate: IsoDate): number {
  toDate(birthDate, 'birthDate');
  toDate(onDate, 'onDate');
  if (compareDates(onDate, birthDate) < 0) {
    throw new RulesError('DATE_OUT_OF_ORDER', `日期 ${onDate} 早于出生日期 ${birthDate}`);
  }
  let years = Number(onDate.slice(0, 4)) - Number(birthDate.slice(0, 4));
  while (years > 0 && compareDates(addYears(birthDate, years), onDate) > 0) years -= 1;
  return years;
}

/** 细则: the party organisation talks with the applicant within one month. */
export function talkDue(applicationDate: IsoDate, profile?: Profile): IsoDate {
  return addMonths(applicationDate, resolveProfile(profile).application.talkWithinMonths);
}

/** 细则 "一年以上": the first day a development-object decision is allowed. */
export function earliestDevelopmentObjectDate(activistDate: IsoDate, profile?: Profile): IsoDate {
  return addMonths(activistDate, resolveProfile(profile).activist.minMonths);
}

/**
 * activistDate + 6k months (k ≥ 1), each computed from activistDate (so 2025-08-31 gives
 * 2026-02-28 and then 2026-08-31, not 2026-08-28), up to and including untilDate.
 */
export function assessmentDueDates(activistDate: IsoDate, untilDate: IsoDate, profile?: Profile): IsoDate[] {
  toDate(activistDate, 'activistDate');
  toDate(untilDate, 'untilDate');
  const every = resolveProfile(profile).activist.assessmentEveryMonths;
  if (!Number.isSafeInteger(every) || every < 1) {
    throw new RulesError('PROFILE_INVALID', `activist.assessmentEveryMonths 应为正整数: ${every}`);
  }
  const out: IsoDate[] = [];
  for (let k = 1; ; k++) {
    const due = addMonths(activistDate, every * k);
    if (due > untilDate) return out;
    out.push(due);
  }
}

export interface PublicityWindow {
  start: IsoDate;
  /** The last day of the window (inclusive). */
  end: IsoDate;
  days: number;
}

/** end = start + days − 1: a 7-day notice from 2026-03-25 runs to 2026-03-31 inclusive. */
export function publicityWindow(startDate: IsoDate, days?: number, profile?: Profile): PublicityWindow {
  const p = resolveProfile(profile).publicity;
  toDate(startDate, 'startDate');
  const d = days ?? p.defaultDays;
  if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < p.minDays || d > p.maxDays) {
    throw new RulesError(
      'PUBLICITY_DAYS_OUT_OF_RANGE',
      `公示天数应为 ${p.minDays} 至 ${p.maxDays} 天之间的整数（现为 ${String(d)}）`,
    );
  }
  return { start: startDate, end: addDays(startDate, d - 1), days: d };
}

/** seed 004: complaints are verified within a week of receipt. */
export function complaintDue(receivedOn: IsoDate, profile?: Profile): IsoDate {
  return addDays(receivedOn, resolveProfile(profile).complaints.verifyWithinDays);
}

/** 细则: the committee approves within 3 months of the branch meeting resolution. */
export function approvalDue(branchResolutionDate: IsoDate, profile?: Profile): IsoDate {
  return addMonths(branchResolutionDate, resolveProfile(profile).approval.withinMonths);
}

/**
 * 细则: probation is 12 months from the branch meeting resolution, plus an extension of
 * 6..12 months; added in one step from the start (2024-08-31 + 18 months = 2026-02-28).
 */
export function probationEnd(probationStart: IsoDate, extensionMonths = 0, profile?: Profile): IsoDate {
  const p = resolveProfile(profile).probation;
  if (!Number.isSafeInteger(extensionMonths) || extensionMonths < 0) {
    throw new RulesError('INVALID_COUNT', `延长预备期月数应为非负整数: ${String(extensionMonths)}`);
  }
  if (extensionMonths !== 0 && (extensionMonths < p.extension.minMonths || extensionMonths > p.extension.maxMonths)) {
    throw new RulesError(
      'EXTENSION_OUT_OF_RANGE',
      `延长预备期应为 ${p.extension.minMonths} 至 ${p.extension.maxMonths} 个月（现为 ${extensionMonths}）`,
    );
  }
  // The extension moves the end of the year's probation: (start + 12 months) + extension, each clamped.
  const end = addMonths(probationStart, p.months);
  return extensionMonths === 0 ? end : addMonths(end, extensionMonths);
}

/**
 * The calendar date of the instant `now` in `timeZone` (default: the profile's), for the
 * service's injectable clock: "today" is always computed in the profile's zone (SPEC §3).
 */
export function todayIn(now: Date, timeZone?: string, profile?: Profile): IsoDate {
  const zone = timeZone ?? resolveProfile(profile).timeZone;
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) {
    throw new RulesError('INVALID_DATE', `无效的时刻: ${String(now)}`);
  }
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).formatToParts(now);
  } catch {
    throw new RulesError('INVALID_TIME_ZONE', `无效的时区: ${zone}`);
  }
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year').padStart(4, '0')}-${get('month')}-${get('day')}`;
}
