import { Module } from '@nestjs/common';
import { AccountabilityModule } from '../accountability/accountability.module';
import { CandidatesModule } from '../candidates/candidates.module';
import { DeadlinesModule } from '../deadlines/deadlines.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { ProbationController } from './probation.controller';
import { ProbationService } from './probation.service';

@Module({
  imports: [CandidatesModule, DeadlinesModule, OrganizationsModule, AccountabilityModule],
  controllers: [ProbationController],
  providers: [ProbationService],
})
export class ProbationModule {}
