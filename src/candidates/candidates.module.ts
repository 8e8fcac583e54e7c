import { Module } from '@nestjs/common';
import { AccountabilityModule } from '../accountability/accountability.module';
import { DeadlinesModule } from '../deadlines/deadlines.module';
import { PlansModule } from '../plans/plans.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { CandidatesController } from './candidates.controller';
import { CandidatesService } from './candidates.service';
import { PipelineService } from './pipeline.service';

@Module({
  imports: [OrganizationsModule, DeadlinesModule, AccountabilityModule, PlansModule],
  controllers: [CandidatesController],
  providers: [CandidatesService, PipelineService],
  exports: [CandidatesService],
})
export class CandidatesModule {}
