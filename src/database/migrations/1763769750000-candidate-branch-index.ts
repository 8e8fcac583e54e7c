import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/** A branch's candidate list filters on org_id (and often stage), newest first. */
export class CandidateBranchIndex1763769750000 implements MigrationInterface {
  name = 'CandidateBranchIndex1763769750000';

  async up(q: QueryRunner): Promise<void> {
    await q.createIndex(
      'candidates',
      new TableIndex({ name: 'ix_candidates_org_created', columnNames: ['org_id', 'created_at'] }),
    );
    await q.createIndex(
      'candidates',
      new TableIndex({ name: 'ix_candidates_org_stage', columnNames: ['org_id', 'stage', 'created_at'] }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('candidates', 'ix_candidates_org_stage');
    await q.dropIndex('candidates', 'ix_candidates_org_created');
  }
}
