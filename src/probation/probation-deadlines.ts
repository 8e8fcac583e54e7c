import { Injectable, OnModuleInit } from '@nestjs/common';
import { DeadlineKinds } from '../deadlines';

/** Probation end (SPEC §10): overdue is the mark that the probationary member is due for conversion. */
@Injectable()
export class ProbationDeadlines implements OnModuleInit {
  constructor(private readonly kinds: DeadlineKinds) {}

  onModuleInit(): void {
    this.kinds.register('probation_end', { lapse: true });
  }
}
