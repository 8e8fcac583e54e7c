import { Column, Entity, PrimaryColumn } from 'typeorm';

export const MEMBER_STATUSES = ['formal', 'probationary'] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

/** A roster entry of a branch. */
@Entity('members')
export class Member {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ type: 'varchar', length: 36, name: 'org_id' }) orgId: string;
  @Column({ type: 'varchar', length: 100 }) name: string;
  @Column({ type: 'varchar', length: 20 }) status: MemberStatus;
  /** false under 留党察看: such a member has no vote. */
  @Column({ type: 'boolean', name: 'voting_rights' }) votingRights: boolean;
  @Column({ type: 'varchar', length: 10, name: 'joined_on' }) joinedOn: string;
  /** Set when the roster record came from an admitted candidate. */
  @Column({ type: 'varchar', length: 36, nullable: true, name: 'candidate_id' }) candidateId: string | null;
  @Column({ type: 'varchar', length: 32, name: 'created_at' }) createdAt: string;
}
