// The accountability feature as the others see it (SPEC §3, §9): raising records, the ledger head.
import { AccountabilityRecord } from './accountability-record.entity';
import { LedgerEntry } from './ledger-entry.entity';
export { AccountabilityModule } from './accountability.module';
export { AccountabilityService } from './accountability.service';
export type { CandidateOrgPath, RaiseInput, RecordedHead } from './accountability.service';
export { HANDLINGS, RECORD_SOURCES, RECORD_STATUSES } from './accountability-record.entity';

/** The tables this feature owns, for the composition root's data source. */
export const ACCOUNTABILITY_ENTITIES = [AccountabilityRecord, LedgerEntry];
