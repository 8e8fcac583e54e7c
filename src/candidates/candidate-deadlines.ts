import { Injectable, OnModuleInit } from '@nestjs/common';
import { AccountabilityService } from '../accountability';
import { DeadlineKinds } from '../deadlines';
import { addDays } from '@admissions/rules';
import { CandidatesService } from './candidates.service';

/** The candidate's own deadlines: a talk or an assessment not recorded in time (SPEC §10). */
@Injectable()
export class CandidateDeadlines implements OnModuleInit {
  constructor(
    private readonly kinds: DeadlineKinds,
    private readonly candidates: CandidatesService,
    private readonly accountability: AccountabilityService,
  ) {}

  onModuleInit(): void {
    this.kinds.register('talk', {
      lapse: true,
      onOverdue: async (em, d) => {
        const [c] = d.candidateId ? await this.candidates.find(em, [d.candidateId]) : [];
        // 细则: talk within one month of the application; none recorded by the due date is A01
        if (!c || c.record.talkDate) return;
        await this.accountability.raise(em, {
          situation: 'A01',
          orgId: c.orgId,
          candidateId: c.id,
          occurredOn: addDays(d.dueOn, 1),
          facts: `${c.name}于 ${c.applicationDate} 递交入党申请，应于 ${d.dueOn} 前派人谈话，逾期未谈话`,
          dedupeKey: `A01:${c.id}`,
        });
      },
    });
    this.kinds.register('assessment', {
      lapse: true,
      onOverdue: async (em, d) => {
        const [c] = d.candidateId ? await this.candidates.find(em, [d.candidateId]) : [];
        if (!c) return;
        // A pending assessment deadline means no assessment was recorded for that half-year (A04).
        await this.accountability.raise(em, {
          situation: 'A04',
          orgId: c.orgId,
          candidateId: c.id,
          occurredOn: addDays(d.dueOn, 1),
          facts: `入党积极分子${c.name}应于 ${d.dueOn} 前进行培养考察（考察期满半年），逾期未考察`,
          dedupeKey: `A04:${c.id}:${d.dueOn}`,
        });
      },
    });
  }
}
