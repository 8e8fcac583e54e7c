import { MigrationInterface, QueryRunner, Table } from 'typeorm';

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
    'INSERT INTO candidate_name_grams (gram, created_at, candidate_id) ' +
      'WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < 100) ' +
      'SELECT DISTINCT substr(c.n, k.i, 2), c.created_at, c.id ' +
      `FROM (SELECT id, created_at, ${folded} AS n FROM candidates) c ` +
      'JOIN k ON k.i < length(c.n) OR (k.i = 1 AND length(c.n) = 1)',
  );
}

/** Issue 13: the name search's bigram index (name-gram.entity.ts), backfilled. */
export class CandidateNameGrams1763770200000 implements MigrationInterface {
  name = 'CandidateNameGrams1763770200000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'candidate_name_grams',
        columns: [
          { name: 'gram', type: 'varchar', length: '8', isPrimary: true },
          { name: 'created_at', type: 'varchar', length: '32', isPrimary: true },
          { name: 'candidate_id', type: 'varchar', length: '36', isPrimary: true },
        ],
      }),
    );
    await rebuildNameGrams(q, q.connection.options.type === 'postgres');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('candidate_name_grams');
  }
}
