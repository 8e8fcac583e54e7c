import { MigrationInterface, QueryRunner } from 'typeorm';

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/**
 * Fills candidate_name_grams from the candidates (the migration's backfill; a bulk seed's too):
 * the keys of name-grams.ts in SQL — each two-character substring at positions 1 … length − 1
 * (a one-character name: itself), ASCII folded to lower case, distinct per candidate.
 */
export async function rebuildNameGrams(q: { query(sql: string): Promise<unknown> }, postgres: boolean): Promise<void> {
  const folded = postgres ? `translate(name, '${UPPER}', '${UPPER.toLowerCase()}')` : 'lower(name)';
  await q.query('DELETE FROM candidate_name_grams');
  await q.query(
    'INSERT INTO candidate_name_grams (gram, created_at, candidate_id, org_path) ' +
      // positions up to the longest name's, not the column's 100: each name is joined with each
      // (3.4× faster at 100,000 on SQLite with the order below, 4.4 → 1.3 s)
      'WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < (SELECT MAX(length(name)) FROM candidates)) ' +
      'SELECT DISTINCT substr(c.n, k.i, 2), c.created_at, c.id, c.org_path ' +
      `FROM (SELECT id, created_at, org_path, ${folded} AS n FROM candidates) c ` +
      'JOIN k ON k.i < length(c.n) OR (k.i = 1 AND length(c.n) = 1) ' +
      // in key order: appended to the key's B-tree, not inserted page by page
      'ORDER BY 1, 2, 3',
  );
}

/**
 * Issue 13: the name search's bigram index (name-gram.entity.ts), backfilled, and the subtree
 * scope's index made covering for the list's order: (org_path, created_at, id) instead of
 * (org_path, created_at), so a subtree's page is chosen from the index alone (PostgreSQL: under
 * COLLATE "C", as the list compares paths; the counts' path index too).
 */
export class CandidateNameGrams1763770200000 implements MigrationInterface {
  name = 'CandidateNameGrams1763770200000';

  async up(q: QueryRunner): Promise<void> {
    const postgres = q.connection.options.type === 'postgres';
    // Stored in key order with the path beside the key: SQLite WITHOUT ROWID, PostgreSQL INCLUDE.
    await q.query(
      'CREATE TABLE "candidate_name_grams" ("gram" varchar(8) NOT NULL, "created_at" varchar(32) NOT NULL, ' +
        '"candidate_id" varchar(36) NOT NULL, "org_path" varchar(400) NOT NULL, ' +
        (postgres
          ? 'CONSTRAINT "pk_candidate_name_grams" PRIMARY KEY ("gram", "created_at", "candidate_id") INCLUDE ("org_path"))'
          : 'PRIMARY KEY ("gram", "created_at", "candidate_id")) WITHOUT ROWID'),
    );
    await rebuildNameGrams(q, postgres);
    await q.query('DROP INDEX "ix_candidates_org_path"');
    await q.query(
      `CREATE INDEX "ix_candidates_org_path" ON "candidates" ("org_path"${postgres ? ' COLLATE "C"' : ''}, "created_at", "id")`,
    );
    if (postgres) {
      // The counts' subtree sum compares paths the same way.
      await q.query('DROP INDEX "ix_candidate_counts_org_path"');
      await q.query('CREATE INDEX "ix_candidate_counts_org_path" ON "candidate_counts" ("org_path" COLLATE "C")');
    }
  }

  async down(q: QueryRunner): Promise<void> {
    if (q.connection.options.type === 'postgres') {
      await q.query('DROP INDEX "ix_candidate_counts_org_path"');
      await q.query('CREATE INDEX "ix_candidate_counts_org_path" ON "candidate_counts" ("org_path")');
    }
    await q.query('DROP INDEX "ix_candidates_org_path"');
    await q.query('CREATE INDEX "ix_candidates_org_path" ON "candidates" ("org_path", "created_at")');
    await q.query('DROP TABLE "candidate_name_grams"');
  }
}
