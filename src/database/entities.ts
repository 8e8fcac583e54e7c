import { Candidate } from '../candidates/candidate.entity';
import { CandidateEvent } from '../candidates/candidate-event.entity';
import { IdempotencyRecord } from '../common/idempotency.entity';
import { Deadline } from '../deadlines/deadline.entity';
import { Member } from '../organizations/member.entity';
import { Organization } from '../organizations/organization.entity';
import { AccountabilityRecord } from '../accountability/accountability-record.entity';
import { LedgerEntry } from '../accountability/ledger-entry.entity';
import { Visit } from '../probation/visit.entity';

import { PublicityEntry, PublicityNotice } from '../publicity/publicity-notice.entity';
import { Complaint, ComplaintVerification } from '../complaints/complaint.entity';
import { VOTING_ENTITIES } from '../voting/vote.entities';
import { Plan, PlanEntry } from '../plans/plan.entities';
/** Every entity, listed (no globs). */
export const ENTITIES = [
  Organization,
  Member,
  IdempotencyRecord,
  Candidate,
  CandidateEvent,
  Deadline,
  AccountabilityRecord,
  LedgerEntry,
  Visit,
  PublicityNotice,
  PublicityEntry,
  Complaint,
  ComplaintVerification,
  ...VOTING_ENTITIES,
  Plan,
  PlanEntry,
];
