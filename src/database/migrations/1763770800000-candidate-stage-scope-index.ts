import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 13, PostgreSQL: a list of one stage in a subtree reads its page's ids from the index
 * alone — (stage, org_path COLLATE "C", created_at, id) instead of (stage, org_path) — rather
 * than a candidate row per entry. Not on SQLite: there the list walks (stage, created_at) newest
 * first, and SQLite (which keeps no statistics) would prefer a covering index it must sort.
 */
export class CandidateStageScopeIndex1763770800000 implements MigrationInterface {
  name = 'CandidateStageScopeIndex1763770800000';

  async up(q: QueryRunner): Promise<void> {
    await this.index(q, ', "created_at", "id"');
  }

  async down(q: QueryRunner): Promise<void> {
    await this.index(q, '');
  }

  private async index(q: QueryRunner, after: string): Promise<void> {
    if (q.connection.options.type !== 'postgres') return;
    await q.query('DROP INDEX "ix_candidates_report_stage"');
    await q.query(
      `CREATE INDEX "ix_candidates_report_stage" ON "candidates" ("stage", "org_path" COLLATE "C"${after})`,
    );
  }
}
