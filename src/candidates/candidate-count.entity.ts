import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * How many candidates each branch has at each stage, deferred or not: kept by the candidate's
 * one writer in the transaction that moves them (CandidateWriter.write), so a list's `total`
 * over a whole province is a sum of a few thousand rows, not a count of a million. Checked
 * against the candidates table by CandidateWriter.audit.
 */
@Entity('candidate_counts')
@Index('ix_candidate_counts_org_path', ['orgPath'])
export class CandidateCount {
  @PrimaryColumn({ type: 'varchar', length: 36, name: 'org_id' }) orgId: string;
  @PrimaryColumn({ type: 'varchar', length: 30 }) stage: string;
  @PrimaryColumn({ type: 'boolean' }) deferred: boolean;
  @Column({ type: 'varchar', length: 400, name: 'org_path' }) orgPath: string;
  @Column({ type: 'integer' }) n: number;
}
