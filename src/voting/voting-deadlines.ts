import { Injectable, OnModuleInit } from '@nestjs/common';
import { DeadlineKinds } from '../deadlines';

/** Approval due (SPEC §10): overdue is the whole consequence, the report shows it as late. */
@Injectable()
export class VotingDeadlines implements OnModuleInit {
  constructor(private readonly kinds: DeadlineKinds) {}

  onModuleInit(): void {
    this.kinds.register('approval', { lapse: true });
  }
}
