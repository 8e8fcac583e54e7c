import type { VoteOutcome } from '@admissions/rules';
import { SessionStatus, VoteExcused, VoteResult, VoteSession } from './vote.entities';

export interface SessionView {
  id: string;
  level: string;
  purpose: string;
  orgId: string;
  planId: string | null;
  meetingDate: string;
  mode: string;
  status: SessionStatus;
  /** Mass assessment: as given; branch meeting: voting members less the excused; committee: the body size. */
  expected: number;
  bodySize: number | null;
  present: number | null;
  excused: { memberId: string; reason: string }[];
  candidateIds: string[];
  papersIssued: number;
  ballotsCast: number;
  writtenOpinions: number;
  profile: string;
  createdAt: string;
  closedAt: string | null;
  voidReason: string | null;
}

/** A session in a list: no candidate ids (a batch may hold 10,000). */
export type SessionSummary = Omit<SessionView, 'excused' | 'candidateIds' | 'ballotsCast' | 'writtenOpinions'> & {
  candidateCount: number;
};

/** What a ballot paper is for (GET /api/ballots/paper): enough to vote, nothing about anyone else. */
export interface PaperView {
  sessionId: string;
  title: string;
  level: string;
  purpose: string;
  meetingDate: string;
  orgName: string;
  candidates: { id: string; name: string }[];
}

export interface ResultLine {
  candidateId: string;
  name: string;
  /** Counted approvals (branch meeting: in the room plus written opinions). */
  approve: number;
  reject: number;
  abstain: number;
  invalid: number;
  /** Branch meeting: the written opinions within the figures above. */
  written?: { approve: number; reject: number; abstain: number };
  base: number;
  required: number;
  passed: boolean;
  reason: string;
  /** false: tallied but not applied to the candidate (see violations). */
  applied: boolean;
  violations?: { code: string; message: string }[];
}

export interface ResultView {
  id: string;
  level: string;
  purpose: string;
  status: SessionStatus;
  quorumMet: boolean | null;
  expected: number;
  present: number | null;
  results: ResultLine[];
  /** Electronic sessions: every accepted ballot's receipt, sorted (never beside its choices). */
  receipts?: string[];
  /** The accountability ledger's head hash when the session closed (SPEC §9). */
  ledgerHead?: string;
  ledgerLength?: number;
  closedAt: string | null;
}

/** A session in a list; the detail view adds what takes more than its own row. */
export function toSessionSummary(s: VoteSession): SessionSummary {
  return {
    id: s.id,
    level: s.level,
    purpose: s.purpose,
    orgId: s.orgId,
    planId: s.planId,
    meetingDate: s.meetingDate,
    mode: s.mode,
    status: s.status,
    expected: s.expected,
    bodySize: s.bodySize,
    present: s.present,
    candidateCount: s.candidateCount,
    papersIssued: s.papersIssued,
    profile: s.profileStamp,
    createdAt: s.createdAt,
    closedAt: s.closedAt,
    voidReason: s.voidReason,
  };
}

export function toSessionView(
  s: VoteSession,
  extra: { excused: VoteExcused[]; candidateIds: string[]; ballotsCast: number; writtenOpinions: number },
): SessionView {
  const { candidateCount: _count, ...summary } = toSessionSummary(s);
  return {
    ...summary,
    excused: extra.excused.map((e) => ({ memberId: e.memberId, reason: e.reason })),
    candidateIds: extra.candidateIds,
    ballotsCast: extra.ballotsCast,
    writtenOpinions: extra.writtenOpinions,
  };
}

export function toResultLine(r: VoteResult, name: string, branchMeeting: boolean): ResultLine {
  return {
    candidateId: r.candidateId,
    name,
    approve: r.approve,
    reject: r.reject,
    abstain: r.abstain,
    invalid: r.invalid,
    ...(branchMeeting
      ? { written: { approve: r.writtenApprove, reject: r.writtenReject, abstain: r.writtenAbstain } }
      : {}),
    base: r.base,
    required: r.required,
    passed: !!r.passed,
    reason: r.reason,
    applied: !!r.applied,
    ...(r.violations ? { violations: JSON.parse(r.violations) as { code: string; message: string }[] } : {}),
  };
}

/** The row kept for one candidate's tally. */
export function resultRow(
  sessionId: string,
  ordinal: number,
  candidateId: string,
  counts: { approve: number; reject: number; abstain: number; invalid: number },
  written: { approve: number; reject: number; abstain: number },
  outcome: VoteOutcome,
  applied: boolean,
  violations: { code: string; message: string }[],
): VoteResult {
  return {
    sessionId,
    ordinal,
    candidateId,
    approve: counts.approve + written.approve,
    reject: counts.reject + written.reject,
    abstain: counts.abstain + written.abstain,
    invalid: counts.invalid,
    writtenApprove: written.approve,
    writtenReject: written.reject,
    writtenAbstain: written.abstain,
    base: outcome.base,
    required: outcome.required,
    passed: outcome.passed,
    reason: outcome.reason,
    applied,
    violations: violations.length ? JSON.stringify(violations) : null,
  };
}
