import { createHash } from 'node:crypto';
import { EntityManager, EntityTarget, ObjectLiteral, QueryFailedError } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

/**
 * Rows a bulk statement writes: at most 100, and at most 4,000 parameters (well inside SQLite's
 * 32,766 and PostgreSQL's 65,535). Every full statement of a table has the same text, so each
 * database prepares it once: SQLite from TypeORM's statement cache, PostgreSQL as a named
 * statement of the connection (see execute). A 10,000-candidate close's ~60 statements of up
 * to 800 rows took the server 0.48 s to parse and plan (and bind); its 100-row prepared
 * statements take 0.10 s (bench/RESULTS.md, "Issue 13: the 10,000-candidate close").
 */
const ROWS_PER_STATEMENT = 100;

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
  await inStatements(em, columns, rows, (count) => `${head}VALUES ${placeholders(em, columns, count)}${tail}`);
}

/**
 * Existing rows rewritten by key, `columns` only, in plain SQL: `UPDATE … FROM (VALUES …) v`
 * (SQLite: `WITH v AS (VALUES …) UPDATE … FROM v`), only the key and the changed columns
 * sent, in statements of ROWS_PER_STATEMENT rows. Unlike an upsert, the database neither builds a row
 * to insert nor checks it first (nor, on PostgreSQL, computes the generated columns twice): a
 * 10,000-candidate close's update took ~0.86 s instead of ~1.5 s on PostgreSQL here, ~440 ms
 * instead of ~690 ms on SQLite. A hundred rows a statement keep PostgreSQL's join an
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
  await inStatements(em, metas, rows, (count) => {
    const values = placeholders(em, metas, count, postgres);
    return postgres
      ? `UPDATE ${name} SET ${assign} FROM (VALUES ${values}) AS v(${names.join(', ')}) WHERE ${where}`
      : `WITH v(${names.join(', ')}) AS (VALUES ${values}) UPDATE ${name} SET ${assign} FROM v WHERE ${where}`;
  });
}

/**
 * Rows by id, locked for the transaction, hydrated as TypeORM would. PostgreSQL:
 * `SELECT … WHERE id = ANY($1) ORDER BY id COLLATE "C" FOR UPDATE` over the ids in byte order,
 * so rows are locked in one order whichever transaction asks (two batches over the same rows
 * never deadlock); SQLite's transaction queue already serializes, and the rows are read 500 ids
 * at a time.
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
    // In parts of 2,000 in byte order, each sent at once (pipeline mode): the service hydrates one
    // part while the server reads the next, and every transaction locks in the one order.
    const type = driver.normalizeType(meta.findColumnWithPropertyName('id')!);
    const sql = `${select} WHERE ${column('id')} = ANY($1::${type}[]) ORDER BY ${column('id')} COLLATE "C" FOR UPDATE`;
    unique.sort();
    const parts: Promise<Record<string, unknown>[]>[] = [];
    for (let i = 0; i < unique.length; i += 2000) {
      const part = em.query(sql, [unique.slice(i, i + 2000)]) as Promise<Record<string, unknown>[]>;
      part.catch(() => undefined); // the first failure is thrown below; the parts after it fail with it
      parts.push(part);
    }
    for (const part of parts) hydrate(await part);
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

/** The values of `rows`, row after row, converted by the driver. */
function valuesOf(em: EntityManager, columns: readonly ColumnMetadata[], rows: readonly ObjectLiteral[]): unknown[] {
  const driver = em.connection.driver;
  const value = columns.map((c) =>
    asIs(c)
      ? (row: ObjectLiteral) => row[c.propertyName] as unknown
      : (row: ObjectLiteral) => driver.preparePersistentValue(c.getEntityValue(row), c) as unknown,
  );
  const params: unknown[] = [];
  for (const row of rows) for (let i = 0; i < columns.length; i++) params.push(value[i](row));
  return params;
}

/**
 * `(?, ?), (?, ?)` (SQLite) or `($1, $2), ($3, $4)` (PostgreSQL; `($1::integer, …)` with `typed`,
 * for a VALUES list whose columns have no table to take their types from) for `count` rows.
 */
function placeholders(em: EntityManager, columns: readonly ColumnMetadata[], count: number, typed = false): string {
  const driver = em.connection.driver;
  const postgres = driver.options.type === 'postgres';
  const casts = columns.map((c) => (postgres && typed ? `::${driver.normalizeType(c)}` : ''));
  const key = `${postgres ? '$' : '?'}${count}|${casts.join(',')}`;
  let text = marks.get(key);
  if (text === undefined) {
    const tuples: string[] = [];
    for (let row = 0, n = 0; row < count; row++)
      tuples.push(`(${casts.map((cast) => (postgres ? `$${++n}${cast}` : '?')).join(', ')})`);
    text = tuples.join(', ');
    marks.set(key, text);
  }
  return text;
}

/** Placeholders by shape (placeholders()): a few dozen shapes, each of at most 100 rows. */
const marks = new Map<string, string>();

/**
 * Runs `sqlFor(count)` for each statement's rows, at most `size` a statement: the text of a full
 * statement is made once and sent as a prepared statement (see execute).
 */
async function inStatements<E extends ObjectLiteral>(
  em: EntityManager,
  columns: readonly ColumnMetadata[],
  rows: readonly E[],
  sqlFor: (count: number) => string,
): Promise<void> {
  const size = Math.max(1, Math.min(ROWS_PER_STATEMENT, Math.floor(4000 / columns.length)));
  const full = rows.length >= size ? sqlFor(size) : '';
  const name = full && statementName(full);
  for (let i = 0; i < rows.length; i += size) {
    const part = rows.slice(i, i + size);
    if (part.length === size) await execute(em, full, valuesOf(em, columns, part), name);
    else await execute(em, sqlFor(part.length), valuesOf(em, columns, part));
  }
}

/**
 * Statements written behind (PostgreSQL), by transaction: see writeBehind. Each is the promise of
 * its answer; settle awaits them.
 */
const behind = new WeakMap<EntityManager, Promise<unknown>[]>();

/** The transaction's connection as node-postgres gives it (TypeORM's PostgresQueryRunner keeps it). */
interface Pipelined {
  query(config: { text: string; values: unknown[]; name?: string }): Promise<unknown>;
}

/**
 * From now on, the bulk writes of `em`'s transaction (insertRows, updateRows, execute) go behind:
 * each statement is put on the connection at once — node-postgres in pipeline mode (see
 * data-source.ts) sends it without waiting for the answer to the last — and the call returns.
 * The server works through them while the service computes the next: a 10,000-candidate close
 * sends ~500 statements, and the service's own work on them (building, encoding, sending) no
 * longer adds to the server's. The connection answers in order, so every statement the
 * transaction runs later — a read through TypeORM too — runs after them and sees them; settle()
 * awaits them before the commit, so a failed one fails the transaction. TransactionRunner calls
 * this for its PostgreSQL transactions; elsewhere (SQLite, whose statements run on the call;
 * any other entity manager) each statement is awaited as it is sent.
 */
export function writeBehind(em: EntityManager): void {
  behind.set(em, []);
}

/**
 * Between the parts of a long computation in `em`'s transaction: when its writes go behind, the
 * event loop's turn, in which the connection sends what is waiting to go (a batch's chunks).
 */
export async function letOut(em: EntityManager): Promise<void> {
  if (behind.has(em)) await new Promise((resolve) => setImmediate(resolve));
}

/** Waits for every statement written behind in `em`'s transaction; throws the first that failed. */
export async function settle(em: EntityManager): Promise<void> {
  const sent = behind.get(em);
  if (!sent) return;
  behind.set(em, []);
  await Promise.all(sent);
}

/**
 * A statement whose answer the caller does not read: written behind when the transaction allows
 * it (writeBehind), awaited otherwise. `name` (PostgreSQL, behind): a statement the service sends
 * over and over (a full bulk statement) is prepared once per connection under it (statementName).
 * Written behind, it takes `params` over: they are emptied once sent (see below).
 */
export async function execute(em: EntityManager, sql: string, params: unknown[], name?: string): Promise<void> {
  const sent = behind.get(em);
  if (!sent) {
    await em.query(sql, params);
    return;
  }
  const client = (em.queryRunner as unknown as { databaseConnection: Pipelined }).databaseConnection;
  const answer = client.query({ text: sql, values: params, ...(name ? { name } : {}) }).catch((err: Error) => {
    throw new QueryFailedError(sql, [], err); // without the values: see below
  });
  answer.catch(() => undefined); // settle() reports it
  sent.push(answer);
  // node-postgres keeps a statement's values until its answer comes, and on a pipelined connection
  // that is up to ~0.5 s behind in a close: kept that long, a close's 400,000 values (10,000 records
  // as JSON among them) outlived young collections and were copied into the old generation. They
  // are on the wire already (client.query submits at once on a queryable connection and fails the
  // statement otherwise), so the statement no longer needs them.
  params.length = 0;
}

/** A prepared statement's name, from its text (a name is a statement's for the connection's life). */
function statementName(sql: string): string {
  let name = names.get(sql);
  if (name === undefined) {
    name = `bulk_${createHash('sha1').update(sql).digest('base64url')}`;
    names.set(sql, name);
  }
  return name;
}

/** The names of the full bulk statements sent so far: one per table and shape. */
const names = new Map<string, string>();
