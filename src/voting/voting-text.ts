import { DomainError } from '../common/domain-error';
import { listIds } from '../common/lists';
import { Choice } from './validators';
import { VoteLevelName } from './vote.entities';

export const PURPOSE_ZH: Record<string, string> = {
  admission: '接收预备党员',
  conversion: '预备党员转正',
  plan: '年度发展计划',
};

export const LEVEL_ZH: Record<VoteLevelName, string> = {
  mass_assessment: '党外群众民主测评',
  branch_meeting: '支部大会',
  committee: '党（工）委（组织员会议）',
};

/** A ballot's choice per candidate, one character each, by ordinal. */
const CHOICE_CHAR: Record<Choice, string> = { approve: 'a', reject: 'r', abstain: '-' };
/** An opened ballot that did not open (altered in the database): kept for recount, counted invalid. */
export const UNREADABLE = '?';

export const refuse = (code: string, message: string) => new DomainError(code, message);

export function fieldError(field: string, message: string): DomainError {
  return new DomainError('VALIDATION_FAILED', '请求参数有误', {
    errors: [{ field, code: 'isDefined', message: `${field}: ${message}` }],
  });
}

export function encodeChoices(choices: Record<string, Choice>, n: number, ordinals: Map<string, number>): string {
  const out = new Array<string>(n).fill(CHOICE_CHAR.abstain);
  const stray: string[] = [];
  for (const [candidateId, choice] of Object.entries(choices)) {
    const i = ordinals.get(candidateId);
    if (i === undefined) stray.push(candidateId);
    else out[i] = CHOICE_CHAR[choice];
  }
  if (stray.length) throw refuse('CANDIDATE_NOT_IN_VOTE', `以下候选人不在本次表决中: ${listIds(stray)}`);
  return out.join('');
}
