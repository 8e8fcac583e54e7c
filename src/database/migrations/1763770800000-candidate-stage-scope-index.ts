import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 13: a list of one stage in a subtree reads its page's ids from the index alone —
 * (stage, org_path, created_at, id) instead of (stage, org_path), the path in byte order on
 * PostgreSQL as every subtree range is compared — rather than a candidate row per entry.
 */
export class CandidateStageScopeIndex1763770800000 implements MigrationInterface {
  name = 'CandidateStageScopeIndex1763770800000';

  async up(q: QueryRunner): Promise<void> {
    await this.index(q, '"created_at", "id"');
  }

  async down(q: QueryRunner): Promise<void> {
    await this.index(q, '');
  }

  private async index(q: QueryRunner, after: string): Promise<void> {
    const path = q.connection.options.type === 'postgres' ? '"org_path" COLLATE "C"' : '"org_path"';
    await q.query('DROP INDEX "ix_candidates_report_stage"');
    await q.query(
      `CREATE INDEX "ix_candidates_report_stage" ON "candidates" ("stage", ${[path, after].filter(Boolean).join(', ')})`,
    );
  }
}
