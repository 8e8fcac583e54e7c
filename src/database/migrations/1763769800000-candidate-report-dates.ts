import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/**
 * The dates the funnel and structure reports count (SPEC §11) live in the candidate's JSON
 * record. To count them at 100,000 candidates without parsing every record, each is exposed
 * as a generated column (SQLite: VIRTUAL, computed when read or indexed; PostgreSQL: STORED)
 * with an index; the columns follow the record by construction, whatever command writes it.
 * The service never writes them, and the Candidate entity does not list them.
 *
 * The expressions are also registered in TypeORM's `typeorm_metadata` table, where TypeORM
 * looks them up when a later migration alters `candidates` through its API (on SQLite it
 * rebuilds the table and must re-create the columns; on PostgreSQL it reads them back).
 *
 * The report's current counts: `(stage, org_path)`, a subtree being one range within each
 * stage; on PostgreSQL the path is indexed in byte order (COLLATE "C"), so that the range
 * holds whatever the database's collation.
 */
export const REPORT_DATE_COLUMNS = {
  activist_date: 'activistDate',
  development_object_date: 'developmentObjectDate',
  probation_start: 'probationStart',
  full_member_on: 'fullMemberOn',
  closed_on: 'closedOn',
} as const;

const INDEXES: [string, string][] = [
  ['ix_candidates_report_applied', 'application_date'],
  ['ix_candidates_report_activist', 'activist_date'],
  ['ix_candidates_report_devobj', 'development_object_date'],
  ['ix_candidates_report_probation', 'probation_start'],
  ['ix_candidates_report_full', 'full_member_on'],
  ['ix_candidates_report_closed', 'closed_on'],
];

const METADATA = 'typeorm_metadata';

export class CandidateReportDates1763769800000 implements MigrationInterface {
  name = 'CandidateReportDates1763769800000';

  async up(q: QueryRunner): Promise<void> {
    const postgres = q.connection.options.type === 'postgres';
    const expression = (key: string) =>
      postgres ? `("record"::jsonb ->> '${key}')` : `json_extract("record", '$.${key}')`;
    const columns = Object.entries(REPORT_DATE_COLUMNS);
    if (postgres) {
      // one statement: one table rewrite
      await q.query(
        `ALTER TABLE "candidates" ${columns.map(([column, key]) => `ADD COLUMN "${column}" varchar(10) GENERATED ALWAYS AS (${expression(key)}) STORED`).join(', ')}`,
      );
    } else {
      // VIRTUAL: no rewrite of the table; SQLite refuses to add a STORED column to an existing table
      for (const [column, key] of columns) {
        await q.query(
          `ALTER TABLE "candidates" ADD COLUMN "${column}" varchar(10) GENERATED ALWAYS AS (${expression(key)}) VIRTUAL`,
        );
      }
    }
    for (const [name, column] of INDEXES) await q.query(`CREATE INDEX "${name}" ON "candidates" ("${column}")`);
    await q.query(
      `CREATE INDEX "ix_candidates_report_stage" ON "candidates" ("stage", "org_path"${postgres ? ' COLLATE "C"' : ''})`,
    );

    await q.createTable(
      new Table({
        name: METADATA,
        columns: [
          { name: 'type', type: 'varchar', isNullable: false },
          { name: 'database', type: 'varchar', isNullable: true },
          { name: 'schema', type: 'varchar', isNullable: true },
          { name: 'table', type: 'varchar', isNullable: true },
          { name: 'name', type: 'varchar', isNullable: true },
          { name: 'value', type: 'text', isNullable: true },
        ],
      }),
      true,
    );
    for (const [column, key] of columns) {
      if (postgres) {
        await q.query(
          `INSERT INTO "${METADATA}" ("type", "database", "schema", "table", "name", "value") VALUES ('GENERATED_COLUMN', current_database(), current_schema(), 'candidates', $1, $2)`,
          [column, expression(key)],
        );
      } else {
        await q.query(
          `INSERT INTO "${METADATA}" ("type", "table", "name", "value") VALUES ('GENERATED_COLUMN', 'candidates', ?, ?)`,
          [column, expression(key)],
        );
      }
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_candidates_report_stage"`);
    for (const [name] of INDEXES) await q.query(`DROP INDEX "${name}"`);
    for (const column of Object.keys(REPORT_DATE_COLUMNS)) {
      await q.query(`ALTER TABLE "candidates" DROP COLUMN "${column}"`);
      await q.query(
        `DELETE FROM "${METADATA}" WHERE "type" = 'GENERATED_COLUMN' AND "table" = 'candidates' AND "name" = '${column}'`,
      );
    }
  }
}
