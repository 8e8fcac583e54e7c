import { IdempotencyRecord } from '../common/idempotency.entity';
import { Member } from '../organizations/member.entity';
import { Organization } from '../organizations/organization.entity';

/** Every entity, listed (no globs). */
export const ENTITIES = [Organization, Member, IdempotencyRecord];
