import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/**
 * Accountability records and their append-only ledger. Tables through the Table API; the
 * triggers that make the ledger append-only are the one driver-specific part.
 */
export const LEDGER_APPEND_ONLY_MESSAGE = 'accountability ledger is append-only';

/** Trigger DDL per driver, by trigger name (the tests drop and restore one of them). */
export const LEDGER_TRIGGERS = {
  sqlite: {
    accountability_ledger_no_update: `CREATE TRIGGER accountability_ledger_no_update BEFORE UPDATE ON accountability_ledger BEGIN SELECT RAISE(ABORT, '${LEDGER_APPEND_ONLY_MESSAGE}'); END`,
    accountability_ledger_no_delete: `CREATE TRIGGER accountability_ledger_no_delete BEFORE DELETE ON accountability_ledger BEGIN SELECT RAISE(ABORT, '${LEDGER_APPEND_ONLY_MESSAGE}'); END`,
  },
  postgres: {
    accountability_ledger_no_update: `CREATE TRIGGER accountability_ledger_no_update BEFORE UPDATE ON accountability_ledger FOR EACH ROW EXECUTE FUNCTION accountability_ledger_append_only()`,
    accountability_ledger_no_delete: `CREATE TRIGGER accountability_ledger_no_delete BEFORE DELETE ON accountability_ledger FOR EACH ROW EXECUTE FUNCTION accountability_ledger_append_only()`,
    accountability_ledger_no_truncate: `CREATE TRIGGER accountability_ledger_no_truncate BEFORE TRUNCATE ON accountability_ledger FOR EACH STATEMENT EXECUTE FUNCTION accountability_ledger_append_only()`,
  },
} as const;

// Unqualified, so it lands in the current schema: test files each have their own schema in one database.
const PG_FUNCTION = `CREATE FUNCTION accountability_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '${LEDGER_APPEND_ONLY_MESSAGE}';
END
$$`;

export class Accountability1763769700000 implements MigrationInterface {
  name = 'Accountability1763769700000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'accountability_records',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'filing_seq', type: 'integer' },
          { name: 'situation', type: 'varchar', length: '8' },
          { name: 'source', type: 'varchar', length: '10' },
          { name: 'status', type: 'varchar', length: '20' },
          { name: 'org_id', type: 'varchar', length: '36' },
          { name: 'org_path', type: 'varchar', length: '400' },
          { name: 'subject_member_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'subject_name', type: 'varchar', length: '100', isNullable: true },
          { name: 'candidate_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'occurred_on', type: 'varchar', length: '10' },
          { name: 'facts', type: 'text' },
          { name: 'dedupe_key', type: 'varchar', length: '200', isNullable: true },
          { name: 'handling', type: 'varchar', length: '40', isNullable: true },
          { name: 'authority', type: 'varchar', length: '200', isNullable: true },
          { name: 'decided_on', type: 'varchar', length: '10', isNullable: true },
          { name: 'dismiss_reason', type: 'text', isNullable: true },
          { name: 'rules_version', type: 'varchar', length: '80' },
          { name: 'decision_rules_version', type: 'varchar', length: '80', isNullable: true },
          { name: 'created_by', type: 'varchar', length: '100' },
          { name: 'created_at', type: 'varchar', length: '32' },
          { name: 'updated_at', type: 'varchar', length: '32' },
        ],
        foreignKeys: [
          { columnNames: ['org_id'], referencedTableName: 'organizations', referencedColumnNames: ['id'] },
          { columnNames: ['subject_member_id'], referencedTableName: 'members', referencedColumnNames: ['id'] },
        ],
      }),
    );
    await q.createIndex(
      'accountability_records',
      new TableIndex({ name: 'ux_accountability_records_filing_seq', columnNames: ['filing_seq'], isUnique: true }),
    );
    // NULLs never collide in a unique index (both drivers): manual records carry no key.
    await q.createIndex(
      'accountability_records',
      new TableIndex({ name: 'ux_accountability_records_dedupe', columnNames: ['dedupe_key'], isUnique: true }),
    );
    await q.createIndex(
      'accountability_records',
      new TableIndex({ name: 'ix_accountability_records_org_path', columnNames: ['org_path'] }),
    );
    await q.createIndex(
      'accountability_records',
      new TableIndex({ name: 'ix_accountability_records_status', columnNames: ['status'] }),
    );
    await q.createIndex(
      'accountability_records',
      new TableIndex({ name: 'ix_accountability_records_candidate', columnNames: ['candidate_id'] }),
    );

    await q.createTable(
      new Table({
        name: 'accountability_ledger',
        columns: [
          { name: 'seq', type: 'integer', isPrimary: true },
          { name: 'record_id', type: 'varchar', length: '36' },
          { name: 'event', type: 'varchar', length: '20' },
          { name: 'prev_hash', type: 'varchar', length: '64' },
          { name: 'hash', type: 'varchar', length: '64' },
          { name: 'content', type: 'text' },
          { name: 'created_at', type: 'varchar', length: '32' },
        ],
      }),
    );
    await q.createIndex(
      'accountability_ledger',
      new TableIndex({ name: 'ix_accountability_ledger_record', columnNames: ['record_id'] }),
    );

    if (q.dataSource.options.type === 'postgres') {
      await q.query(PG_FUNCTION);
      for (const ddl of Object.values(LEDGER_TRIGGERS.postgres)) await q.query(ddl);
    } else {
      for (const ddl of Object.values(LEDGER_TRIGGERS.sqlite)) await q.query(ddl);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    if (q.dataSource.options.type === 'postgres') {
      for (const name of Object.keys(LEDGER_TRIGGERS.postgres))
        await q.query(`DROP TRIGGER IF EXISTS ${name} ON accountability_ledger`);
      await q.query('DROP FUNCTION IF EXISTS accountability_ledger_append_only()');
    } else {
      for (const name of Object.keys(LEDGER_TRIGGERS.sqlite)) await q.query(`DROP TRIGGER IF EXISTS ${name}`);
    }
    await q.dropTable('accountability_ledger');
    await q.dropTable('accountability_records');
  }
}
