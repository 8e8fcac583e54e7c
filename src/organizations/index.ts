// The organizations feature as the others see it (SPEC §3): the tree, scope queries and the roster.
import { Member } from './member.entity';
import { Organization as OrganizationEntity } from './organization.entity';
export { OrganizationsModule } from './organizations.module';
export { OrganizationsService } from './organizations.service';
export { RosterService } from './roster.service';
export { OrgPathCache } from './org-path.cache';
export type { Organization } from './organization.entity';
export { MEMBER_STATUSES, ORG_KINDS } from './kinds';

/** The tables this feature owns, for the composition root's data source. */
export const ORGANIZATIONS_ENTITIES = [OrganizationEntity, Member];
