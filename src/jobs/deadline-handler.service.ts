import { Injectable } from '@nestjs/common';
import { RulesProfileService } from '../config/rules-profile.service';
import { TransactionRunner } from '../database/transaction';
import { DeadlineKinds, DeadlinesService } from '../deadlines';

export type FireOutcome = 'fired' | 'closed' | 'skipped';

/**
 * Fires a deadline once its last allowed day has passed (SPEC §10) and hands it to the feature
 * that owns its kind (DeadlineKinds). Idempotent: only a pending deadline with dueOn < today
 * fires, and the pending → overdue update happens once.
 */
@Injectable()
export class DeadlineHandler {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly rules: RulesProfileService,
    private readonly deadlines: DeadlinesService,
    private readonly kinds: DeadlineKinds,
  ) {}

  async fire(deadlineId: string): Promise<FireOutcome> {
    const today = this.rules.today();
    const due = await this.tx.run(async (em) => {
      const d = await this.deadlines.find(em, deadlineId);
      // Not yet due (a job that ran early) or already handled: nothing to do.
      if (!d || d.status !== 'pending' || !(d.dueOn < today)) return null;
      const handler = this.kinds.handlerFor(d.kind);
      // Not a lapse: nothing to mark here, the handler resolves the deadline (below).
      if (!handler.lapse) return { d, handler };
      if (!(await this.deadlines.markOverdue(em, d.id))) return null;
      await handler.onOverdue?.(em, d);
      return { d, handler };
    });
    if (!due) return 'skipped';
    if (due.handler.lapse) return 'fired';
    // Its own transaction: after ours, never inside it. Until it succeeds the deadline stays
    // pending, so the next reconcile tries again.
    await due.handler.onDue(due.d);
    return 'closed';
  }
}
