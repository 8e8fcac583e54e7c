import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/**
 * Issue 13: a ballot is keyed by (session_id, id) — the session first, its random id second —
 * and `ix_ballots_session` goes: every read, count and delete of ballots is by session, which
 * the key now serves. A cast then writes two B-tree leaves (the code's and the ballot's), not
 * three. Still no insertion order anywhere (SPEC §7.3): within a session the rows sit in the
 * order of their random ids, and SQLite keeps the table WITHOUT ROWID.
 */
export class BallotsSessionKey1763771000000 implements MigrationInterface {
  name = 'BallotsSessionKey1763771000000';

  async up(q: QueryRunner): Promise<void> {
    if (q.connection.options.type === 'postgres') {
      await q.query('DROP INDEX "ix_ballots_session"');
      await q.updatePrimaryKeys((await q.getTable('ballots'))!, [primary('session_id'), primary('id')]);
      return;
    }
    await rebuild(q, 'PRIMARY KEY ("session_id", "id")');
  }

  async down(q: QueryRunner): Promise<void> {
    if (q.connection.options.type === 'postgres') {
      await q.updatePrimaryKeys((await q.getTable('ballots'))!, [primary('id')]);
    } else {
      await rebuild(q, 'PRIMARY KEY ("id")');
    }
    await q.query('CREATE INDEX "ix_ballots_session" ON "ballots" ("session_id")');
  }
}

/** updatePrimaryKeys reads the columns' names only. */
const primary = (name: string) => new TableColumn({ name, type: 'varchar' });

/** SQLite cannot change a primary key in place: the table is rebuilt, WITHOUT ROWID as before. */
async function rebuild(q: QueryRunner, key: string): Promise<void> {
  await q.query(`CREATE TABLE "ballots_rekeyed" (
    "id" varchar(36) NOT NULL,
    "session_id" varchar(36) NOT NULL REFERENCES "vote_sessions" ("id"),
    "choices" text NOT NULL,
    ${key}
  ) WITHOUT ROWID`);
  await q.query(
    'INSERT INTO "ballots_rekeyed" ("id", "session_id", "choices") SELECT "id", "session_id", "choices" FROM "ballots"',
  );
  await q.query('DROP TABLE "ballots"');
  await q.query('ALTER TABLE "ballots_rekeyed" RENAME TO "ballots"');
}
