import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 13: the overdue list's index covers its order and its scope — (status, due_on, id,
 * org_path) instead of (status, due_on) — so a page and its count read index entries only, the
 * page's rows last. The reconciler's ranges (status, due_on) read it as before.
 */
export class DeadlinesDueIndex1763770400000 implements MigrationInterface {
  name = 'DeadlinesDueIndex1763770400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX "ix_deadlines_due"');
    await q.query('CREATE INDEX "ix_deadlines_due" ON "deadlines" ("status", "due_on", "id", "org_path")');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX "ix_deadlines_due"');
    await q.query('CREATE INDEX "ix_deadlines_due" ON "deadlines" ("status", "due_on")');
  }
}
