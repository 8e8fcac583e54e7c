import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/** Annual development plans (年度发展计划) and their entries (SPEC §11). */
export class Plans1763769730000 implements MigrationInterface {
  name = 'Plans1763769730000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'plans',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'org_id', type: 'varchar', length: '36' },
          { name: 'org_path', type: 'varchar', length: '400' },
          { name: 'year', type: 'integer' },
          { name: 'quota', type: 'integer', isNullable: true },
          { name: 'created_by', type: 'varchar', length: '100' },
          { name: 'created_at', type: 'varchar', length: '32' },
        ],
        foreignKeys: [{ columnNames: ['org_id'], referencedTableName: 'organizations', referencedColumnNames: ['id'] }],
      }),
    );
    await q.createIndex(
      'plans',
      new TableIndex({ name: 'ux_plans_org_year', columnNames: ['org_id', 'year'], isUnique: true }),
    );

    await q.createTable(
      new Table({
        name: 'plan_entries',
        columns: [
          { name: 'plan_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'candidate_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'org_path', type: 'varchar', length: '400' },
          { name: 'status', type: 'varchar', length: '12' },
          { name: 'submitted_by', type: 'varchar', length: '100' },
          { name: 'submitted_at', type: 'varchar', length: '32' },
          { name: 'vote_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'decided_on', type: 'varchar', length: '10', isNullable: true },
        ],
        foreignKeys: [
          { columnNames: ['plan_id'], referencedTableName: 'plans', referencedColumnNames: ['id'] },
          { columnNames: ['candidate_id'], referencedTableName: 'candidates', referencedColumnNames: ['id'] },
        ],
      }),
    );
    await q.createIndex(
      'plan_entries',
      new TableIndex({ name: 'ix_plan_entries_candidate', columnNames: ['candidate_id', 'status'] }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('plan_entries');
    await q.dropTable('plans');
  }
}
