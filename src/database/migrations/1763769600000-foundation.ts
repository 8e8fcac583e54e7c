import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/** Organizations, rosters and idempotency records. Table API only, so it runs on SQLite and PostgreSQL. */
export class Foundation1763769600000 implements MigrationInterface {
  name = 'Foundation1763769600000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'organizations',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'name', type: 'varchar', length: '200' },
          { name: 'kind', type: 'varchar', length: '20' },
          { name: 'parent_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'path', type: 'varchar', length: '400' },
          { name: 'created_at', type: 'varchar', length: '32' },
        ],
        foreignKeys: [
          { columnNames: ['parent_id'], referencedTableName: 'organizations', referencedColumnNames: ['id'] },
        ],
      }),
    );
    await q.createIndex('organizations', new TableIndex({ name: 'ix_organizations_path', columnNames: ['path'] }));
    await q.createIndex(
      'organizations',
      new TableIndex({ name: 'ix_organizations_parent', columnNames: ['parent_id'] }),
    );

    await q.createTable(
      new Table({
        name: 'members',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'org_id', type: 'varchar', length: '36' },
          { name: 'name', type: 'varchar', length: '100' },
          { name: 'status', type: 'varchar', length: '20' },
          { name: 'voting_rights', type: 'boolean' },
          { name: 'joined_on', type: 'varchar', length: '10' },
          { name: 'candidate_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'created_at', type: 'varchar', length: '32' },
        ],
        foreignKeys: [{ columnNames: ['org_id'], referencedTableName: 'organizations', referencedColumnNames: ['id'] }],
      }),
    );
    await q.createIndex('members', new TableIndex({ name: 'ix_members_org', columnNames: ['org_id'] }));

    await q.createTable(
      new Table({
        name: 'idempotency_records',
        columns: [
          { name: 'id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'request_hash', type: 'varchar', length: '64' },
          { name: 'status_code', type: 'integer' },
          { name: 'body', type: 'text' },
          { name: 'created_at', type: 'varchar', length: '32' },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('idempotency_records');
    await q.dropTable('members');
    await q.dropTable('organizations');
  }
}
