import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/** Recounts candidate_counts from the candidates table (the migration's backfill; a bulk seed's too). */
export const RECOUNT_CANDIDATES = [
  'DELETE FROM candidate_counts',
  'INSERT INTO candidate_counts (org_id, stage, deferred, org_path, n) ' +
    'SELECT org_id, stage, deferred, MIN(org_path), COUNT(*) FROM candidates GROUP BY org_id, stage, deferred',
];

/** Issue 13: the candidates per branch, stage and deferral, kept by the writer (candidate-count.entity.ts). */
export class CandidateCounts1763770100000 implements MigrationInterface {
  name = 'CandidateCounts1763770100000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'candidate_counts',
        columns: [
          { name: 'org_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'stage', type: 'varchar', length: '30', isPrimary: true },
          { name: 'deferred', type: 'boolean', isPrimary: true },
          { name: 'org_path', type: 'varchar', length: '400' },
          { name: 'n', type: 'integer' },
        ],
      }),
    );
    await q.createIndex(
      'candidate_counts',
      new TableIndex({ name: 'ix_candidate_counts_org_path', columnNames: ['org_path'] }),
    );
    for (const sql of RECOUNT_CANDIDATES) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('candidate_counts');
  }
}
