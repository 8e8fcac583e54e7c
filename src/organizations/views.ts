import { Member } from './member.entity';
import { Organization } from './organization.entity';

export interface OrganizationView {
  id: string;
  name: string;
  kind: string;
  parentId: string | null;
  createdAt: string;
}

export interface MemberView {
  id: string;
  orgId: string;
  name: string;
  status: string;
  votingRights: boolean;
  /** Formal with voting rights: counts towards a branch meeting's expected attendees. */
  hasVote: boolean;
  joinedOn: string;
  candidateId: string | null;
}

export const toOrganizationView = (o: Organization): OrganizationView => ({
  id: o.id,
  name: o.name,
  kind: o.kind,
  parentId: o.parentId,
  createdAt: o.createdAt,
});

export const toMemberView = (m: Member): MemberView => ({
  id: m.id,
  orgId: m.orgId,
  name: m.name,
  status: m.status,
  votingRights: !!m.votingRights,
  hasVote: m.status === 'formal' && !!m.votingRights,
  joinedOn: m.joinedOn,
  candidateId: m.candidateId,
});
