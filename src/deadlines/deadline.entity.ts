import { Column, Entity, PrimaryColumn } from 'typeorm';

export const DEADLINE_KINDS = [
  'talk',
  'assessment',
  'publicity_end',
  'complaint',
  'approval',
  'probation_end',
] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];
export type DeadlineStatus = 'pending' | 'done' | 'overdue' | 'cancelled';

/** A statutory deadline; the database is the truth, jobs only fire them (SPEC §10). */
@Entity('deadlines')
export class Deadline {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ type: 'varchar', length: 36, nullable: true, name: 'candidate_id' }) candidateId: string | null;
  @Column({ type: 'varchar', length: 400, name: 'org_path' }) orgPath: string;
  @Column({ type: 'varchar', length: 20 }) kind: DeadlineKind;
  @Column({ type: 'varchar', length: 10, name: 'due_on' }) dueOn: string;
  @Column({ type: 'varchar', length: 12 }) status: DeadlineStatus;
  /** What the deadline is about when not the candidate itself (a notice, a complaint). */
  @Column({ type: 'varchar', length: 36, nullable: true, name: 'ref_id' }) refId: string | null;
  @Column({ type: 'varchar', length: 32, name: 'created_at' }) createdAt: string;
  @Column({ type: 'varchar', length: 32, nullable: true, name: 'resolved_at' }) resolvedAt: string | null;
}
