import { Column, Entity, PrimaryColumn } from 'typeorm';

export const ENTRY_STATUSES = ['submitted', 'included', 'excluded'] as const;
export type EntryStatus = (typeof ENTRY_STATUSES)[number];

/** An annual development plan (年度发展计划) of an organization department. */
@Entity('plans')
export class Plan {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ type: 'varchar', length: 36, name: 'org_id' }) orgId: string;
  @Column({ type: 'varchar', length: 400, name: 'org_path' }) orgPath: string;
  @Column({ type: 'integer' }) year: number;
  @Column({ type: 'integer', nullable: true }) quota: number | null;
  @Column({ type: 'varchar', length: 100, name: 'created_by' }) createdBy: string;
  @Column({ type: 'varchar', length: 32, name: 'created_at' }) createdAt: string;
}

/** A candidate put forward for the plan; the organizers' meeting includes or excludes it. */
@Entity('plan_entries')
export class PlanEntry {
  @PrimaryColumn({ type: 'varchar', length: 36, name: 'plan_id' }) planId: string;
  @PrimaryColumn({ type: 'varchar', length: 36, name: 'candidate_id' }) candidateId: string;
  /** The candidate's branch path, for scoping without a join. */
  @Column({ type: 'varchar', length: 400, name: 'org_path' }) orgPath: string;
  @Column({ type: 'varchar', length: 12 }) status: EntryStatus;
  @Column({ type: 'varchar', length: 100, name: 'submitted_by' }) submittedBy: string;
  @Column({ type: 'varchar', length: 32, name: 'submitted_at' }) submittedAt: string;
  /** The plan vote that decided the entry. */
  @Column({ type: 'varchar', length: 36, nullable: true, name: 'vote_id' }) voteId: string | null;
  @Column({ type: 'varchar', length: 10, nullable: true, name: 'decided_on' }) decidedOn: string | null;
}
