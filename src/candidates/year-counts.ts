import { ageOn, type CandidateState } from '@admissions/rules';

/** Closing stages counted in the funnel's `flow` by their closing date (record.closedOn). */
export const CLOSINGS = ['rejected', 'withdrawn', 'cancelled', 'transferred'] as const;

/** The funnel's flow steps (SPEC §11), each dated by a date of the candidate's record as it stands now. */
export const STEPS = ['applications', 'activists', 'developmentObjects', 'probationary', 'fullMembers'] as const;

/** The structure of a year's intake: among those whose probation started in the year (`probationary`). */
export const INTAKE = ['under35', 'women', 'minorities', 'frontline', 'highKnowledge'] as const;

export type YearFigure = (typeof STEPS)[number] | (typeof CLOSINGS)[number] | (typeof INTAKE)[number];

/** Under 35 = age on the probation start below 35 (SPEC §11). */
export const YOUNG_BELOW = 35;
const HAN = '汉族';

type Counted = Pick<
  CandidateState,
  'applicationDate' | 'stage' | 'record' | 'birthDate' | 'gender' | 'ethnicity' | 'frontline' | 'highKnowledge'
>;

/**
 * The report figures a candidate counts toward, each with its year: the year of the step's date
 * (a step undone — a designation cleared by a failed pre-review — is no longer in the record,
 * so no longer counted), the closing stage by its closing date, and the intake's groups in the
 * year of the probation start. candidate_year_counts holds their sums per branch; the migration
 * that fills it computes the same in SQL (1763770500000-candidate-year-counts.ts).
 */
export function yearFiguresOf(c: Counted): [number, YearFigure][] {
  const r = c.record;
  const out: [number, YearFigure][] = [];
  const at = (date: string | undefined, figure: YearFigure) => {
    if (date) out.push([Number(date.slice(0, 4)), figure]);
  };
  at(c.applicationDate, 'applications');
  at(r.activistDate, 'activists');
  at(r.developmentObjectDate, 'developmentObjects');
  at(r.fullMemberOn, 'fullMembers');
  if ((CLOSINGS as readonly string[]).includes(c.stage)) at(r.closedOn, c.stage as YearFigure);
  const start = r.probationStart;
  if (start) {
    at(start, 'probationary');
    // A probation start before the birth date cannot be entered; such a record would count as young.
    if (start < c.birthDate || ageOn(c.birthDate, start) < YOUNG_BELOW) at(start, 'under35');
    if (c.gender === 'female') at(start, 'women');
    const ethnicity = c.ethnicity?.trim();
    if (ethnicity && ethnicity !== HAN) at(start, 'minorities');
    if (c.frontline) at(start, 'frontline');
    if (c.highKnowledge) at(start, 'highKnowledge');
  }
  return out;
}
