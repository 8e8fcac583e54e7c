import { RulesError } from './errors';
import { Profile, resolveProfile } from './profile';
import { Threshold, passes, required } from './threshold';

export type VotePurpose = 'admission' | 'conversion';

export interface VoteOutcome {
  passed: boolean;
  /** true where the level has no quorum rule (mass assessment, committee). */
  quorumMet: boolean;
  /** The number the threshold is applied to. */
  base: number;
  /** Approvals needed. */
  required: number;
  /** Counted approvals (branch meeting: in-room plus written). */
  approve: number;
  reason: 'PASSED' | 'QUORUM_NOT_MET' | 'INSUFFICIENT_APPROVAL';
}

export interface MassAssessmentInput {
  purpose: VotePurpose;
  expected: number;
  present: number;
  approve: number;
  disapprove: number;
  abstain?: number;
  invalid?: number;
}

export interface WrittenOpinions {
  approve: number;
  reject: number;
  abstain: number;
}

export interface BranchMeetingInput {
  /** Voting members expected (formal members with voting rights, less the excused). */
  expected: number;
  /** Voting members present in the room. */
  present: number;
  approve: number;
  reject: number;
  abstain?: number;
  invalid?: number;
  /** Written opinions of absent voting members: they count as votes, not as presence. */
  written?: WrittenOpinions;
}

export interface CommitteeInput {
  /** All members of the body (全体组织员 / 全体委员), present or not. */
  bodySize: number;
  present: number;
  approve: number;
  reject: number;
  abstain?: number;
  invalid?: number;
}

function count(value: unknown, field: string): number {
  if (value === undefined) return 0;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new RulesError('INVALID_COUNT', `${field} 必须是非负整数: ${String(value)}`);
  }
  return value;
}

function mustCount(value: unknown, field: string): number {
  if (value === undefined) throw new RulesError('INVALID_COUNT', `缺少 ${field}`);
  return count(value, field);
}

/** Approvals needed, and whether they were reached: exactly `required` and `passes` of §4.1. */
function decide(approve: number, base: number, t: Threshold): { required: number; ok: boolean } {
  return { required: required(base, t), ok: passes(approve, base, t) };
}

function outcome(quorumMet: boolean, ok: boolean, base: number, need: number, approve: number): VoteOutcome {
  const passed = quorumMet && ok;
  return {
    passed,
    quorumMet,
    base,
    required: need,
    approve,
    reason: !quorumMet ? 'QUORUM_NOT_MET' : ok ? 'PASSED' : 'INSUFFICIENT_APPROVAL',
  };
}

/**
 * 党外群众民主测评 (seed 004). Admission: approve ≥ ½ of the expected attendees (应到会人数);
 * conversion: approve ≥ ½ of those present (参会人数). No quorum rule.
 */
export function tallyMassAssessment(input: MassAssessmentInput, profile?: Profile): VoteOutcome {
  const votes = resolveProfile(profile).votes.massAssessment;
  if (input.purpose !== 'admission' && input.purpose !== 'conversion') {
    throw new RulesError('INVALID_PURPOSE', `无效的测评用途: ${String(input.purpose)}`);
  }
  const expected = mustCount(input.expected, 'expected');
  const present = mustCount(input.present, 'present');
  const approve = mustCount(input.approve, 'approve');
  const disapprove = mustCount(input.disapprove, 'disapprove');
  const abstain = count(input.abstain, 'abstain');
  const invalid = count(input.invalid, 'invalid');
  if (present > expected) {
    throw new RulesError('PRESENT_EXCEEDS_EXPECTED', `实到人数 ${present} 超过应到人数 ${expected}`);
  }
  const ballots = approve + disapprove + abstain + invalid;
  if (ballots > present) {
    throw new RulesError('BALLOTS_EXCEED_PRESENT', `票数 ${ballots} 超过实到人数 ${present}`);
  }
  const base = input.purpose === 'admission' ? expected : present;
  const { required: need, ok } = decide(approve, base, votes[input.purpose]);
  return outcome(true, ok, base, need, approve);
}

/**
 * 支部大会票决 (细则). Quorum: voting members present > ½ of expected. Approval: in-room
 * plus written approvals > ½ of expected. Written opinions come only from absent voting
 * members, so present + written opinions ≤ expected, else RulesError('WRITTEN_EXCEEDS_ABSENT').
 */
export function tallyBranchMeeting(input: BranchMeetingInput, profile?: Profile): VoteOutcome {
  const votes = resolveProfile(profile).votes.branchMeeting;
  const expected = mustCount(input.expected, 'expected');
  const present = mustCount(input.present, 'present');
  const approve = mustCount(input.approve, 'approve');
  const reject = mustCount(input.reject, 'reject');
  const abstain = count(input.abstain, 'abstain');
  const invalid = count(input.invalid, 'invalid');
  const written = input.written ?? { approve: 0, reject: 0, abstain: 0 };
  const wApprove = count(written.approve, 'written.approve');
  const wReject = count(written.reject, 'written.reject');
  const wAbstain = count(written.abstain, 'written.abstain');
  if (present > expected) {
    throw new RulesError('PRESENT_EXCEEDS_EXPECTED', `实到有表决权党员 ${present} 人超过应到 ${expected} 人`);
  }
  const ballots = approve + reject + abstain + invalid;
  if (ballots > present) {
    throw new RulesError('BALLOTS_EXCEED_PRESENT', `票数 ${ballots} 超过实到人数 ${present}`);
  }
  const writtenTotal = wApprove + wReject + wAbstain;
  if (writtenTotal > expected - present) {
    throw new RulesError(
      'WRITTEN_EXCEEDS_ABSENT',
      `书面意见 ${writtenTotal} 份超过未到会有表决权党员人数 ${expected - present}`,
    );
  }
  const quorumMet = passes(present, expected, votes.quorum);
  const total = approve + wApprove;
  const { required: need, ok } = decide(total, expected, votes.approval);
  return outcome(quorumMet, ok, expected, need, total);
}

/**
 * 党（工）委 / 组织员会议票决 (seed 004: 全体组织员2/3以上同意). The base is the whole body,
 * present or not, so there is no separate quorum rule: quorumMet is always true.
 */
export function tallyCommittee(input: CommitteeInput, profile?: Profile): VoteOutcome {
  const t = resolveProfile(profile).votes.committee.approval;
  const bodySize = mustCount(input.bodySize, 'bodySize');
  const present = mustCount(input.present, 'present');
  const approve = mustCount(input.approve, 'approve');
  const reject = mustCount(input.reject, 'reject');
  const abstain = count(input.abstain, 'abstain');
  const invalid = count(input.invalid, 'invalid');
  if (present > bodySize) {
    throw new RulesError('PRESENT_EXCEEDS_EXPECTED', `实到 ${present} 人超过全体成员 ${bodySize} 人`);
  }
  const ballots = approve + reject + abstain + invalid;
  if (ballots > present) {
    throw new RulesError('BALLOTS_EXCEED_PRESENT', `票数 ${ballots} 超过实到人数 ${present}`);
  }
  const { required: need, ok } = decide(approve, bodySize, t);
  return outcome(true, ok, bodySize, need, approve);
}
