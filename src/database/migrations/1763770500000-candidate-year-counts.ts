import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Fills candidate_year_counts from the candidates (the migration's backfill; a bulk seed's too):
 * the figures of candidates/year-counts.ts in SQL, each counted in the year of its date — the
 * application, activist, development-object, probation-start and full-member dates; a closing
 * stage's closing date; among those with a probation start, under 35 on it (the 35th birthday,
 * 29 February falling on the 28th in a common year, after the start), women, minorities (an
 * ethnicity given and not 汉族), frontline, high-knowledge. CandidateWriter.audit checks the
 * result against the writer's own computation.
 */
export async function recountYears(q: { query(sql: string): Promise<unknown> }, postgres: boolean): Promise<void> {
  const field = (key: string) => (postgres ? `(r ->> '${key}')` : `json_extract(record, '$.${key}')`);
  const record = postgres ? ', record::jsonb AS r' : ', record';
  const yes = (column: string) => (postgres ? column : `${column} = 1`);
  const pad4 = (n: string) => (postgres ? `lpad(CAST(${n} AS text), 4, '0')` : `printf('%04d', ${n})`);
  const chr = postgres ? 'chr' : 'char';
  // what JavaScript's trim() removes that an ethnicity may hold: tab, line ends, spaces (ideographic too)
  const spaces = [32, 9, 10, 13, 160, 12288].map((c) => `${chr}(${c})`).join(' || ');
  const y35 = `(CAST(substr(birth_date, 1, 4) AS integer) + 35)`;
  const leap = `((${y35} % 4 = 0 AND ${y35} % 100 <> 0) OR ${y35} % 400 = 0)`;
  const birthday35 =
    `${pad4(y35)} || CASE WHEN substr(birth_date, 5) = '-02-29' AND NOT ${leap} ` +
    `THEN '-02-28' ELSE substr(birth_date, 5) END`;
  const on = (date: string, figure: string, where = 'TRUE') =>
    `SELECT org_path, ${date} AS d, ${figure} AS figure FROM c WHERE ${date} IS NOT NULL AND ${where}`;
  const parts = [
    on('application_date', `'applications'`),
    on('activist', `'activists'`),
    on('devobj', `'developmentObjects'`),
    on('converted', `'fullMembers'`),
    on('closed', 'stage', `stage IN ('rejected', 'withdrawn', 'cancelled', 'transferred')`),
    on('probation', `'probationary'`),
    on('probation', `'under35'`, `(probation < birth_date OR probation < ${birthday35})`),
    on('probation', `'women'`, `gender = 'female'`),
    on('probation', `'minorities'`, `${postgres ? 'btrim' : 'trim'}(ethnicity, ${spaces}) NOT IN ('', '汉族')`),
    on('probation', `'frontline'`, yes('frontline')),
    on('probation', `'highKnowledge'`, yes('high_knowledge')),
  ];
  const year = 'CAST(substr(d, 1, 4) AS integer)';
  await q.query('DELETE FROM candidate_year_counts');
  await q.query(
    'INSERT INTO candidate_year_counts (year, org_path, figure, n) ' +
      'WITH c AS MATERIALIZED (SELECT org_path, stage, application_date, birth_date, gender, ethnicity, ' +
      `frontline, high_knowledge, ${field('activistDate')} AS activist, ${field('developmentObjectDate')} AS devobj, ` +
      `${field('fullMemberOn')} AS converted, ${field('closedOn')} AS closed, ${field('probationStart')} AS probation ` +
      `FROM (SELECT org_path, stage, application_date, birth_date, gender, ethnicity, frontline, high_knowledge${record} FROM candidates) x) ` +
      `SELECT ${year}, org_path, figure, COUNT(*) FROM (${parts.join(' UNION ALL ')}) f ` +
      // in key order: appended to the key's B-tree
      `GROUP BY ${year}, org_path, figure ORDER BY 1, 2, 3`,
  );
}

/**
 * Issue 13: the year's report figures per branch (candidates/year-count.entity.ts), kept by the
 * writer, so that the funnel's flow and the intake's structure are sums over one key range.
 */
export class CandidateYearCounts1763770500000 implements MigrationInterface {
  name = 'CandidateYearCounts1763770500000';

  async up(q: QueryRunner): Promise<void> {
    const postgres = q.connection.options.type === 'postgres';
    // Stored in key order (SQLite WITHOUT ROWID; PostgreSQL reads n beside the key), the path in
    // byte order on PostgreSQL as every subtree range is compared.
    await q.query(
      'CREATE TABLE "candidate_year_counts" ("year" integer NOT NULL, ' +
        `"org_path" varchar(400)${postgres ? ' COLLATE "C"' : ''} NOT NULL, "figure" varchar(30) NOT NULL, "n" integer NOT NULL, ` +
        (postgres
          ? 'CONSTRAINT "pk_candidate_year_counts" PRIMARY KEY ("year", "org_path", "figure") INCLUDE ("n"))'
          : 'PRIMARY KEY ("year", "org_path", "figure")) WITHOUT ROWID'),
    );
    await recountYears(q, postgres);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE "candidate_year_counts"');
  }
}
