import { MigrationInterface, QueryRunner } from 'typeorm';
import { CandidateReportDates1763769800000, REPORT_DATE_COLUMNS } from './1763769800000-candidate-report-dates';

const DATE_INDEXES = [
  'ix_candidates_report_applied',
  'ix_candidates_report_activist',
  'ix_candidates_report_devobj',
  'ix_candidates_report_probation',
  'ix_candidates_report_full',
  'ix_candidates_report_closed',
];

/**
 * Issue 13: the reports read candidate_year_counts (1763770500000), so the record's dates are no
 * longer generated columns of `candidates` with an index each: every candidate written paid for
 * five JSON extractions (PostgreSQL stored them) and six index entries no query read.
 * (`ix_candidates_report_stage`, a list's stage within a subtree, stays.)
 */
export class DropReportDates1763770600000 implements MigrationInterface {
  name = 'DropReportDates1763770600000';

  async up(q: QueryRunner): Promise<void> {
    for (const name of DATE_INDEXES) await q.query(`DROP INDEX "${name}"`);
    for (const column of Object.keys(REPORT_DATE_COLUMNS)) {
      await q.query(`ALTER TABLE "candidates" DROP COLUMN "${column}"`);
      await q.query(
        `DELETE FROM "typeorm_metadata" WHERE "type" = 'GENERATED_COLUMN' AND "table" = 'candidates' AND "name" = '${column}'`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    // The earlier migration's columns, indexes and metadata again (its stage index is still there).
    await q.query('DROP INDEX "ix_candidates_report_stage"');
    await new CandidateReportDates1763769800000().up(q);
  }
}
