import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

/**
 * Multi-row INSERT in plain SQL, optionally `ON CONFLICT (…) DO UPDATE` (SQLite and
 * PostgreSQL spell it alike), for batch writes of thousands of rows — a vote closing on
 * 10,000 candidates. TypeORM's query builder spends about a microsecond per parameter
 * naming and escaping it, more than the database spends writing the row. Values still go
 * through the driver's own conversion (booleans on SQLite, …); runs inside `em`'s transaction.
 * On a conflict, `update` columns take the new row's value and `add` columns add it (counts).
 */
export async function insertRows<E extends ObjectLiteral>(
  em: EntityManager,
  target: EntityTarget<E>,
  rows: readonly E[],
  onConflict?: { keys: (keyof E & string)[]; update?: (keyof E & string)[]; add?: (keyof E & string)[] },
): Promise<void> {
  if (rows.length === 0) return;
  const { meta, driver, name, column } = describe(em, target);
  const columns = meta.columns;
  const head = `INSERT INTO ${name} (${columns.map((c) => driver.escape(c.databaseName)).join(', ')}) `;
  const tail = onConflict
    ? ` ON CONFLICT (${onConflict.keys.map(column).join(', ')}) DO UPDATE SET ${[
        ...(onConflict.update ?? []).map((p) => `${column(p)} = excluded.${column(p)}`),
        ...(onConflict.add ?? []).map((p) => `${column(p)} = ${name}.${column(p)} + excluded.${column(p)}`),
      ].join(', ')}`
    : '';
  // ≤ 4,000 parameters a statement: well inside SQLite's 32,766 and PostgreSQL's 65,535.
  const perStatement = Math.max(1, Math.floor(4000 / columns.length));
  for (let i = 0; i < rows.length; i += perStatement) {
    const [values, params] = tuples(em, columns, rows.slice(i, i + perStatement));
    await em.query(`${head}VALUES ${values}${tail}`, params);
  }
}

/**
 * Existing rows (whole rows, as the entity holds them) rewritten by key, `columns` only.
 * SQLite: `WITH v AS (VALUES …) UPDATE … FROM v`, the key and the changed columns only, and
 * no row built and checked for insertion first as an upsert does (a 10,000-candidate close:
 * ~440 ms instead of ~690 ms here). PostgreSQL: insertRows' upsert, where each row is found
 * through the key's index whatever the table's size (neither `UPDATE … FROM unnest(…)` nor an
 * upsert from one array a column was faster at 10,000 rows — the arrays' text is escaped and
 * parsed again — and an UPDATE's join is the planner's choice: a hash join over the whole
 * table at a million). Rows whose key is not in the table are left out
 * on SQLite and inserted on PostgreSQL: the caller has them locked, so they are there.
 */
export async function updateRows<E extends ObjectLiteral>(
  em: EntityManager,
  target: EntityTarget<E>,
  rows: readonly E[],
  key: keyof E & string,
  columns: readonly (keyof E & string)[],
): Promise<void> {
  const set = columns.filter((c) => c !== key);
  if (rows.length === 0 || set.length === 0) return;
  const { meta, driver, postgres, name, column } = describe(em, target);
  const metas = [key, ...set].map((p) => meta.findColumnWithPropertyName(p)!);
  const names = metas.map((c) => driver.escape(c.databaseName));
  const assign = set.map((p) => `${column(p)} = v.${column(p)}`).join(', ');
  const where = `${name}.${column(key)} = v.${column(key)}`;
  if (postgres) return insertRows(em, target, rows, { keys: [key], update: set });
  const perStatement = Math.max(1, Math.floor(4000 / metas.length));
  for (let i = 0; i < rows.length; i += perStatement) {
    const [values, params] = tuples(em, metas, rows.slice(i, i + perStatement));
    await em.query(
      `WITH v(${names.join(', ')}) AS (VALUES ${values}) UPDATE ${name} SET ${assign} FROM v WHERE ${where}`,
      params,
    );
  }
}

/**
 * Rows by id, locked for the transaction, hydrated as TypeORM would. PostgreSQL: one
 * `SELECT … WHERE id = ANY($1) ORDER BY id FOR UPDATE`, so rows are locked in one order,
 * whichever transaction asks (two batches over the same rows never deadlock); SQLite's
 * transaction queue already serializes, and the rows are read 500 ids at a time.
 */
export async function lockRows<E extends ObjectLiteral & { id: string }>(
  em: EntityManager,
  target: EntityTarget<E>,
  ids: readonly string[],
): Promise<E[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const { meta, driver, postgres, name, column } = describe(em, target);
  const select = `SELECT ${meta.columns.map((c) => driver.escape(c.databaseName)).join(', ')} FROM ${name}`;
  const raws: Record<string, unknown>[] = [];
  if (postgres) {
    const type = driver.normalizeType(meta.findColumnWithPropertyName('id')!);
    raws.push(
      ...(await em.query(`${select} WHERE ${column('id')} = ANY($1::${type}[]) ORDER BY ${column('id')} FOR UPDATE`, [
        unique,
      ])),
    );
  } else {
    for (let i = 0; i < unique.length; i += 500) {
      const part = unique.slice(i, i + 500);
      raws.push(...(await em.query(`${select} WHERE ${column('id')} IN (${part.map(() => '?').join(', ')})`, part)));
    }
  }
  return raws.map((raw) => {
    const entity = meta.create() as E;
    for (const c of meta.columns)
      (entity as Record<string, unknown>)[c.propertyName] = driver.prepareHydratedValue(raw[c.databaseName], c);
    return entity;
  });
}

function describe<E extends ObjectLiteral>(em: EntityManager, target: EntityTarget<E>) {
  const meta = em.connection.getMetadata(target);
  const driver = em.connection.driver;
  const column = (property: string) => {
    const c = meta.findColumnWithPropertyName(property);
    if (!c) throw new Error(`bulk: ${meta.name} has no column ${property}`);
    return driver.escape(c.databaseName);
  };
  return { meta, driver, postgres: driver.options.type === 'postgres', name: driver.escape(meta.tableName), column };
}

/** `(?, ?), (?, ?)` (SQLite) or `($1, $2), ($3, $4)` (PostgreSQL) and the values, converted by the driver. */
function tuples(
  em: EntityManager,
  columns: readonly ColumnMetadata[],
  rows: readonly ObjectLiteral[],
): [string, unknown[]] {
  const driver = em.connection.driver;
  const postgres = driver.options.type === 'postgres';
  const params: unknown[] = [];
  const values = rows.map((row) => {
    const marks = columns.map((c) => {
      params.push(driver.preparePersistentValue(c.getEntityValue(row), c));
      return postgres ? `$${params.length}` : '?';
    });
    return `(${marks.join(', ')})`;
  });
  return [values.join(', '), params];
}
