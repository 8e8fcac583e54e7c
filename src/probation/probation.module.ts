import { Module } from '@nestjs/common';
import { AccountabilityModule } from '../accountability';
import { CandidatesModule } from '../candidates';
import { DeadlinesModule } from '../deadlines';
import { OrganizationsModule } from '../organizations';
import { ProbationController } from './probation.controller';
import { ProbationDeadlines } from './probation-deadlines';
import { ProbationService } from './probation.service';

@Module({
  imports: [CandidatesModule, DeadlinesModule, OrganizationsModule, AccountabilityModule],
  controllers: [ProbationController],
  providers: [ProbationService, ProbationDeadlines],
})
export class ProbationModule {}
