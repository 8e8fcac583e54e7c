import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AccountabilityService } from '../accountability/accountability.service';
import { Candidate } from '../candidates/candidate.entity';
import { parseRecord } from '../candidates/record';
import { Complaint } from '../complaints/complaint.entity';
import { RulesProfileService } from '../config/rules-profile.service';
import { TransactionRunner } from '../database/transaction';
import { Deadline } from '../deadlines/deadline.entity';
import { DeadlinesService } from '../deadlines/deadlines.service';
import { PublicityService } from '../publicity/publicity.service';
import { addDays } from '../rules';

export type FireOutcome = 'fired' | 'closed' | 'skipped';

/**
 * What a deadline does once its last allowed day has passed (SPEC §10). Idempotent: only a
 * pending deadline with dueOn < today fires, and the pending → overdue update happens once.
 */
@Injectable()
export class DeadlineHandler {
  private readonly logger = new Logger('Deadlines');

  constructor(
    private readonly tx: TransactionRunner,
    private readonly rules: RulesProfileService,
    private readonly deadlines: DeadlinesService,
    private readonly accountability: AccountabilityService,
    private readonly publicity: PublicityService,
  ) {}

  async fire(deadlineId: string): Promise<FireOutcome> {
    const today = this.rules.today();
    const deadline = await this.tx.run(async (em) => {
      const d = await em.findOne(Deadline, { where: { id: deadlineId } });
      // Not yet due (a job that ran early) or already handled: nothing to do.
      if (!d || d.status !== 'pending' || !(d.dueOn < today)) return null;
      // The end of a publicity is nobody's lapse: closing the notice resolves its deadlines (below).
      if (d.kind === 'publicity_end') return d;
      if (!(await this.deadlines.markOverdue(em, d.id))) return null;
      await this.consequences(em, d);
      return d;
    });
    if (!deadline) return 'skipped';
    if (deadline.kind === 'publicity_end' && deadline.refId) {
      // closeNotice runs its own transaction: after ours, never inside it. Until it succeeds the
      // deadline stays pending, so the next reconcile tries again.
      await this.publicity.closeNotice(deadline.refId, today);
      this.logger.log(`公示 ${deadline.refId} 已到期，自动结束公示`);
      return 'closed';
    }
    return 'fired';
  }

  private async consequences(em: EntityManager, d: Deadline): Promise<void> {
    const candidate = d.candidateId ? await em.findOne(Candidate, { where: { id: d.candidateId } }) : null;
    if (!candidate) return;
    const lateFrom = addDays(d.dueOn, 1);
    switch (d.kind) {
      case 'talk':
        // 细则: talk within one month of the application; none recorded by the due date is A01
        if (!parseRecord(candidate.record).talkDate) {
          await this.accountability.raise(em, {
            situation: 'A01',
            orgId: candidate.orgId,
            candidateId: candidate.id,
            occurredOn: lateFrom,
            facts: `${candidate.name}于 ${candidate.applicationDate} 递交入党申请，应于 ${d.dueOn} 前派人谈话，逾期未谈话`,
            dedupeKey: `A01:${candidate.id}`,
          });
        }
        return;
      case 'assessment':
        // A pending assessment deadline means no assessment was recorded for that half-year (A04).
        await this.accountability.raise(em, {
          situation: 'A04',
          orgId: candidate.orgId,
          candidateId: candidate.id,
          occurredOn: lateFrom,
          facts: `入党积极分子${candidate.name}应于 ${d.dueOn} 前进行培养考察（考察期满半年），逾期未考察`,
          dedupeKey: `A04:${candidate.id}:${d.dueOn}`,
        });
        return;
      case 'complaint': {
        const complaint = d.refId ? await em.findOne(Complaint, { where: { id: d.refId } }) : null;
        // Only the round this deadline measures: a verified complaint, or a later round, is not late.
        if (!complaint || complaint.status !== 'open' || complaint.dueOn !== d.dueOn) return;
        // seed 004: verify within a week; later is B05 (对举报不按期调查核实)
        await this.accountability.raise(em, {
          situation: 'B05',
          orgId: candidate.orgId,
          candidateId: candidate.id,
          occurredOn: lateFrom,
          facts: `关于${candidate.name}的举报（${complaint.receivedOn} 受理，第 ${complaint.round} 轮核实）应于 ${complaint.dueOn} 前核实，逾期未核实`,
          dedupeKey: `B05:${complaint.id}:${complaint.round}`,
        });
        return;
      }
      case 'approval':
      case 'probation_end':
        // Overdue is the mark: approval is late; the probationary member is due for conversion.
        return;
    }
  }
}
