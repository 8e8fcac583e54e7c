import { Injectable } from '@nestjs/common';
import { Between, DataSource, EntityManager, FindOptionsWhere, In, LessThan } from 'typeorm';
import { Clock } from '../common/clock';
import { newId } from '../common/ids';
import { subtreeRange } from '../common/subtree';
import { execute, insertRows } from '../database/bulk';
import { Reader } from '../database/reader';
import { TransactionRunner } from '../database/transaction';
import { OrganizationsService } from '../organizations';
import type { Caller } from '../auth/roles';
import type { DueDeadline } from './deadline-kinds';
import { Deadline, DeadlineKind, DeadlineStatus } from './deadline.entity';

export interface DeadlineView {
  kind: DeadlineKind;
  dueOn: string;
  status: 'pending' | 'overdue';
  refId: string | null;
}

export interface NewDeadline {
  candidateId: string | null;
  orgPath: string;
  kind: DeadlineKind;
  dueOn: string;
  /** What the deadline is about when not the candidate itself (a notice, a complaint). */
  refId?: string;
}

/** How far the overdue list counts a part in scope exactly (DeadlinesService.overdueOrDueBy). */
export const COUNT_CAP = 1_000;

/** One part of the overdue list in a scope: counted exactly up to COUNT_CAP, or a sample up to a path. */
export interface OverduePart {
  part: 'overdue' | 'due';
  /** The scope's path prefix ('' for everything). */
  prefix: string;
  /** Entries counted: all of them when `exact`, else COUNT_CAP + 1. */
  counted: number;
  exact: boolean;
  /** The path of the last entry counted, in path order (the sample reaches that far into the scope). */
  sampledTo: string | null;
}

export type OpenedListener = (deadlines: readonly Pick<Deadline, 'id' | 'dueOn'>[]) => unknown;

/**
 * Deadline rows, written in the caller's transaction (never runs one itself). Whoever fires
 * them (the job layer) hears of new ones right after the transaction that opened them commits.
 */
@Injectable()
export class DeadlinesService {
  private readonly listeners: OpenedListener[] = [];
  /** How far the overdue list counts a part exactly (COUNT_CAP). Tests lower it. */
  countCap = COUNT_CAP;

  constructor(
    private readonly clock: Clock,
    private readonly tx: TransactionRunner,
    private readonly orgs: OrganizationsService,
    private readonly reader: Reader,
    private readonly dataSource: DataSource,
  ) {}

  /**
   * SPEC §10 (GET /api/reports/overdue): deadlines overdue, or pending and due by `soon`, in the
   * caller's scope (or an organization's subtree), soonest first — a page of them, and for each of
   * the two parts (overdue; pending and due by `soon`, which past its day is overdue even before
   * the reconciler has fired it) how many there are in scope, counted up to COUNT_CAP.
   *
   * A part is first counted on its scope index (status, org_path, due_on, id), reading at most
   * COUNT_CAP + 1 entries. A part of at most COUNT_CAP is exact, and its page is its scope's
   * entries sorted; a larger one has as many entries in scope as a page needs near the start of
   * the (status, due_on, id, org_path) index, walked in order, testing the path on the entries.
   * Either way the page's rows are read last, and the reads run on read threads (Reader).
   */
  async overdueOrDueBy(
    caller: Caller,
    orgId: string | undefined,
    soon: string,
    page: { skip: number; limit: number },
  ): Promise<{ rows: Deadline[]; parts: OverduePart[] }> {
    const prefix = await this.orgs.scopePath(caller, orgId);
    const postgres = this.dataSource.options.type === 'postgres';
    const path = postgres ? 'org_path COLLATE "C"' : 'org_path';
    const named = { soon, ...subtreeRange(prefix) };
    // A part read through the index asked for (SQLite: named, as it keeps no statistics to choose by).
    const select = (columns: string, index: 'scope' | 'due', part: 'overdue' | 'due') =>
      `SELECT ${columns} FROM deadlines${postgres ? '' : ` INDEXED BY ix_deadlines_${index}`} WHERE ` +
      (part === 'overdue' ? `status = 'overdue'` : `status = 'pending' AND due_on <= :soon`) +
      (prefix ? ` AND ${path} >= :lo AND ${path} < :hi` : '');

    const parts: OverduePart[] = [];
    for (const part of ['overdue', 'due'] as const) {
      const [text, params] = this.dataSource.driver.escapeQueryWithParameters(
        `SELECT COUNT(*) AS n, MAX(s.p) AS last FROM (${select(`${path} AS p`, 'scope', part)} ` +
          `ORDER BY ${path} LIMIT ${this.countCap + 1}) s`,
        named,
      );
      const [{ n, last }] = await this.reader.query<{ n: unknown; last: string | null }>(text, params);
      parts.push({ part, prefix, counted: Number(n), exact: Number(n) <= this.countCap, sampledTo: last });
    }
    const deep = page.skip + page.limit;
    const ids = parts
      .map(({ part, exact }, i) => {
        const ordered = `${select('id', exact ? 'scope' : 'due', part)} ORDER BY due_on, id LIMIT ${deep}`;
        return `SELECT id FROM (${ordered}) p${i}`;
      })
      .join(' UNION ALL ');
    const rows = this.dataSource
      .getRepository(Deadline)
      .createQueryBuilder('d')
      .where(`d.id IN (${ids})`, named)
      .orderBy('d.due_on', 'ASC')
      .addOrderBy('d.id', 'ASC')
      .offset(page.skip)
      .limit(page.limit);
    return { rows: await this.reader.many(rows), parts };
  }

  onOpened(listener: OpenedListener): void {
    this.listeners.push(listener);
  }

  async open(em: EntityManager, d: NewDeadline): Promise<void> {
    await this.openMany(em, [d]);
  }

  /** Marks the open deadlines of a kind (optionally of one ref) as met. */
  async resolve(em: EntityManager, candidateId: string, kind: DeadlineKind, refId?: string): Promise<void> {
    await this.resolveWhere(em, { candidateId, kind, ...(refId ? { refId } : {}) });
  }

  private async resolveWhere(em: EntityManager, where: FindOptionsWhere<Deadline>): Promise<void> {
    await em.update(
      Deadline,
      { ...where, status: In(['pending', 'overdue']) },
      { status: 'done', resolvedAt: this.clock.now().toISOString() },
    );
  }

  /** Open deadlines with due dates; a pending one past its date shows as overdue. */
  async openFor(em: EntityManager, candidateId: string, today: string): Promise<DeadlineView[]> {
    const rows = await em.find(Deadline, {
      where: { candidateId, status: In(['pending', 'overdue']) },
      order: { dueOn: 'ASC' },
    });
    return rows.map((d) => ({
      kind: d.kind,
      dueOn: d.dueOn,
      status: d.status === 'overdue' || d.dueOn < today ? 'overdue' : 'pending',
      refId: d.refId,
    }));
  }

  async find(em: EntityManager, id: string): Promise<(DueDeadline & { status: DeadlineStatus }) | null> {
    return em.findOne(Deadline, { where: { id } });
  }

  /** The firing step (SPEC §10): pending → overdue, once; false when it was not pending any more. */
  async markOverdue(em: EntityManager, id: string): Promise<boolean> {
    const res = await em
      .createQueryBuilder()
      .update(Deadline)
      .set({ status: 'overdue' })
      .where('id = :id AND status = :pending', { id, pending: 'pending' })
      .execute();
    return (res.affected ?? 0) > 0;
  }

  /** Pending deadlines whose last allowed day is before `today`: they should have fired. */
  async pendingDueBefore(em: EntityManager, today: string): Promise<Pick<Deadline, 'id' | 'dueOn'>[]> {
    return em.find(Deadline, {
      select: { id: true, dueOn: true },
      where: { status: 'pending', dueOn: LessThan(today) },
      order: { dueOn: 'ASC', id: 'ASC' },
    });
  }

  /** Pending deadlines due from `today` to `until` (inclusive): the ones a queue should hold a delayed job for now. */
  async pendingBetween(em: EntityManager, today: string, until: string): Promise<Pick<Deadline, 'id' | 'dueOn'>[]> {
    return em.find(Deadline, {
      select: { id: true, dueOn: true },
      where: { status: 'pending', dueOn: Between(today, until) },
      order: { dueOn: 'ASC', id: 'ASC' },
    });
  }

  async openMany(em: EntityManager, rows: readonly NewDeadline[]): Promise<void> {
    if (!rows.length) return;
    const createdAt = this.clock.now().toISOString();
    const opened = rows.map((d) => ({
      id: newId(),
      candidateId: d.candidateId,
      orgPath: d.orgPath,
      kind: d.kind,
      dueOn: d.dueOn,
      status: 'pending' as const,
      refId: d.refId ?? null,
      createdAt,
      resolvedAt: null,
    }));
    await insertRows(em, Deadline, opened);
    // After the commit and after the request's answer (setImmediate): the job layer's work on
    // 10,000 new deadlines is no part of what the caller waits for; the reconciler re-adds
    // whatever a crash in between would lose (the database is the truth, SPEC §10).
    this.tx.afterCommit(em, () =>
      new Promise((resolve) => setImmediate(resolve)).then(() =>
        Promise.all(this.listeners.map((listen) => listen(opened))),
      ),
    );
  }

  async resolveMany(em: EntityManager, candidateIds: readonly string[], kind: DeadlineKind): Promise<void> {
    await this.closeOpen(em, candidateIds, kind, 'done');
  }

  /** A transferred candidate's open deadlines follow it to its new branch (SPEC §13). */
  async moveTo(em: EntityManager, candidateId: string, orgPath: string): Promise<void> {
    await em.update(Deadline, { candidateId, status: In(['pending', 'overdue']) }, { orgPath });
  }

  /** Candidates that leave the pipeline (or a stage) have nothing left to be late for there. */
  async cancelMany(em: EntityManager, candidateIds: readonly string[], kind?: DeadlineKind): Promise<void> {
    await this.closeOpen(em, candidateIds, kind, 'cancelled');
  }

  /**
   * The open deadlines (of a kind) of many candidates marked met or cancelled, in plain SQL: a
   * close resolves or cancels 10,000 at once, where TypeORM's update builder spent more time
   * naming each id as a parameter than the database spent on the row. PostgreSQL: one
   * statement with the ids as one array; SQLite: 1,000 ids a statement.
   */
  private async closeOpen(
    em: EntityManager,
    candidateIds: readonly string[],
    kind: DeadlineKind | undefined,
    status: 'done' | 'cancelled',
  ): Promise<void> {
    if (!candidateIds.length) return;
    const resolvedAt = this.clock.now().toISOString();
    const sql = (ids: string) =>
      `UPDATE deadlines SET status = '${status}', resolved_at = ${this.tx.isSqlite ? '?' : '$1'} ` +
      `WHERE candidate_id ${ids} AND status IN ('pending', 'overdue')` +
      (kind ? ` AND kind = ${this.tx.isSqlite ? '?' : '$3'}` : '');
    if (!this.tx.isSqlite) {
      await execute(em, sql('= ANY($2::varchar[])'), [resolvedAt, candidateIds, ...(kind ? [kind] : [])]);
      return;
    }
    for (let i = 0; i < candidateIds.length; i += 1000) {
      const part = candidateIds.slice(i, i + 1000);
      await execute(em, sql(`IN (${part.map(() => '?').join(', ')})`), [resolvedAt, ...part, ...(kind ? [kind] : [])]);
    }
  }
}
