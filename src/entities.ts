import { ACCOUNTABILITY_ENTITIES } from './accountability';
import { ACCOUNTS_ENTITIES } from './accounts';
import { CANDIDATES_ENTITIES } from './candidates';
import { IdempotencyRecord } from './common/idempotency.entity';
import { COMPLAINTS_ENTITIES } from './complaints';
import { DEADLINES_ENTITIES } from './deadlines';
import { ORGANIZATIONS_ENTITIES } from './organizations';
import { PLANS_ENTITIES } from './plans';
import { PROBATION_ENTITIES } from './probation';
import { PUBLICITY_ENTITIES } from './publicity';
import { VOTING_ENTITIES } from './voting';

/** Every table, each listed by the feature that owns it (SPEC §3: the composition root assembles them). */
export const ENTITIES = [
  ...ORGANIZATIONS_ENTITIES,
  IdempotencyRecord,
  ...CANDIDATES_ENTITIES,
  ...DEADLINES_ENTITIES,
  ...ACCOUNTABILITY_ENTITIES,
  ...PROBATION_ENTITIES,
  ...PUBLICITY_ENTITIES,
  ...COMPLAINTS_ENTITIES,
  ...VOTING_ENTITIES,
  ...PLANS_ENTITIES,
  ...ACCOUNTS_ENTITIES,
];
