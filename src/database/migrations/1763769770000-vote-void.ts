import { MigrationInterface, QueryRunner } from 'typeorm';

/** SPEC §7.1: a session opened by mistake is voided, with its reason; `status` then reads `void`. */
export class VoteVoid1763769770000 implements MigrationInterface {
  name = 'VoteVoid1763769770000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE vote_sessions ADD COLUMN void_reason text NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE vote_sessions DROP COLUMN void_reason');
  }
}
