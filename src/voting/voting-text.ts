import { ValidationFailed } from '../common/errors';
import { CandidateNotInVote } from './errors';
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

export function fieldError(field: string, message: string): ValidationFailed {
  return new ValidationFailed([{ field, code: 'isDefined', message: `${field}: ${message}` }]);
}

export function encodeChoices(choices: Record<string, Choice>, n: number, ordinals: Map<string, number>): string {
  const out = new Array<string>(n).fill(CHOICE_CHAR.abstain);
  const stray: string[] = [];
  for (const [candidateId, choice] of Object.entries(choices)) {
    const i = ordinals.get(candidateId);
    if (i === undefined) stray.push(candidateId);
    else out[i] = CHOICE_CHAR[choice];
  }
  if (stray.length) throw new CandidateNotInVote(stray);
  return out.join('');
}
