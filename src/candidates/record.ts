import type { CandidateFacts, ConversionDecision, IsoDate } from '../rules';

/** A publicity notice as the candidate's record keeps it. */
export interface PublicityRecord {
  noticeId: string;
  startDate: IsoDate;
  end: IsoDate;
  /** Set when the notice was closed (by command or by its job). */
  closedOn?: IsoDate;
}

/**
 * The pipeline history the gates read, stored as JSON on the candidate and changed only
 * by commands (each also leaves an immutable timeline event). Members are kept by id and
 * resolved against the roster when the gates run, so a later loss of voting rights counts.
 */
export interface CandidateRecord
  extends Pick<
    CandidateFacts,
    | 'talkDate'
    | 'activistDate'
    | 'assessments'
    | 'developmentObjectDate'
    | 'politicalReview'
    | 'trainings'
    | 'preReview'
    | 'votes'
    | 'approvalTalkDate'
    | 'probationStart'
    | 'probationEnd'
    | 'oathDate'
    | 'visits'
    | 'conversionApplicationDate'
    | 'extensionsUsed'
    | 'deferredOn'
  > {
  priorRemoval?: { kind: 'persuaded' | 'removed'; on: IsoDate };
  cultivatorIds?: string[];
  introducerIds?: string[];
  admissionPublicity?: PublicityRecord;
  conversionPublicity?: PublicityRecord;
  /** What the conversion votes decided (conversionDecision), shown until the branch acts on it. */
  conversionDecision?: { decision: ConversionDecision; decidedOn: IsoDate };
  /** Converted to full membership, dated the probation end (SPEC §7.4). */
  fullMemberOn?: IsoDate;
  /** Closing date of a terminal stage, with its reason. */
  closedOn?: IsoDate;
  closedReason?: string;
}

export function parseRecord(json: string): CandidateRecord {
  return JSON.parse(json) as CandidateRecord;
}

/** A publicity passes once its window is over (or it was closed) and nothing is open against the candidate. */
export function publicityFacts(p: PublicityRecord | undefined, today: IsoDate, openComplaints: number): CandidateFacts['admissionPublicity'] {
  if (!p) return undefined;
  const over = p.closedOn !== undefined || today > p.end;
  return { startDate: p.startDate, end: p.end, passed: over && openComplaints === 0 };
}

/**
 * The admission round starts over when pre-review fails and the candidate returns to
 * activist (Rules decisions): its publicity, pre-review, votes and approval talk no longer count.
 * Cultivation records of the person (training, political review, introducers) stay.
 */
export function clearAdmissionRound(r: CandidateRecord): void {
  delete r.admissionPublicity;
  delete r.preReview;
  delete r.approvalTalkDate;
  delete r.developmentObjectDate;
  if (r.votes) delete r.votes.admission;
}

/**
 * An extension starts the conversion round over (Rules decisions): the member applies again
 * when the extended probation ends, with fresh publicity and votes.
 */
export function clearConversionRound(r: CandidateRecord): void {
  delete r.conversionApplicationDate;
  delete r.conversionPublicity;
  if (r.votes) delete r.votes.conversion;
}
