import type { CandidateRecord, CandidateState, CommandType, GateViolation } from '@admissions/rules';
import type { DeadlineView } from '../deadlines';
import { CandidateEvent as EventRow } from './candidate-event.entity';
import { toEvent } from './projection';

export interface CandidateView {
  id: string;
  orgId: string;
  name: string;
  gender: string;
  birthDate: string;
  applicationDate: string;
  ethnicity: string | null;
  education: string | null;
  occupation: string | null;
  workUnit: string | null;
  frontline: boolean;
  highKnowledge: boolean;
  /** e.g. 3301**********1234; the number itself is never stored. */
  idNumberMasked: string | null;
  stage: string;
  deferred: boolean;
  openComplaints: number;
  /** Probation dates and, until the branch acts on it, what the conversion votes decided (SPEC §7.4). */
  probationStart: string | null;
  probationEnd: string | null;
  conversionDecision: string | null;
  record: CandidateRecord;
  profile: string;
  createdAt: string;
  updatedAt: string;
}

export interface TimelineEntry {
  seq: number;
  type: string;
  date: string;
  actor: { sub: string; name: string };
  input: unknown;
  profile: string;
  recordedAt: string;
  /** Seqs of the step corrections that amended this step (SPEC §13). */
  correctedBy?: number[];
}

export interface NextCommand {
  command: CommandType;
  ok: boolean;
  violations: GateViolation[];
}

export interface CandidateDetail extends CandidateView {
  timeline: TimelineEntry[];
  next: NextCommand[];
  deadlines: DeadlineView[];
}

export const toCandidateView = (c: CandidateState): CandidateView => ({
  id: c.id,
  orgId: c.orgId,
  name: c.name,
  gender: c.gender,
  birthDate: c.birthDate,
  applicationDate: c.applicationDate,
  ethnicity: c.ethnicity,
  education: c.education,
  occupation: c.occupation,
  workUnit: c.workUnit,
  frontline: c.frontline,
  highKnowledge: c.highKnowledge,
  idNumberMasked: c.idMasked,
  stage: c.stage,
  deferred: c.deferred,
  openComplaints: c.openComplaints,
  probationStart: c.record.probationStart ?? null,
  probationEnd: c.record.probationEnd ?? null,
  conversionDecision: c.record.conversionDecision?.decision ?? null,
  record: c.record,
  profile: c.profileStamp,
  createdAt: c.createdAt,
  updatedAt: c.updatedAt,
});

/**
 * The timeline as branches read it: every event as recorded, a corrected step marked with
 * the seqs of its corrections; the ID number's digest is the server's, not the reader's.
 */
export function toTimeline(rows: readonly EventRow[]): TimelineEntry[] {
  const events = rows.map(toEvent);
  const corrections = new Map<number, number[]>();
  for (const e of events)
    if (e.type === 'step-correction') corrections.set(e.data.seq, [...(corrections.get(e.data.seq) ?? []), e.seq]);
  return events.map((e, i) => {
    const { idDigest: _digest, ...input } = e.data as Record<string, unknown>;
    return {
      seq: e.seq,
      type: e.type,
      date: e.date,
      actor: { sub: rows[i].actorSub, name: rows[i].actorName },
      input,
      profile: e.profileStamp,
      recordedAt: e.recordedAt,
      ...(corrections.has(e.seq) ? { correctedBy: corrections.get(e.seq) } : {}),
    };
  });
}
