import { addDays, addMonths, addYears } from './calendar';
import {
  ageOn,
  approvalDue,
  assessmentDueDates,
  complaintDue,
  earliestDevelopmentObjectDate,
  probationEnd,
  publicityWindow,
  talkDue,
  todayIn,
} from './dates';
import { RulesError } from './errors';
import { defaultProfile, parseProfile } from './profile';

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof RulesError) return e.code;
    throw e;
  }
  return undefined;
}

describe('calendar arithmetic clamps to the month end (SPEC §3)', () => {
  it.each`
    date            | months | result
    ${'2026-01-31'} | ${1}   | ${'2026-02-28'}
    ${'2024-01-31'} | ${1}   | ${'2024-02-29'}
    ${'2026-03-31'} | ${-1}  | ${'2026-02-28'}
    ${'2024-03-31'} | ${-1}  | ${'2024-02-29'}
    ${'2026-03-31'} | ${1}   | ${'2026-04-30'}
    ${'2025-08-31'} | ${6}   | ${'2026-02-28'}
    ${'2023-08-31'} | ${6}   | ${'2024-02-29'}
    ${'2025-12-31'} | ${2}   | ${'2026-02-28'}
    ${'2026-02-28'} | ${1}   | ${'2026-03-28'}
    ${'2025-12-15'} | ${1}   | ${'2026-01-15'}
  `('addMonths($date, $months) = $result', ({ date, months, result }) => {
    expect(addMonths(date, months)).toBe(result);
  });

  it.each`
    date            | years | result
    ${'2024-02-29'} | ${1}  | ${'2025-02-28'}
    ${'2024-02-29'} | ${4}  | ${'2028-02-29'}
    ${'2024-02-29'} | ${5}  | ${'2029-02-28'}
    ${'2025-03-01'} | ${1}  | ${'2026-03-01'}
  `('addYears($date, $years) = $result', ({ date, years, result }) => {
    expect(addYears(date, years)).toBe(result);
  });

  it.each`
    date            | days | result
    ${'2026-02-28'} | ${1} | ${'2026-03-01'}
    ${'2024-02-28'} | ${1} | ${'2024-02-29'}
    ${'2025-12-31'} | ${1} | ${'2026-01-01'}
    ${'2026-03-29'} | ${1} | ${'2026-03-30'}
  `('addDays($date, $days) = $result (no DST drift)', ({ date, days, result }) => {
    expect(addDays(date, days)).toBe(result);
  });
});

describe('ageOn: full years', () => {
  it.each`
    birth           | on              | age
    ${'2008-03-15'} | ${'2026-03-14'} | ${17}
    ${'2008-03-15'} | ${'2026-03-15'} | ${18}
    ${'2008-03-15'} | ${'2026-03-16'} | ${18}
    ${'2008-02-29'} | ${'2026-02-27'} | ${17}
    ${'2008-02-29'} | ${'2026-02-28'} | ${18}
    ${'2008-02-29'} | ${'2026-03-01'} | ${18}
    ${'2008-02-29'} | ${'2028-02-28'} | ${19}
    ${'2008-02-29'} | ${'2028-02-29'} | ${20}
    ${'2000-12-31'} | ${'2001-12-30'} | ${0}
    ${'2000-12-31'} | ${'2001-12-31'} | ${1}
    ${'2000-01-01'} | ${'2000-01-01'} | ${0}
    ${'1990-06-15'} | ${'2026-06-14'} | ${35}
  `('born $birth, on $on → $age', ({ birth, on, age }) => {
    expect(ageOn(birth, on)).toBe(age);
  });

  it.each`
    birth           | on              | error
    ${'2008-02-30'} | ${'2026-03-01'} | ${'INVALID_DATE'}
    ${'2008-03-15'} | ${'2026-3-15'}  | ${'INVALID_DATE'}
    ${'2025-02-29'} | ${'2026-03-01'} | ${'INVALID_DATE'}
    ${'2026-03-02'} | ${'2026-03-01'} | ${'DATE_OUT_OF_ORDER'}
  `('ageOn($birth, $on) throws $error', ({ birth, on, error }) => {
    expect(code(() => ageOn(birth, on))).toBe(error);
  });
});

describe('talkDue: + 1 month (细则)', () => {
  it.each`
    application     | due
    ${'2026-01-31'} | ${'2026-02-28'}
    ${'2024-01-31'} | ${'2024-02-29'}
    ${'2026-03-31'} | ${'2026-04-30'}
    ${'2026-12-15'} | ${'2027-01-15'}
    ${'2026-02-28'} | ${'2026-03-28'}
  `('$application → $due', ({ application, due }) => {
    expect(talkDue(application)).toBe(due);
  });
});

describe('earliestDevelopmentObjectDate: + 12 months ("一年以上")', () => {
  it.each`
    activist        | earliest
    ${'2025-03-01'} | ${'2026-03-01'}
    ${'2024-02-29'} | ${'2025-02-28'}
    ${'2023-02-28'} | ${'2024-02-28'}
    ${'2025-12-31'} | ${'2026-12-31'}
  `('$activist → $earliest', ({ activist, earliest }) => {
    expect(earliestDevelopmentObjectDate(activist)).toBe(earliest);
  });

  it('follows a tightened profile', () => {
    const p = defaultProfile();
    p.activist.minMonths = 18;
    expect(earliestDevelopmentObjectDate('2025-08-31', p)).toBe('2027-02-28');
  });
});

describe('assessmentDueDates: activistDate + 6k months, each from the activist date', () => {
  it.each`
    activist        | until           | dates
    ${'2025-08-31'} | ${'2027-03-01'} | ${['2026-02-28', '2026-08-31', '2027-02-28']}
    ${'2025-08-31'} | ${'2026-08-31'} | ${['2026-02-28', '2026-08-31']}
    ${'2025-08-31'} | ${'2026-08-30'} | ${['2026-02-28']}
    ${'2025-08-31'} | ${'2026-02-27'} | ${[]}
    ${'2025-08-31'} | ${'2025-08-31'} | ${[]}
    ${'2025-08-31'} | ${'2025-01-01'} | ${[]}
    ${'2023-08-31'} | ${'2024-12-31'} | ${['2024-02-29', '2024-08-31']}
    ${'2024-02-29'} | ${'2026-03-01'} | ${['2024-08-29', '2025-02-28', '2025-08-29', '2026-02-28']}
  `('$activist until $until → $dates', ({ activist, until, dates }) => {
    expect(assessmentDueDates(activist, until)).toEqual(dates);
  });

  it('throws INVALID_DATE for a malformed date', () => {
    expect(code(() => assessmentDueDates('2025-08-31', '2026-13-01'))).toBe('INVALID_DATE');
  });
});

describe('publicityWindow: end = start + days − 1 (inclusive)', () => {
  it.each`
    start           | days         | end
    ${'2026-03-25'} | ${undefined} | ${'2026-03-31'}
    ${'2026-03-25'} | ${7}         | ${'2026-03-31'}
    ${'2026-03-25'} | ${15}        | ${'2026-04-08'}
    ${'2026-02-22'} | ${7}         | ${'2026-02-28'}
    ${'2024-02-23'} | ${7}         | ${'2024-02-29'}
    ${'2025-12-28'} | ${7}         | ${'2026-01-03'}
    ${'2026-03-25'} | ${10}        | ${'2026-04-03'}
  `('$start, $days days → ends $end', ({ start, days, end }) => {
    const w = publicityWindow(start, days);
    expect(w).toEqual({ start, end, days: days ?? 7 });
  });

  it.each([6, 16, 0, -7, 7.5, Number.NaN])('%p days throws PUBLICITY_DAYS_OUT_OF_RANGE', (days) => {
    expect(code(() => publicityWindow('2026-03-25', days))).toBe('PUBLICITY_DAYS_OUT_OF_RANGE');
  });

  it('the example city (15 days fixed): default 15, 7 is out of range', () => {
    const city = parseProfile({
      id: 'example-city',
      publicity: { minDays: 15, maxDays: 15, defaultDays: 15 },
      plan: { required: true },
    });
    expect(publicityWindow('2026-03-25', undefined, city)).toEqual({
      start: '2026-03-25',
      end: '2026-04-08',
      days: 15,
    });
    expect(code(() => publicityWindow('2026-03-25', 7, city))).toBe('PUBLICITY_DAYS_OUT_OF_RANGE');
    expect(code(() => publicityWindow('2026-03-25', 14, city))).toBe('PUBLICITY_DAYS_OUT_OF_RANGE');
  });

  it('throws INVALID_DATE for a malformed start', () => {
    expect(code(() => publicityWindow('2026-02-29'))).toBe('INVALID_DATE');
  });
});

describe('complaintDue: + 7 days (seed 004)', () => {
  it.each`
    received        | due
    ${'2026-03-25'} | ${'2026-04-01'}
    ${'2026-02-25'} | ${'2026-03-04'}
    ${'2024-02-25'} | ${'2024-03-03'}
    ${'2025-12-28'} | ${'2026-01-04'}
  `('$received → $due', ({ received, due }) => {
    expect(complaintDue(received)).toBe(due);
  });
});

describe('approvalDue: + 3 months (细则)', () => {
  it.each`
    resolution      | due
    ${'2026-01-31'} | ${'2026-04-30'}
    ${'2025-11-30'} | ${'2026-02-28'}
    ${'2023-11-30'} | ${'2024-02-29'}
    ${'2026-03-10'} | ${'2026-06-10'}
  `('$resolution → $due', ({ resolution, due }) => {
    expect(approvalDue(resolution)).toBe(due);
  });
});

describe('probationEnd: (start + 12 months) + extension, each step clamped', () => {
  it.each`
    start           | extension    | end
    ${'2026-03-10'} | ${undefined} | ${'2027-03-10'}
    ${'2024-02-29'} | ${undefined} | ${'2025-02-28'}
    ${'2024-02-29'} | ${0}         | ${'2025-02-28'}
    ${'2024-02-29'} | ${12}        | ${'2026-02-28'}
    ${'2024-02-29'} | ${6}         | ${'2025-08-28'}
    ${'2025-08-31'} | ${6}         | ${'2027-02-28'}
    ${'2024-08-31'} | ${6}         | ${'2026-02-28'}
    ${'2023-08-31'} | ${6}         | ${'2025-02-28'}
    ${'2022-08-31'} | ${6}         | ${'2024-02-29'}
    ${'2025-01-31'} | ${7}         | ${'2026-08-31'}
  `('$start + $extension → $end', ({ start, extension, end }) => {
    expect(probationEnd(start, extension)).toBe(end);
  });

  it.each`
    extension | error
    ${5}      | ${'EXTENSION_OUT_OF_RANGE'}
    ${13}     | ${'EXTENSION_OUT_OF_RANGE'}
    ${-1}     | ${'INVALID_COUNT'}
    ${6.5}    | ${'INVALID_COUNT'}
  `('extension $extension throws $error', ({ extension, error }) => {
    expect(code(() => probationEnd('2026-03-10', extension))).toBe(error);
  });

  it.each([
    ['talkDue', () => talkDue('2026-02-30')],
    ['earliestDevelopmentObjectDate', () => earliestDevelopmentObjectDate('20260101')],
    ['complaintDue', () => complaintDue('')],
    ['approvalDue', () => approvalDue('2026-1-1')],
    ['probationEnd', () => probationEnd('not a date')],
  ])('%s throws INVALID_DATE for a malformed date', (_name, fn) => {
    expect(code(fn)).toBe('INVALID_DATE');
  });
});

describe('todayIn: the calendar date in the profile time zone', () => {
  it.each`
    instant                       | zone                  | today
    ${'2026-03-24T15:59:59.999Z'} | ${undefined}          | ${'2026-03-24'}
    ${'2026-03-24T16:00:00.000Z'} | ${undefined}          | ${'2026-03-25'}
    ${'2026-03-24T16:00:00.000Z'} | ${'Asia/Shanghai'}    | ${'2026-03-25'}
    ${'2026-03-24T16:00:00.000Z'} | ${'UTC'}              | ${'2026-03-24'}
    ${'2024-02-28T16:00:00.000Z'} | ${'Asia/Shanghai'}    | ${'2024-02-29'}
    ${'2025-12-31T16:00:00.000Z'} | ${'Asia/Shanghai'}    | ${'2026-01-01'}
    ${'2026-03-25T03:00:00.000Z'} | ${'America/New_York'} | ${'2026-03-24'}
  `('$instant in $zone → $today', ({ instant, zone, today }) => {
    expect(todayIn(new Date(instant), zone)).toBe(today);
  });

  it.each`
    now                     | zone           | error
    ${new Date('nonsense')} | ${'UTC'}       | ${'INVALID_DATE'}
    ${new Date(0)}          | ${'Mars/Base'} | ${'INVALID_TIME_ZONE'}
  `('throws $error', ({ now, zone, error }) => {
    expect(code(() => todayIn(now, zone))).toBe(error);
  });
});
