import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/** Candidates, their immutable timeline, and deadlines. */
export class Candidates1763769650000 implements MigrationInterface {
  name = 'Candidates1763769650000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'candidates',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'org_id', type: 'varchar', length: '36' },
          { name: 'org_path', type: 'varchar', length: '400' },
          { name: 'name', type: 'varchar', length: '100' },
          { name: 'gender', type: 'varchar', length: '10' },
          { name: 'birth_date', type: 'varchar', length: '10' },
          { name: 'application_date', type: 'varchar', length: '10' },
          { name: 'ethnicity', type: 'varchar', length: '50', isNullable: true },
          { name: 'education', type: 'varchar', length: '50', isNullable: true },
          { name: 'occupation', type: 'varchar', length: '100', isNullable: true },
          { name: 'work_unit', type: 'varchar', length: '200', isNullable: true },
          { name: 'frontline', type: 'boolean' },
          { name: 'high_knowledge', type: 'boolean' },
          { name: 'id_hash', type: 'varchar', length: '100', isNullable: true },
          { name: 'id_masked', type: 'varchar', length: '20', isNullable: true },
          { name: 'stage', type: 'varchar', length: '30' },
          { name: 'deferred', type: 'boolean' },
          { name: 'open_complaints', type: 'integer' },
          { name: 'record', type: 'text' },
          { name: 'version', type: 'integer' },
          { name: 'profile_stamp', type: 'varchar', length: '60' },
          { name: 'created_at', type: 'varchar', length: '32' },
          { name: 'updated_at', type: 'varchar', length: '32' },
        ],
        foreignKeys: [{ columnNames: ['org_id'], referencedTableName: 'organizations', referencedColumnNames: ['id'] }],
      }),
    );
    await q.createIndex(
      'candidates',
      new TableIndex({ name: 'ix_candidates_created', columnNames: ['created_at', 'id'] }),
    );
    await q.createIndex(
      'candidates',
      new TableIndex({ name: 'ix_candidates_org_path', columnNames: ['org_path', 'created_at'] }),
    );
    await q.createIndex(
      'candidates',
      new TableIndex({ name: 'ix_candidates_stage', columnNames: ['stage', 'created_at'] }),
    );

    await q.createTable(
      new Table({
        name: 'candidate_events',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'candidate_id', type: 'varchar', length: '36' },
          { name: 'seq', type: 'integer' },
          { name: 'type', type: 'varchar', length: '40' },
          { name: 'occurred_on', type: 'varchar', length: '10' },
          { name: 'actor_sub', type: 'varchar', length: '100' },
          { name: 'actor_name', type: 'varchar', length: '100' },
          { name: 'input', type: 'text' },
          { name: 'profile_stamp', type: 'varchar', length: '60' },
          { name: 'recorded_at', type: 'varchar', length: '32' },
        ],
        uniques: [{ name: 'uq_candidate_events_seq', columnNames: ['candidate_id', 'seq'] }],
        foreignKeys: [
          { columnNames: ['candidate_id'], referencedTableName: 'candidates', referencedColumnNames: ['id'] },
        ],
      }),
    );
    // The timeline is immutable: the database itself refuses to change or remove an event.
    if (q.connection.options.type === 'postgres') {
      await q.query(`CREATE FUNCTION candidate_events_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'candidate timeline is append-only'; END $$`);
      await q.query(`CREATE TRIGGER candidate_events_no_change BEFORE UPDATE OR DELETE ON candidate_events
        FOR EACH ROW EXECUTE FUNCTION candidate_events_immutable()`);
    } else {
      await q.query(`CREATE TRIGGER candidate_events_no_update BEFORE UPDATE ON candidate_events
        BEGIN SELECT RAISE(ABORT, 'candidate timeline is append-only'); END`);
      await q.query(`CREATE TRIGGER candidate_events_no_delete BEFORE DELETE ON candidate_events
        BEGIN SELECT RAISE(ABORT, 'candidate timeline is append-only'); END`);
    }

    await q.createTable(
      new Table({
        name: 'deadlines',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'candidate_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'org_path', type: 'varchar', length: '400' },
          { name: 'kind', type: 'varchar', length: '20' },
          { name: 'due_on', type: 'varchar', length: '10' },
          { name: 'status', type: 'varchar', length: '12' },
          { name: 'ref_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'created_at', type: 'varchar', length: '32' },
          { name: 'resolved_at', type: 'varchar', length: '32', isNullable: true },
        ],
      }),
    );
    await q.createIndex(
      'deadlines',
      new TableIndex({ name: 'ix_deadlines_candidate', columnNames: ['candidate_id', 'status'] }),
    );
    await q.createIndex('deadlines', new TableIndex({ name: 'ix_deadlines_due', columnNames: ['status', 'due_on'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('deadlines');
    if (q.connection.options.type === 'postgres') {
      await q.query('DROP TRIGGER candidate_events_no_change ON candidate_events');
      await q.query('DROP FUNCTION candidate_events_immutable()');
    }
    await q.dropTable('candidate_events');
    await q.dropTable('candidates');
  }
}
