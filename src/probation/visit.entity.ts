import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A follow-up visit (回访) during probation, with the four checks (四查四看). */
@Entity('visits')
export class Visit {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ type: 'varchar', length: 36, name: 'candidate_id' }) candidateId: string;
  @Column({ type: 'varchar', length: 400, name: 'org_path' }) orgPath: string;
  @Column({ type: 'varchar', length: 10 }) date: string;
  /** JSON [{memberId, name, role}] */
  @Column({ type: 'text' }) visitors: string;
  /** JSON string[] */
  @Column({ type: 'text' }) methods: string;
  /** JSON {thought, performance, massOpinion, exemplary}: {rating, notes?} */
  @Column({ type: 'text' }) checks: string;
  @Column({ type: 'varchar', length: 20 }) action: string;
  /** A visitor with role secretary or introducer took part: counts for the conversion gate. */
  @Column({ type: 'boolean' }) qualifying: boolean;
  /** The timeline seq of the extension or cancellation this visit's action led to. */
  @Column({ type: 'integer', nullable: true, name: 'decision_seq' }) decisionSeq: number | null;
  @Column({ type: 'varchar', length: 100, name: 'recorded_by' }) recordedBy: string;
  @Column({ type: 'varchar', length: 32, name: 'created_at' }) createdAt: string;
}
