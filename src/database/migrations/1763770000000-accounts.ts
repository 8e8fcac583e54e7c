import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/** SPEC §14: users and their audit trail. Table API only, so it runs on SQLite and PostgreSQL. */
export class Accounts1763770000000 implements MigrationInterface {
  name = 'Accounts1763770000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'users',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'username', type: 'varchar', length: '32', isUnique: true },
          { name: 'name', type: 'varchar', length: '100' },
          { name: 'role', type: 'varchar', length: '20' },
          { name: 'org_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'org_path', type: 'varchar', length: '400' },
          { name: 'password_hash', type: 'varchar', length: '200' },
          { name: 'disabled', type: 'boolean', default: false },
          { name: 'session_version', type: 'integer', default: 1 },
          { name: 'created_at', type: 'varchar', length: '32' },
          { name: 'updated_at', type: 'varchar', length: '32' },
        ],
        foreignKeys: [{ columnNames: ['org_id'], referencedTableName: 'organizations', referencedColumnNames: ['id'] }],
      }),
    );
    await q.createIndex('users', new TableIndex({ name: 'ix_users_org_path', columnNames: ['org_path'] }));
    await q.createTable(
      new Table({
        name: 'account_events',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'user_id', type: 'varchar', length: '36' },
          { name: 'type', type: 'varchar', length: '30' },
          { name: 'actor_sub', type: 'varchar', length: '100' },
          { name: 'actor_name', type: 'varchar', length: '100' },
          { name: 'changes', type: 'text' },
          { name: 'at', type: 'varchar', length: '32' },
        ],
        foreignKeys: [{ columnNames: ['user_id'], referencedTableName: 'users', referencedColumnNames: ['id'] }],
      }),
    );
    await q.createIndex(
      'account_events',
      new TableIndex({ name: 'ix_account_events_user', columnNames: ['user_id', 'at'] }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('account_events');
    await q.dropTable('users');
  }
}
