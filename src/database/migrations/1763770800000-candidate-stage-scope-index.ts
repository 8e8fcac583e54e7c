import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 13, PostgreSQL: a list of one stage in a subtree walks the stage's candidates newest
 * first on the index alone — (stage, created_at, id) with the path beside the key — until its
 * page is full. Before, PostgreSQL walked every candidate newest first (ix_candidates_created),
 * reading rows to test stage and path; a stage is not spread evenly over time (the newest are
 * applicants), so a committee's activists took 27,000 rows (130 ms at 1,000,000; now 1 ms).
 * Not on SQLite, whose list already walks (stage, created_at) and tests the path on the row.
 */
export class CandidateStageScopeIndex1763770800000 implements MigrationInterface {
  name = 'CandidateStageScopeIndex1763770800000';

  async up(q: QueryRunner): Promise<void> {
    await this.index(q, '("stage", "created_at", "id") INCLUDE ("org_path")');
  }

  async down(q: QueryRunner): Promise<void> {
    await this.index(q, '("stage", "created_at")');
  }

  private async index(q: QueryRunner, definition: string): Promise<void> {
    if (q.connection.options.type !== 'postgres') return;
    await q.query('DROP INDEX "ix_candidates_stage"');
    await q.query(`CREATE INDEX "ix_candidates_stage" ON "candidates" ${definition}`);
  }
}
