import { Conflict, RuleViolation } from '../common/domain-error';
import { listIds } from '../common/lists';

/** 409: the session closed (or was voided) meanwhile. */
export class VoteClosed extends Conflict {
  constructor() {
    super('VOTE_CLOSED', '本次表决已结束');
  }
}

/** 409: only an open session may be voided. */
export class VoteNotOpen extends Conflict {
  constructor(voided: boolean) {
    super('VOTE_NOT_OPEN', voided ? '本次表决已作废' : '本次表决已结束，不能作废');
  }
}

/** 409: a candidate is already in an open session of the same level and purpose. */
export class VoteAlreadyOpen extends Conflict {
  constructor(candidateId: string, sessionId: string, levelZh: string) {
    super(
      'VOTE_ALREADY_OPEN',
      `候选人 ${candidateId} 已在进行中的${levelZh}表决 ${sessionId} 中，请先结束或作废该表决`,
    );
  }
}

/** 409: a ballot code counts once. */
export class BallotCodeUsed extends Conflict {
  constructor() {
    super('BALLOT_CODE_USED', '该选票码已使用');
  }
}

/** 409: one paper ballot per member. */
export class PaperAlreadyIssued extends Conflict {
  constructor(memberIds: string[]) {
    super('PAPER_ALREADY_ISSUED', `以下党员已领取选票，每人只能领取一张: ${listIds(memberIds)}`);
  }
}

/** 409: one written opinion per member. */
export class WrittenOpinionExists extends Conflict {
  constructor() {
    super('WRITTEN_OPINION_EXISTS', '该党员已提交书面意见');
  }
}

/** 422: choices, counts or opinions for candidates the session does not hold. */
export class CandidateNotInVote extends RuleViolation {
  constructor(candidateIds: string[]) {
    super('CANDIDATE_NOT_IN_VOTE', `以下候选人不在本次表决中: ${listIds(candidateIds)}`);
  }
}
