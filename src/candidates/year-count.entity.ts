import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * How many of a branch's candidates count toward each of a year's report figures (SPEC §11,
 * year-counts.ts): the funnel's flow and the structure of the year's intake, as the records
 * stand now. Kept by the candidate's one writer in the transaction that changes the record
 * (CandidateWriter.write), so a report over a whole province sums a few thousand rows instead
 * of reading a year's candidates. Checked against the candidates by CandidateWriter.audit.
 */
@Entity('candidate_year_counts')
@Index('ix_candidate_year_counts_scope', ['year', 'orgPath'])
export class CandidateYearCount {
  @PrimaryColumn({ type: 'varchar', length: 36, name: 'org_id' }) orgId: string;
  @PrimaryColumn({ type: 'integer' }) year: number;
  @PrimaryColumn({ type: 'varchar', length: 30 }) figure: string;
  @Column({ type: 'varchar', length: 400, name: 'org_path' }) orgPath: string;
  @Column({ type: 'integer' }) n: number;
}
