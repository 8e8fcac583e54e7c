import { Candidate } from '../candidates/candidate.entity';
import { CandidateEvent } from '../candidates/candidate-event.entity';
import { IdempotencyRecord } from '../common/idempotency.entity';
import { Deadline } from '../deadlines/deadline.entity';
import { Member } from '../organizations/member.entity';
import { Organization } from '../organizations/organization.entity';

/** Every entity, listed (no globs). */
export const ENTITIES = [
  Organization,
  Member,
  IdempotencyRecord,
  Candidate,
  CandidateEvent,
  Deadline,
  LedgerEntry,
];
