import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SPEC §13 duplicates: `candidates.id_digest`, the national ID number's HMAC-SHA-256 under
 * PERSONAL_DATA_KEY (a key the database does not hold), with a plain index: not unique, since
 * a closed candidate may share a number with a new applicant.
 *
 * Existing rows get NULL: their `id_hash` is salted per record and cannot be turned into a
 * digest, so they keep it (the column stays) and become searchable once a correction gives
 * their number again. Plain SQL on both databases: a nullable column without a default is
 * added in place (no table rebuild on SQLite, no rewrite on PostgreSQL).
 */
export class CandidateIdDigest1763769900000 implements MigrationInterface {
  name = 'CandidateIdDigest1763769900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE "candidates" ADD COLUMN "id_digest" varchar(64) NULL');
    await q.query('CREATE INDEX "ix_candidates_id_digest" ON "candidates" ("id_digest")');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX "ix_candidates_id_digest"');
    await q.query('ALTER TABLE "candidates" DROP COLUMN "id_digest"');
  }
}
