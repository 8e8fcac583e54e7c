import { Module } from '@nestjs/common';
import { AccountabilityModule } from '../accountability/accountability.module';
import { CandidatesModule } from '../candidates/candidates.module';
import { DeadlinesModule } from '../deadlines/deadlines.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { PlansModule } from '../plans/plans.module';
import { VotingController } from './voting.controller';
import { VotingService } from './voting.service';

@Module({
  imports: [OrganizationsModule, CandidatesModule, DeadlinesModule, AccountabilityModule, PlansModule],
  controllers: [VotingController],
  providers: [VotingService],
})
export class VotingModule {}
