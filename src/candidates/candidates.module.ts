import { Module } from '@nestjs/common';
import { AccountabilityModule } from '../accountability';
import { DeadlinesModule } from '../deadlines';
import { OrganizationsModule } from '../organizations';
import { CandidateDeadlines } from './candidate-deadlines';
import { CandidateWriter } from './candidate-writer.service';
import { CommandCatalog } from './command-catalog';
import { CandidateFiles } from './candidate-files.service';
import { CandidateFilesController } from './candidate-files.controller';
import { CandidatesController } from './candidates.controller';
import { CandidatesService } from './candidates.service';
import { PersonalData } from './personal-data.service';
import { CandidateStatistics } from './statistics.service';

@Module({
  imports: [OrganizationsModule, DeadlinesModule, AccountabilityModule],
  controllers: [CandidatesController, CandidateFilesController],
  providers: [
    CandidatesService,
    CandidateFiles,
    CandidateStatistics,
    CandidateWriter,
    CommandCatalog,
    PersonalData,
    CandidateDeadlines,
  ],
  exports: [CandidatesService, CandidateStatistics, CandidateWriter, CommandCatalog, PersonalData],
})
export class CandidatesModule {}
