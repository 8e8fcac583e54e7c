import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/** Publicity notices with their candidates, complaints and their verifications (SPEC §6). */
export class PublicityComplaints1763769680000 implements MigrationInterface {
  name = 'PublicityComplaints1763769680000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'publicity_notices',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'org_id', type: 'varchar', length: '36' },
          { name: 'org_path', type: 'varchar', length: '400' },
          { name: 'issuer', type: 'varchar', length: '200' },
          { name: 'kind', type: 'varchar', length: '12' },
          { name: 'start_date', type: 'varchar', length: '10' },
          { name: 'end_date', type: 'varchar', length: '10' },
          { name: 'days', type: 'integer' },
          { name: 'channels', type: 'text' },
          { name: 'status', type: 'varchar', length: '10' },
          { name: 'closed_on', type: 'varchar', length: '10', isNullable: true },
          { name: 'candidate_count', type: 'integer' },
          { name: 'created_by', type: 'varchar', length: '100' },
          { name: 'profile_stamp', type: 'varchar', length: '60' },
          { name: 'created_at', type: 'varchar', length: '32' },
        ],
        foreignKeys: [{ columnNames: ['org_id'], referencedTableName: 'organizations', referencedColumnNames: ['id'] }],
      }),
    );
    await q.createIndex(
      'publicity_notices',
      new TableIndex({ name: 'ix_publicity_notices_org_path', columnNames: ['org_path', 'created_at'] }),
    );
    await q.createIndex(
      'publicity_notices',
      new TableIndex({ name: 'ix_publicity_notices_open', columnNames: ['status', 'end_date'] }),
    );

    await q.createTable(
      new Table({
        name: 'publicity_entries',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'notice_id', type: 'varchar', length: '36' },
          { name: 'candidate_id', type: 'varchar', length: '36' },
          { name: 'seq', type: 'integer' },
          { name: 'name', type: 'varchar', length: '100' },
          { name: 'gender', type: 'varchar', length: '10' },
          { name: 'birth_year_month', type: 'varchar', length: '7' },
          { name: 'education', type: 'varchar', length: '50', isNullable: true },
          { name: 'work_unit', type: 'varchar', length: '200', isNullable: true },
        ],
        uniques: [{ name: 'uq_publicity_entries_candidate', columnNames: ['notice_id', 'candidate_id'] }],
        foreignKeys: [
          { columnNames: ['notice_id'], referencedTableName: 'publicity_notices', referencedColumnNames: ['id'] },
          { columnNames: ['candidate_id'], referencedTableName: 'candidates', referencedColumnNames: ['id'] },
        ],
      }),
    );
    await q.createIndex(
      'publicity_entries',
      new TableIndex({ name: 'ix_publicity_entries_seq', columnNames: ['notice_id', 'seq'] }),
    );
    await q.createIndex(
      'publicity_entries',
      new TableIndex({ name: 'ix_publicity_entries_candidate', columnNames: ['candidate_id'] }),
    );

    await q.createTable(
      new Table({
        name: 'complaints',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'candidate_id', type: 'varchar', length: '36' },
          { name: 'org_path', type: 'varchar', length: '400' },
          { name: 'notice_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'source', type: 'varchar', length: '10' },
          { name: 'channel', type: 'varchar', length: '10' },
          { name: 'received_on', type: 'varchar', length: '10' },
          { name: 'content', type: 'text' },
          { name: 'contact', type: 'varchar', length: '200', isNullable: true },
          { name: 'complainant', type: 'varchar', length: '100', isNullable: true },
          { name: 'tracking_code', type: 'varchar', length: '12' },
          { name: 'status', type: 'varchar', length: '10' },
          { name: 'due_on', type: 'varchar', length: '10' },
          { name: 'round', type: 'integer' },
          { name: 'holds_deferral', type: 'boolean' },
          { name: 'late', type: 'boolean' },
          { name: 'finding', type: 'varchar', length: '20', isNullable: true },
          { name: 'outcome', type: 'varchar', length: '10', isNullable: true },
          { name: 'verified_on', type: 'varchar', length: '10', isNullable: true },
          { name: 'created_by', type: 'varchar', length: '100', isNullable: true },
          { name: 'created_at', type: 'varchar', length: '32' },
          { name: 'updated_at', type: 'varchar', length: '32' },
        ],
        uniques: [{ name: 'uq_complaints_tracking_code', columnNames: ['tracking_code'] }],
        foreignKeys: [
          { columnNames: ['candidate_id'], referencedTableName: 'candidates', referencedColumnNames: ['id'] },
          { columnNames: ['notice_id'], referencedTableName: 'publicity_notices', referencedColumnNames: ['id'] },
        ],
      }),
    );
    await q.createIndex(
      'complaints',
      new TableIndex({ name: 'ix_complaints_candidate', columnNames: ['candidate_id', 'status'] }),
    );
    await q.createIndex(
      'complaints',
      new TableIndex({ name: 'ix_complaints_org_path', columnNames: ['org_path', 'created_at'] }),
    );

    await q.createTable(
      new Table({
        name: 'complaint_verifications',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'complaint_id', type: 'varchar', length: '36' },
          { name: 'round', type: 'integer' },
          { name: 'verified_on', type: 'varchar', length: '10' },
          { name: 'finding', type: 'varchar', length: '20' },
          { name: 'outcome', type: 'varchar', length: '10' },
          { name: 'summary', type: 'text' },
          { name: 'reply', type: 'text', isNullable: true },
          { name: 'due_on', type: 'varchar', length: '10' },
          { name: 'late', type: 'boolean' },
          { name: 'next_due_on', type: 'varchar', length: '10', isNullable: true },
          { name: 'verified_by', type: 'varchar', length: '100' },
          { name: 'verified_by_name', type: 'varchar', length: '100' },
          { name: 'profile_stamp', type: 'varchar', length: '60' },
          { name: 'recorded_at', type: 'varchar', length: '32' },
        ],
        uniques: [{ name: 'uq_complaint_verifications_round', columnNames: ['complaint_id', 'round'] }],
        foreignKeys: [
          { columnNames: ['complaint_id'], referencedTableName: 'complaints', referencedColumnNames: ['id'] },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('complaint_verifications');
    await q.dropTable('complaints');
    await q.dropTable('publicity_entries');
    await q.dropTable('publicity_notices');
  }
}
