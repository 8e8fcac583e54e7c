import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/** Follow-up visits during probation. */
export class Probation1763769740000 implements MigrationInterface {
  name = 'Probation1763769740000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'visits',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'candidate_id', type: 'varchar', length: '36' },
          { name: 'org_path', type: 'varchar', length: '400' },
          { name: 'date', type: 'varchar', length: '10' },
          { name: 'visitors', type: 'text' },
          { name: 'methods', type: 'text' },
          { name: 'checks', type: 'text' },
          { name: 'action', type: 'varchar', length: '20' },
          { name: 'qualifying', type: 'boolean' },
          { name: 'decision_seq', type: 'integer', isNullable: true },
          { name: 'recorded_by', type: 'varchar', length: '100' },
          { name: 'created_at', type: 'varchar', length: '32' },
        ],
        foreignKeys: [
          { columnNames: ['candidate_id'], referencedTableName: 'candidates', referencedColumnNames: ['id'] },
        ],
      }),
    );
    await q.createIndex('visits', new TableIndex({ name: 'ix_visits_org_date', columnNames: ['org_path', 'date'] }));
    await q.createIndex('visits', new TableIndex({ name: 'ix_visits_candidate', columnNames: ['candidate_id'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('visits');
  }
}
