import { Module } from '@nestjs/common';
import { AccountabilityModule } from '../accountability';
import { CandidatesModule } from '../candidates';
import { DeadlinesModule } from '../deadlines';
import { OrganizationsModule } from '../organizations';
import { PublicityModule } from '../publicity';
import { ComplaintDeadlines } from './complaint-deadlines';
import { ComplaintsController } from './complaints.controller';
import { ComplaintsService } from './complaints.service';

@Module({
  imports: [OrganizationsModule, CandidatesModule, DeadlinesModule, PublicityModule, AccountabilityModule],
  controllers: [ComplaintsController],
  providers: [ComplaintsService, ComplaintDeadlines],
  exports: [ComplaintsService],
})
export class ComplaintsModule {}
