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
 * Existing rows rewritten by key, `columns` only, in plain SQL: `UPDATE … FROM (VALUES …) v`
 * (SQLite: `WITH v AS (VALUES …) UPDATE … FROM v`), only the key and the changed columns
 * sent, ≤ 4,000 parameters a statement. Unlike an upsert, the database neither builds a row
 * to insert nor checks it first (nor, on PostgreSQL, computes the generated columns twice): a
 * 10,000-candidate close's update took ~0.86 s instead of ~1.5 s on PostgreSQL here, ~440 ms
 * instead of ~690 ms on SQLite. A few hundred rows a statement keep PostgreSQL's join an
 * index lookup a row at any table size. Rows whose key is not in the table are left out (the
 * caller has them locked, so they are there).
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
  const perStatement = Math.max(1, Math.floor(4000 / metas.length));
  for (let i = 0; i < rows.length; i += perStatement) {
    const [values, params] = tuples(em, metas, rows.slice(i, i + perStatement), postgres);
    await em.query(
      postgres
        ? `UPDATE ${name} SET ${assign} FROM (VALUES ${values}) AS v(${names.join(', ')}) WHERE ${where}`
        : `WITH v(${names.join(', ')}) AS (VALUES ${values}) UPDATE ${name} SET ${assign} FROM v WHERE ${where}`,
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
  const read = meta.columns.map((c) =>
    asIs(c)
      ? (raw: Record<string, unknown>) => raw[c.databaseName]
      : (raw: Record<string, unknown>) => driver.prepareHydratedValue(raw[c.databaseName], c),
  );
  // Hydrated as each statement answers, so its raw rows are garbage at once (10,000 in a close).
  const rows: E[] = [];
  const hydrate = (raws: Record<string, unknown>[]) => {
    for (const raw of raws) {
      const entity = meta.create() as Record<string, unknown>;
      for (let i = 0; i < read.length; i++) entity[meta.columns[i].propertyName] = read[i](raw);
      rows.push(entity as E);
    }
  };
  if (postgres) {
    const type = driver.normalizeType(meta.findColumnWithPropertyName('id')!);
    hydrate(
      await em.query(`${select} WHERE ${column('id')} = ANY($1::${type}[]) ORDER BY ${column('id')} FOR UPDATE`, [
        unique,
      ]),
    );
  } else {
    for (let i = 0; i < unique.length; i += 500) {
      const part = unique.slice(i, i + 500);
      hydrate(await em.query(`${select} WHERE ${column('id')} IN (${part.map(() => '?').join(', ')})`, part));
    }
  }
  return rows;
}

/**
 * Column types both drivers read and write as they are, when the column is a plain one (no
 * transformer, embedding or relation): their values skip the driver's conversion — a close's
 * 10,000 candidates pass ~400,000 values through here, and the conversion's chain of type tests
 * cost more than writing them.
 */
const AS_IS: ReadonlySet<unknown> = new Set(['varchar', 'character varying', 'text', 'integer', 'int']);

function asIs(c: ColumnMetadata): boolean {
  return AS_IS.has(c.type) && !c.transformer && !c.embeddedMetadata && !c.relationMetadata && !c.referencedColumn;
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

/**
 * `(?, ?), (?, ?)` (SQLite) or `($1, $2), ($3, $4)` (PostgreSQL; `($1::integer, …)` with `typed`,
 * for a VALUES list whose columns have no table to take their types from) and the values,
 * converted by the driver.
 */
function tuples(
  em: EntityManager,
  columns: readonly ColumnMetadata[],
  rows: readonly ObjectLiteral[],
  typed = false,
): [string, unknown[]] {
  const driver = em.connection.driver;
  const postgres = driver.options.type === 'postgres';
  const casts = columns.map((c) => (typed ? `::${driver.normalizeType(c)}` : ''));
  const value = columns.map((c) =>
    asIs(c)
      ? (row: ObjectLiteral) => row[c.propertyName] as unknown
      : (row: ObjectLiteral) => driver.preparePersistentValue(c.getEntityValue(row), c) as unknown,
  );
  const marks = `(${columns.map(() => '?').join(', ')})`;
  const params: unknown[] = [];
  let values = '';
  for (const row of rows) {
    let tuple = '';
    for (let i = 0; i < columns.length; i++) {
      params.push(value[i](row));
      if (postgres) tuple += `${i ? ', ' : ''}$${params.length}${casts[i]}`;
    }
    values += `${values ? ', ' : ''}${postgres ? `(${tuple})` : marks}`;
  }
  return [values, params];
}
