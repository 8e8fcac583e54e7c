import { Injectable, OnModuleInit } from '@nestjs/common';
import { AccountabilityService } from '../accountability';
import { CandidatesService } from '../candidates';
import { DeadlineKinds } from '../deadlines';
import { addDays } from '@admissions/rules';
import { Complaint } from './complaint.entity';

/** A complaint not verified by its due date is B05 (SPEC §10). */
@Injectable()
export class ComplaintDeadlines implements OnModuleInit {
  constructor(
    private readonly kinds: DeadlineKinds,
    private readonly candidates: CandidatesService,
    private readonly accountability: AccountabilityService,
  ) {}

  onModuleInit(): void {
    this.kinds.register('complaint', {
      lapse: true,
      onOverdue: async (em, d) => {
        const complaint = d.refId ? await em.findOne(Complaint, { where: { id: d.refId } }) : null;
        // Only the round this deadline measures: a verified complaint, or a later round, is not late.
        if (!complaint || complaint.status !== 'open' || complaint.dueOn !== d.dueOn) return;
        const [c] = d.candidateId ? await this.candidates.find(em, [d.candidateId]) : [];
        if (!c) return;
        // seed 004: verify within a week; later is B05 (对举报不按期调查核实)
        await this.accountability.raise(em, {
          situation: 'B05',
          orgId: c.orgId,
          candidateId: c.id,
          occurredOn: addDays(d.dueOn, 1),
          facts: `关于${c.name}的举报（${complaint.receivedOn} 受理，第 ${complaint.round} 轮核实）应于 ${complaint.dueOn} 前核实，逾期未核实`,
          dedupeKey: `B05:${complaint.id}:${complaint.round}`,
        });
      },
    });
  }
}
