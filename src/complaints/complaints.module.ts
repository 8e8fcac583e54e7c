import { Module } from '@nestjs/common';
import { AccountabilityModule } from '../accountability/accountability.module';
import { CandidatesModule } from '../candidates/candidates.module';
import { DeadlinesModule } from '../deadlines/deadlines.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { PublicityModule } from '../publicity/publicity.module';
import { ComplaintsController } from './complaints.controller';
import { ComplaintsService } from './complaints.service';

@Module({
  imports: [OrganizationsModule, CandidatesModule, DeadlinesModule, PublicityModule, AccountabilityModule],
  controllers: [ComplaintsController],
  providers: [ComplaintsService],
  exports: [ComplaintsService],
})
export class ComplaintsModule {}
