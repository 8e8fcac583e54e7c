import { RulesError } from './errors';
import { Profile, resolveProfile } from './profile';
import { VoteOutcome } from './tally';

export type ComplaintFinding = 'unfounded' | 'founded_minor' | 'founded_serious' | 'founded_grave' | 'unclear';
export type ComplaintOutcome = 'proceed' | 'defer' | 'reject' | 'transfer';
export type ConversionDecision = 'report_for_approval' | 'extend' | 'branch_committee_decides' | 'cancel';

export const COMPLAINT_FINDINGS: readonly ComplaintFinding[] = [
  'unfounded',
  'founded_minor',
  'founded_serious',
  'founded_grave',
  'unclear',
];

const OUTCOMES: Record<ComplaintFinding, ComplaintOutcome> = {
  unfounded: 'proceed', // 如期发展
  founded_minor: 'defer', // 暂缓发展
  founded_serious: 'reject', // 不予发展
  founded_grave: 'transfer', // 移交有关部门
  unclear: 'defer', // 暂缓, the complaint stays open for a second verification
};

export function complaintOutcome(finding: ComplaintFinding): ComplaintOutcome {
  if (typeof finding !== 'string' || !Object.prototype.hasOwnProperty.call(OUTCOMES, finding)) {
    throw new RulesError('INVALID_FINDING', `无效的核实结论: ${String(finding)}`);
  }
  return OUTCOMES[finding];
}

/**
 * seed 004: both passed → report for approval; exactly one failed → extend (延期转正);
 * both failed → the branch committee decides (extend or cancel); any failure once the
 * allowed extensions are used up → cancel.
 */
export function conversionDecision(
  input: { mass: VoteOutcome; branch: VoteOutcome; extensionsUsed: number },
  profile?: Profile,
): ConversionDecision {
  const { mass, branch, extensionsUsed } = input;
  if (!mass || typeof mass.passed !== 'boolean' || !branch || typeof branch.passed !== 'boolean') {
    throw new RulesError('INVALID_VOTE_OUTCOME', '需要党外群众民主测评和支部大会的表决结果');
  }
  if (!Number.isSafeInteger(extensionsUsed) || extensionsUsed < 0) {
    throw new RulesError('INVALID_COUNT', `extensionsUsed 必须是非负整数: ${String(extensionsUsed)}`);
  }
  const failures = (mass.passed ? 0 : 1) + (branch.passed ? 0 : 1);
  if (failures === 0) return 'report_for_approval';
  if (extensionsUsed >= resolveProfile(profile).probation.extension.maxTimes) return 'cancel';
  return failures === 1 ? 'extend' : 'branch_committee_decides';
}
