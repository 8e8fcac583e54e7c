// The candidates feature as the features above it see it (SPEC §3): the one writer, reads
// of the candidate as the rules model it, and the command catalog. Never the entities.
import { Candidate } from './candidate.entity';
import { CandidateEvent } from './candidate-event.entity';
import { CandidateCount } from './candidate-count.entity';
import { CandidateYearCount } from './year-count.entity';
import { NameGram } from './name-gram.entity';
export { CandidatesModule } from './candidates.module';
export { CandidatesService } from './candidates.service';
export { CandidateWriter, SYSTEM } from './candidate-writer.service';
export type { Actor, Executed, Execution, PlanYears, RunOptions } from './candidate-writer.service';
export { CommandCatalog } from './command-catalog';
export type { CommandSpec } from './command-catalog';
export type { CandidateDetail, CandidateView } from './views';
export { CandidateStatistics, shareOf } from './statistics.service';
export type { FunnelReport, Share, StructureReport } from './statistics.service';

/** The tables this feature owns, for the composition root's data source. */
export const CANDIDATES_ENTITIES = [Candidate, CandidateEvent, CandidateCount, NameGram, CandidateYearCount];
