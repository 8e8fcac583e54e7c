import { Module } from '@nestjs/common';
import { CandidatesModule } from '../candidates';
import { DeadlinesModule } from '../deadlines';
import { OrganizationsModule } from '../organizations';
import { PublicityDeadlines } from './publicity-deadlines';
import { PublicityController } from './publicity.controller';
import { PublicityService } from './publicity.service';

@Module({
  imports: [OrganizationsModule, CandidatesModule, DeadlinesModule],
  controllers: [PublicityController],
  providers: [PublicityService, PublicityDeadlines],
  exports: [PublicityService],
})
export class PublicityModule {}
