import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Candidate } from './candidate.entity';
import { toState } from './projection';

/** What other features may read of a candidate for their messages (A01, B05…), without the entity. */
export interface CandidateBrief {
  id: string;
  orgId: string;
  name: string;
  applicationDate: string;
  /** The talk after the application (谈话), once recorded. */
  talkDate?: string;
}

/** Read-only and inside the caller's transaction: the candidate's one writer is CandidateWriter. */
@Injectable()
export class CandidateLookup {
  async brief(em: EntityManager, candidateId: string): Promise<CandidateBrief | null> {
    const c = await em.findOne(Candidate, { where: { id: candidateId } });
    if (!c) return null;
    return {
      id: c.id,
      orgId: c.orgId,
      name: c.name,
      applicationDate: c.applicationDate,
      talkDate: toState(c).record.talkDate,
    };
  }
}
