export { ORG_KINDS, type OrgKind } from './organization.entity';
export { MEMBER_STATUSES, type MemberStatus } from './member.entity';
import type { OrgKind } from './organization.entity';

/**
 * Which kind may sit under which (Rules decisions in the README): departments at the top
 * or under a department; committees (党委/党工委) under a department or a committee;
 * general branches (党总支) under a committee; branches under a committee or a general branch.
 */
export const ALLOWED_PARENTS: Record<OrgKind, (OrgKind | null)[]> = {
  department: [null, 'department'],
  committee: ['department', 'committee'],
  general_branch: ['committee'],
  branch: ['committee', 'general_branch'],
};
