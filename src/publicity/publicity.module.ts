import { Module } from '@nestjs/common';
import { CandidatesModule } from '../candidates/candidates.module';
import { DeadlinesModule } from '../deadlines/deadlines.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { PublicityController } from './publicity.controller';
import { PublicityService } from './publicity.service';

@Module({
  imports: [OrganizationsModule, CandidatesModule, DeadlinesModule],
  controllers: [PublicityController],
  providers: [PublicityService],
  exports: [PublicityService],
})
export class PublicityModule {}
