import type { CommandType, GateViolation } from '../rules';
import type { DeadlineView } from '../deadlines/deadlines.service';
import { Candidate } from './candidate.entity';
import { CandidateEvent } from './candidate-event.entity';
import { CandidateRecord, parseRecord } from './record';

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

export const toCandidateView = (c: Candidate): CandidateView => {
  const record = parseRecord(c.record);
  return {
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
  frontline: !!c.frontline,
  highKnowledge: !!c.highKnowledge,
  idNumberMasked: c.idMasked,
  stage: c.stage,
  deferred: !!c.deferred,
  openComplaints: c.openComplaints,
  probationStart: record.probationStart ?? null,
  probationEnd: record.probationEnd ?? null,
  conversionDecision: record.conversionDecision?.decision ?? null,
  record,
  profile: c.profileStamp,
  createdAt: c.createdAt,
  updatedAt: c.updatedAt,
  };
};

export const toTimelineEntry = (e: CandidateEvent): TimelineEntry => ({
  seq: e.seq,
  type: e.type,
  date: e.occurredOn,
  actor: { sub: e.actorSub, name: e.actorName },
  input: JSON.parse(e.input),
  profile: e.profileStamp,
  recordedAt: e.recordedAt,
});
