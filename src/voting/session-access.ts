import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { BRANCH_UP, Caller, COMMITTEE_UP, DEPARTMENT_UP, Role } from '../auth/roles';
import { inScope } from '../auth/scope';
import { forbidden, notFound } from '../common/domain-error';
import { TransactionRunner } from '../database/transaction';
import { VoteCandidate, VoteLevelName, VoteSession } from './vote.entities';
import { VoteClosed } from './errors';
import { LEVEL_ZH } from './voting-text';

export function rolesFor(level: VoteLevelName, purpose: string): Role[] {
  if (purpose === 'plan') return DEPARTMENT_UP; // 组织员会议 on the annual plan
  return level === 'committee' ? COMMITTEE_UP : BRANCH_UP;
}

/** Who may handle a session, and its candidates' ordinals: one instance, shared by sessions, ballots and close. */
@Injectable()
export class SessionAccess {
  /** Candidate ordinals per session (immutable once created), for casting without a 10,000-row read each time. */
  private readonly ordinalCache = new Map<string, Map<string, number>>();

  constructor(private readonly tx: TransactionRunner) {}

  async requireSession(em: EntityManager, caller: Caller, id: string, forUpdate = false): Promise<VoteSession> {
    const session = forUpdate
      ? await this.tx.findForUpdate(em, VoteSession, { id })
      : await em.findOne(VoteSession, { where: { id } });
    if (!session || !inScope(caller, session.orgPath)) throw notFound('表决');
    if (!rolesFor(session.level, session.purpose).includes(caller.role))
      throw forbidden(`当前角色无权办理${LEVEL_ZH[session.level]}表决`);
    return session;
  }

  async requireOpen(em: EntityManager, caller: Caller, id: string): Promise<VoteSession> {
    const session = await this.requireSession(em, caller, id, true);
    if (session.status !== 'open') throw new VoteClosed();
    return session;
  }

  /** The ordinals if already loaded: for a cast that awaits nothing. */
  cachedOrdinalsOf(sessionId: string): Map<string, number> | undefined {
    return this.ordinalCache.get(sessionId);
  }

  async ordinalsOf(em: EntityManager, sessionId: string): Promise<Map<string, number>> {
    const cached = this.ordinalCache.get(sessionId);
    if (cached) return cached;
    const rows = await em.find(VoteCandidate, { where: { sessionId } });
    const map = new Map(rows.map((r) => [r.candidateId, r.ordinal]));
    if (this.ordinalCache.size >= 32) this.ordinalCache.delete(this.ordinalCache.keys().next().value!);
    this.ordinalCache.set(sessionId, map);
    return map;
  }
}
