import { Module } from '@nestjs/common';
import { AccountabilityModule } from '../accountability';
import { CandidatesModule } from '../candidates';
import { DeadlinesModule } from '../deadlines';
import { OrganizationsModule } from '../organizations';
import { PlansModule } from '../plans';
import { Ballots } from './ballots.service';
import { VoteClose } from './close.service';
import { SessionAccess } from './session-access';
import { VoteSessions } from './sessions.service';
import { VoteFiles } from './vote-files.service';
import { VotingController } from './voting.controller';
import { VotingDeadlines } from './voting-deadlines';

@Module({
  imports: [OrganizationsModule, CandidatesModule, DeadlinesModule, AccountabilityModule, PlansModule],
  controllers: [VotingController],
  providers: [SessionAccess, VoteSessions, Ballots, VoteClose, VoteFiles, VotingDeadlines],
})
export class VotingModule {}
