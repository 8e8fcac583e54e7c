import { Module } from '@nestjs/common';
import { CandidatesModule } from '../candidates';
import { OrganizationsModule } from '../organizations';
import { PlansController } from './plans.controller';
import { PlansService } from './plans.service';

/** Above candidates: it gives the candidate's writer the `inPlan` fact at start-up. */
@Module({
  imports: [OrganizationsModule, CandidatesModule],
  controllers: [PlansController],
  providers: [PlansService],
  exports: [PlansService],
})
export class PlansModule {}
