import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { RulesProfileService } from '../config/rules-profile.service';
import { DeadlineKinds } from '../deadlines';
import { PublicityService } from './publicity.service';

/** The end of a publicity closes its notice (SPEC §10). */
@Injectable()
export class PublicityDeadlines implements OnModuleInit {
  private readonly logger = new Logger('Deadlines');

  constructor(
    private readonly kinds: DeadlineKinds,
    private readonly rules: RulesProfileService,
    private readonly publicity: PublicityService,
  ) {}

  onModuleInit(): void {
    // Nobody's lapse: closing the notice (its own transaction) resolves its deadlines.
    this.kinds.register('publicity_end', {
      lapse: false,
      onDue: async (d) => {
        if (!d.refId) return;
        await this.publicity.closeNotice(d.refId, this.rules.today());
        this.logger.log(`公示 ${d.refId} 已到期，自动结束公示`);
      },
    });
  }
}
