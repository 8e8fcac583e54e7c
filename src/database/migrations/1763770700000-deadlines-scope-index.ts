import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 13: the overdue list counts a subtree's part (overdue; pending and due soon) on its own
 * range — (status, org_path, due_on, id), the path in byte order on PostgreSQL as every subtree
 * range is compared — reading no other subtree's entries, and sorts a small part's page from it.
 */
export class DeadlinesScopeIndex1763770700000 implements MigrationInterface {
  name = 'DeadlinesScopeIndex1763770700000';

  async up(q: QueryRunner): Promise<void> {
    const path = q.connection.options.type === 'postgres' ? '"org_path" COLLATE "C"' : '"org_path"';
    await q.query(`CREATE INDEX "ix_deadlines_scope" ON "deadlines" ("status", ${path}, "due_on", "id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX "ix_deadlines_scope"');
  }
}
