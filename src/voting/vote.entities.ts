import { Column, Entity, PrimaryColumn } from 'typeorm';

export const VOTE_LEVELS = ['mass_assessment', 'branch_meeting', 'committee'] as const;
export type VoteLevelName = (typeof VOTE_LEVELS)[number];
export const SESSION_PURPOSES = ['admission', 'conversion', 'plan'] as const;
export type SessionPurpose = (typeof SESSION_PURPOSES)[number];
export const VOTE_MODES = ['paper', 'electronic'] as const;
export const SESSION_STATUSES = ['open', 'closed', 'void'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];
export type VoteMode = (typeof VOTE_MODES)[number];
/** The five recognised reasons a voting member is left out of `expected` (细则). */
export const EXCUSE_REASONS = [
  'mental_illness',
  'abroad_over_6_months',
  'detained',
  'bedridden',
  'away_over_6_months',
] as const;
export type ExcuseReason = (typeof EXCUSE_REASONS)[number];

/** One vote of one level on a batch of candidates (SPEC §7.1). */
@Entity('vote_sessions')
export class VoteSession {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ type: 'varchar', length: 20 }) level: VoteLevelName;
  @Column({ type: 'varchar', length: 12 }) purpose: SessionPurpose;
  /** The organization holding the vote; its path scopes the session. */
  @Column({ type: 'varchar', length: 36, name: 'org_id' }) orgId: string;
  @Column({ type: 'varchar', length: 400, name: 'org_path' }) orgPath: string;
  @Column({ type: 'varchar', length: 36, nullable: true, name: 'plan_id' }) planId: string | null;
  @Column({ type: 'varchar', length: 10, name: 'meeting_date' }) meetingDate: string;
  @Column({ type: 'varchar', length: 12 }) mode: VoteMode;
  @Column({ type: 'varchar', length: 10 }) status: SessionStatus;
  @Column({ type: 'integer', name: 'candidate_count' }) candidateCount: number;
  /** Mass assessment: as given; branch meeting: voting members less the excused; committee: the body size. */
  @Column({ type: 'integer' }) expected: number;
  @Column({ type: 'integer', nullable: true, name: 'body_size' }) bodySize: number | null;
  /** null until attendance is recorded. */
  @Column({ type: 'integer', nullable: true }) present: number | null;
  @Column({ type: 'integer', name: 'papers_issued' }) papersIssued: number;
  /** Electronic: the public key ballots are sealed to (hex), set when the first papers are issued (SPEC §7.3). */
  @Column({ type: 'varchar', length: 64, nullable: true, name: 'seal_key' }) sealKey: string | null;
  @Column({ type: 'boolean', nullable: true, name: 'quorum_met' }) quorumMet: boolean | null;
  @Column({ type: 'integer', nullable: true, name: 'ledger_length' }) ledgerLength: number | null;
  /** The accountability ledger's head hash when the session closed (SPEC §9). */
  @Column({ type: 'varchar', length: 64, nullable: true, name: 'ledger_head' }) ledgerHead: string | null;
  @Column({ type: 'varchar', length: 60, name: 'profile_stamp' }) profileStamp: string;
  @Column({ type: 'varchar', length: 100, name: 'created_by' }) createdBy: string;
  @Column({ type: 'varchar', length: 32, name: 'created_at' }) createdAt: string;
  @Column({ type: 'varchar', length: 100, nullable: true, name: 'closed_by' }) closedBy: string | null;
  @Column({ type: 'varchar', length: 32, nullable: true, name: 'closed_at' }) closedAt: string | null;
  /** Set when the session was voided (then closedBy/closedAt say who and when). */
  @Column({ type: 'text', nullable: true, name: 'void_reason' }) voidReason: string | null;
}

@Entity('vote_candidates')
export class VoteCandidate {
  @PrimaryColumn({ type: 'varchar', length: 36, name: 'session_id' }) sessionId: string;
  /** Index of the candidate's choice in every ballot of the session. */
  @PrimaryColumn({ type: 'integer' }) ordinal: number;
  @Column({ type: 'varchar', length: 36, name: 'candidate_id' }) candidateId: string;
}

@Entity('vote_excused')
export class VoteExcused {
  @PrimaryColumn({ type: 'varchar', length: 36, name: 'session_id' }) sessionId: string;
  @PrimaryColumn({ type: 'varchar', length: 36, name: 'member_id' }) memberId: string;
  @Column({ type: 'varchar', length: 30 }) reason: ExcuseReason;
}

@Entity('vote_attendance')
export class VoteAttendance {
  @PrimaryColumn({ type: 'varchar', length: 36, name: 'session_id' }) sessionId: string;
  @PrimaryColumn({ type: 'varchar', length: 36, name: 'member_id' }) memberId: string;
}

/** An absent voting member's written opinion (branch meeting; not secret). */
@Entity('vote_written_opinions')
export class WrittenOpinion {
  @PrimaryColumn({ type: 'varchar', length: 36, name: 'session_id' }) sessionId: string;
  @PrimaryColumn({ type: 'varchar', length: 36, name: 'member_id' }) memberId: string;
  /** JSON {candidateId: 'approve'|'reject'|'abstain'}. */
  @Column({ type: 'text' }) choices: string;
  @Column({ type: 'varchar', length: 100, name: 'recorded_by' }) recordedBy: string;
  @Column({ type: 'varchar', length: 32, name: 'recorded_at' }) recordedAt: string;
}

/** The tellers' count of paper ballots for one candidate. */
@Entity('vote_counts')
export class VoteCount {
  @PrimaryColumn({ type: 'varchar', length: 36, name: 'session_id' }) sessionId: string;
  @PrimaryColumn({ type: 'varchar', length: 36, name: 'candidate_id' }) candidateId: string;
  @Column({ type: 'integer' }) approve: number;
  @Column({ type: 'integer' }) reject: number;
  @Column({ type: 'integer' }) abstain: number;
  @Column({ type: 'integer' }) invalid: number;
}

/** THAT a branch-meeting member received a ballot paper — never which code. */
@Entity('vote_paper_recipients')
export class PaperRecipient {
  @PrimaryColumn({ type: 'varchar', length: 36, name: 'session_id' }) sessionId: string;
  @PrimaryColumn({ type: 'varchar', length: 36, name: 'member_id' }) memberId: string;
}

/** A one-time ballot code, stored only as its sha256; `used` is the participation record. */
@Entity('ballot_codes')
export class BallotCode {
  @PrimaryColumn({ type: 'varchar', length: 64, name: 'code_hash' }) codeHash: string;
  @Column({ type: 'varchar', length: 36, name: 'session_id' }) sessionId: string;
  @Column({ type: 'boolean' }) used: boolean;
  @Column({ type: 'varchar', length: 32, nullable: true }) receipt: string | null;
}

/**
 * A secret ballot: a random id, its session and its choices — no member, code, sequence or
 * time (SPEC §7.3). While the session is open `choices` is a sealed box (base64) only the
 * tellers' key opens; the close replaces every row by the opened ballot under a new random
 * id, in shuffled order: one character per candidate, by ordinal — a approve, r reject,
 * - abstain, ? a ballot that did not open (counted invalid).
 */
@Entity('ballots')
export class Ballot {
  // Keyed by session first (every read is by session), then the random id: no insertion order.
  @PrimaryColumn({ type: 'varchar', length: 36, name: 'session_id' }) sessionId: string;
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ type: 'text' }) choices: string;
}

@Entity('vote_results')
export class VoteResult {
  @PrimaryColumn({ type: 'varchar', length: 36, name: 'session_id' }) sessionId: string;
  @PrimaryColumn({ type: 'integer' }) ordinal: number;
  @Column({ type: 'varchar', length: 36, name: 'candidate_id' }) candidateId: string;
  @Column({ type: 'integer' }) approve: number;
  @Column({ type: 'integer' }) reject: number;
  @Column({ type: 'integer' }) abstain: number;
  @Column({ type: 'integer' }) invalid: number;
  @Column({ type: 'integer', name: 'written_approve' }) writtenApprove: number;
  @Column({ type: 'integer', name: 'written_reject' }) writtenReject: number;
  @Column({ type: 'integer', name: 'written_abstain' }) writtenAbstain: number;
  @Column({ type: 'integer' }) base: number;
  @Column({ type: 'integer' }) required: number;
  @Column({ type: 'boolean' }) passed: boolean;
  @Column({ type: 'varchar', length: 30 }) reason: string;
  /** false when the candidate's gate failed at closing (or the meeting had no quorum): tallied, not applied. */
  @Column({ type: 'boolean' }) applied: boolean;
  /** JSON [{code, message}] when not applied. */
  @Column({ type: 'text', nullable: true }) violations: string | null;
}

export const VOTING_ENTITIES = [
  VoteSession,
  VoteCandidate,
  VoteExcused,
  VoteAttendance,
  WrittenOpinion,
  VoteCount,
  PaperRecipient,
  BallotCode,
  Ballot,
  VoteResult,
];
