import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

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
  const meta = em.connection.getMetadata(target);
  const driver = em.connection.driver;
  const postgres = driver.options.type === 'postgres';
  const columns = meta.columns;
  const column = (property: string) => {
    const c = meta.findColumnWithPropertyName(property);
    if (!c) throw new Error(`insertRows: ${meta.name} has no column ${property}`);
    return driver.escape(c.databaseName);
  };
  const head = `INSERT INTO ${driver.escape(meta.tableName)} (${columns.map((c) => driver.escape(c.databaseName)).join(', ')}) VALUES `;
  const tail = onConflict
    ? ` ON CONFLICT (${onConflict.keys.map(column).join(', ')}) DO UPDATE SET ${[
        ...(onConflict.update ?? []).map((p) => `${column(p)} = excluded.${column(p)}`),
        ...(onConflict.add ?? []).map(
          (p) => `${column(p)} = ${driver.escape(meta.tableName)}.${column(p)} + excluded.${column(p)}`,
        ),
      ].join(', ')}`
    : '';
  // ≤ 4,000 parameters a statement: well inside SQLite's 32,766 and PostgreSQL's 65,535.
  const perStatement = Math.max(1, Math.floor(4000 / columns.length));
  for (let i = 0; i < rows.length; i += perStatement) {
    const params: unknown[] = [];
    const tuples = rows.slice(i, i + perStatement).map((row) => {
      const marks = columns.map((c) => {
        params.push(driver.preparePersistentValue(c.getEntityValue(row), c));
        return postgres ? `$${params.length}` : '?';
      });
      return `(${marks.join(', ')})`;
    });
    await em.query(head + tuples.join(', ') + tail, params);
  }
}
