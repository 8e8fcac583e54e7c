import { Foundation1763769600000 } from './1763769600000-foundation';
import { Candidates1763769650000 } from './1763769650000-candidates';
import { PublicityComplaints1763769680000 } from './1763769680000-publicity-complaints';
import { Accountability1763769700000 } from './1763769700000-accountability';
import { Voting1763769720000 } from './1763769720000-voting';
import { Plans1763769730000 } from './1763769730000-plans';
import { Probation1763769740000 } from './1763769740000-probation';
import { CandidateBranchIndex1763769750000 } from './1763769750000-candidate-branch-index';
import { sealedBallotsLedgerMac } from './1763769760000-sealed-ballots-ledger-mac';
import { VoteVoid1763769770000 } from './1763769770000-vote-void';
import { CandidateReportDates1763769800000 } from './1763769800000-candidate-report-dates';
import { CandidateIdDigest1763769900000 } from './1763769900000-candidate-id-digest';
import { Accounts1763770000000 } from './1763770000000-accounts';
import { CandidateCounts1763770100000 } from './1763770100000-candidate-counts';
import { CandidateNameGrams1763770200000 } from './1763770200000-candidate-name-grams';
import { DeadlinesDueIndex1763770400000 } from './1763770400000-deadlines-due-index';
import { CandidateYearCounts1763770500000 } from './1763770500000-candidate-year-counts';
import { DropReportDates1763770600000 } from './1763770600000-drop-report-dates';
import { DeadlinesScopeIndex1763770700000 } from './1763770700000-deadlines-scope-index';
import { CandidateStageScopeIndex1763770800000 } from './1763770800000-candidate-stage-scope-index';
import { BallotsSessionKey1763771000000 } from './1763771000000-ballots-session-key';

/** Every migration, in order (no globs). One needs LEDGER_KEY, to authenticate an existing ledger. */
export const migrations = (ledgerKey: string) => [
  Foundation1763769600000,
  Candidates1763769650000,
  PublicityComplaints1763769680000,
  Accountability1763769700000,
  Voting1763769720000,
  Plans1763769730000,
  Probation1763769740000,
  CandidateBranchIndex1763769750000,
  sealedBallotsLedgerMac(ledgerKey),
  VoteVoid1763769770000,
  CandidateReportDates1763769800000,
  CandidateIdDigest1763769900000,
  Accounts1763770000000,
  CandidateCounts1763770100000,
  CandidateNameGrams1763770200000,
  DeadlinesDueIndex1763770400000,
  CandidateYearCounts1763770500000,
  DropReportDates1763770600000,
  DeadlinesScopeIndex1763770700000,
  CandidateStageScopeIndex1763770800000,
  BallotsSessionKey1763771000000,
];
