import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * How many of a branch's candidates count toward each of a year's report figures (SPEC §11,
 * year-counts.ts): the funnel's flow and the structure of the year's intake, as the records
 * stand now. Kept by the candidate's one writer in the transaction that changes the record
 * (CandidateWriter.write), so a report over a whole province sums a few thousand rows instead
 * of reading a year's candidates. Checked against the candidates by CandidateWriter.audit.
 */
@Entity('candidate_year_counts')
export class CandidateYearCount {
  /** Keyed (year, branch path, figure) and stored in key order: a subtree's year is one range. */
  @PrimaryColumn({ type: 'integer' }) year: number;
  @PrimaryColumn({ type: 'varchar', length: 400, name: 'org_path' }) orgPath: string;
  @PrimaryColumn({ type: 'varchar', length: 30 }) figure: string;
  @Column({ type: 'integer' }) n: number;
}
