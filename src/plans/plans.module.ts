import { Module } from '@nestjs/common';
import { OrganizationsModule } from '../organizations/organizations.module';
import { PlansController } from './plans.controller';
import { PlansService } from './plans.service';

/** Depends on no pipeline module, so CandidatesModule may import it for the `inPlan` fact. */
@Module({
  imports: [OrganizationsModule],
  controllers: [PlansController],
  providers: [PlansService],
  exports: [PlansService],
})
export class PlansModule {}
