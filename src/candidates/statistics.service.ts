import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Caller } from '../auth/roles';
import { OrganizationsService } from '../organizations';
import { Reader } from '../database/reader';
import { ageOn, Stage, STAGES } from '@admissions/rules';

/** Closing stages counted in `flow` by their closing date (record.closedOn). */
const CLOSINGS = ['rejected', 'withdrawn', 'cancelled', 'transferred'] as const;
type Closing = (typeof CLOSINGS)[number];

/**
 * `flow` steps and the column holding each one's date. Except `application_date`, these are
 * generated columns over the candidate's JSON record (migration 1763769800000), so the
 * record "as it stands now" is what counts: a development-object designation undone by a
 * failed pre-review or mass assessment (clearAdmissionRound) is no longer there.
 */
const STEPS = [
  ['applications', 'application_date'],
  ['activists', 'activist_date'],
  ['developmentObjects', 'development_object_date'],
  ['probationary', 'probation_start'],
  ['fullMembers', 'full_member_on'],
] as const;
type Step = (typeof STEPS)[number][0];
const STEP_KEYS: Record<string, true> = Object.fromEntries(STEPS.map(([step]) => [step, true]));

export type FunnelCurrent = Record<Stage, number>;
export type FunnelFlow = Record<Step | Closing, number>;

export interface FunnelReport {
  orgId: string | null;
  year: number;
  /** Candidates now at each stage. */
  current: FunnelCurrent;
  /** Candidates whose date for the step, as their record stands now, falls in the year. */
  flow: FunnelFlow;
}

export interface Share {
  count: number;
  /** count ÷ total, rounded to 4 decimals; 0 when total is 0. */
  share: number;
}

export interface StructureReport {
  orgId: string | null;
  year: number;
  /** Candidates in scope whose probation started in the year (whatever became of them later). */
  total: number;
  under35: Share;
  women: Share;
  minorities: Share;
  frontline: Share;
  highKnowledge: Share;
}

/**
 * A subtree is read row by row when it holds at most 1 in NARROW of all candidates: fewer rows
 * than a year's range of one date index (applications span about eight years).
 */
const NARROW = 8;

/** Under 35 = age on the probation start below 35 (SPEC §11). */
export const YOUNG_BELOW = 35;
const HAN = '汉族';

export const shareOf = (count: number, total: number): Share => ({
  count,
  share: total === 0 ? 0 : Math.round((count * 10000) / total) / 10000,
});

/** A boolean column as the driver returns it (PostgreSQL: boolean; SQLite: 0/1). */
const truthy = (v: unknown) => v === true || v === 1 || v === '1' || v === 't';

/**
 * The 发展党员 funnel and the structure of a year's intake (SPEC §11), counted in SQL over the
 * candidates table's indexed columns: read here, where the table belongs; served by reports.
 */
@Injectable()
export class CandidateStatistics {
  constructor(
    private readonly dataSource: DataSource,
    private readonly orgs: OrganizationsService,
    private readonly reader: Reader,
  ) {}

  async funnel(caller: Caller, query: { year: number; orgId?: string }): Promise<FunnelReport> {
    const { orgId, prefix } = await this.target(caller, query.orgId);
    const { from, to } = yearRange(query.year);

    // Current: from candidate_counts (kept by the writer), a few rows per branch.
    const cur = this.sql();
    const currentRows: { k: string; n: number | string }[] = await this.reader.query(
      `SELECT stage AS k, SUM(n) AS n FROM candidate_counts WHERE ${cur.scope(prefix)} GROUP BY stage`,
      cur.params,
    );

    const inScope = currentRows.reduce((sum, r) => sum + Number(r.n), 0);
    const everyone = prefix
      ? Number((await this.reader.query<{ n: unknown }>('SELECT COALESCE(SUM(n), 0) AS n FROM candidate_counts'))[0].n)
      : inScope;
    const way = inScope === everyone ? 'everything' : inScope * NARROW <= everyone ? 'narrow' : 'wide';
    const flowRows = await this.flow(way, prefix, from, to);
    const current = Object.fromEntries(STAGES.map((s) => [s, 0])) as FunnelCurrent;
    for (const r of currentRows) if (r.k in current) current[r.k as Stage] = Number(r.n);
    const flow = Object.fromEntries([...STEPS.map(([step]) => step), ...CLOSINGS].map((k) => [k, 0])) as FunnelFlow;
    for (const r of flowRows) {
      const closing = r.k.startsWith('closed:') ? r.k.slice('closed:'.length) : null;
      if (closing !== null) {
        if (CLOSINGS.includes(closing as Closing)) flow[closing as Closing] += Number(r.n);
      } else if (r.k in STEP_KEYS) flow[r.k as Step] += Number(r.n);
    }
    return { orgId, year: query.year, current, flow };
  }

  async structure(caller: Caller, query: { year: number; orgId?: string }): Promise<StructureReport> {
    const { orgId, prefix } = await this.target(caller, query.orgId);
    const { from, to } = yearRange(query.year);
    const q = this.sql();
    const rows: {
      birth_date: string;
      probation_start: string;
      gender: string;
      ethnicity: string | null;
      frontline: unknown;
      high_knowledge: unknown;
    }[] = await this.reader.query(
      `SELECT birth_date, probation_start, gender, ethnicity, frontline, high_knowledge FROM candidates` +
        ` WHERE probation_start >= ${q.p(from)} AND probation_start <= ${q.p(to)} AND ${q.scope(prefix)}`,
      q.params,
    );
    let under35 = 0;
    let women = 0;
    let minorities = 0;
    let frontline = 0;
    let highKnowledge = 0;
    for (const r of rows) {
      // A probation start before the birth date cannot be entered; such a row would be counted young.
      if (r.probation_start < r.birth_date || ageOn(r.birth_date, r.probation_start) < YOUNG_BELOW) under35 += 1;
      if (r.gender === 'female') women += 1;
      const ethnicity = r.ethnicity?.trim();
      if (ethnicity && ethnicity !== HAN) minorities += 1;
      if (truthy(r.frontline)) frontline += 1;
      if (truthy(r.high_knowledge)) highKnowledge += 1;
    }
    const total = rows.length;
    return {
      orgId,
      year: query.year,
      total,
      under35: shareOf(under35, total),
      women: shareOf(women, total),
      minorities: shareOf(minorities, total),
      frontline: shareOf(frontline, total),
      highKnowledge: shareOf(highKnowledge, total),
    };
  }

  /**
   * The year's flow, counted one of two ways. A narrow subtree: one pass over its own rows
   * through the (org_path, …) index, each date tested on the row. Otherwise a range count on each
   * date's index, testing the path of each row counted — or nothing, when the subtree holds every
   * candidate.
   */
  private async flow(
    way: 'narrow' | 'wide' | 'everything',
    prefix: string,
    from: string,
    to: string,
  ): Promise<{ k: string; n: number | string }[]> {
    const q = this.sql();
    if (way === 'narrow') {
      const within = (column: string) => `${column} >= ${q.p(from)} AND ${column} <= ${q.p(to)}`;
      const sums = [
        ...STEPS.map(([step, column]) => [step, within(column)]),
        ...CLOSINGS.map((stage) => [`closed:${stage}`, `stage = '${stage}' AND ${within('closed_on')}`]),
      ].map(([k, test]) => `SUM(CASE WHEN ${test} THEN 1 ELSE 0 END) AS "${k}"`);
      const [row] = await this.reader.query<Record<string, unknown>>(
        `SELECT ${sums.join(', ')} FROM candidates WHERE ${q.scope(prefix)}`,
        q.params,
      );
      return Object.entries(row).map(([k, n]) => ({ k, n: Number(n ?? 0) }));
    }
    const scope = way === 'everything' ? '' : prefix;
    const parts = STEPS.map(
      ([step, column]) =>
        `SELECT '${step}' AS k, COUNT(*) AS n FROM candidates WHERE ${column} >= ${q.p(from)} AND ${column} <= ${q.p(to)} AND ${q.scope(scope)}`,
    );
    // Closing dates by stage; full members carry one too (their conversion), and are left out below.
    // (No `stage IN (…)` here: SQLite would then read every closed candidate through the stage index.)
    parts.push(
      `SELECT 'closed:' || stage AS k, COUNT(*) AS n FROM candidates WHERE closed_on >= ${q.p(from)} AND closed_on <= ${q.p(to)} AND ${q.scope(scope)} GROUP BY stage`,
    );
    return this.reader.query(parts.join(' UNION ALL '), q.params);
  }

  /** The organization reported on: `orgId` (404 outside the caller's scope) or the caller's own scope root (admin: everything). */
  private async target(caller: Caller, orgId?: string): Promise<{ orgId: string | null; prefix: string }> {
    if (orgId) return { orgId, prefix: (await this.orgs.requireOrg(caller, orgId)).path };
    return { orgId: caller.orgId ?? null, prefix: caller.scopePath };
  }

  /**
   * Positional parameters for either driver, and the subtree condition as one byte-order range
   * over the `org_path` index: a path starts with `/a/b/` exactly when it lies in
   * [`/a/b/`, `/a/b0`) — '0' follows '/' — and paths are ASCII. PostgreSQL compares in
   * byte order under COLLATE "C" (its index is built so), whatever the database's collation.
   */
  private sql() {
    const postgres = this.dataSource.options.type === 'postgres';
    const params: unknown[] = [];
    const p = (value: unknown) => {
      params.push(value);
      return postgres ? `$${params.length}` : '?';
    };
    const column = postgres ? 'org_path COLLATE "C"' : 'org_path';
    const scope = (prefix: string) =>
      prefix ? `${column} >= ${p(prefix)} AND ${column} < ${p(`${prefix.slice(0, -1)}0`)}` : '1 = 1';
    return { postgres, params, p, scope };
  }
}

function yearRange(year: number): { from: string; to: string } {
  const y = String(year).padStart(4, '0');
  return { from: `${y}-01-01`, to: `${y}-12-31` };
}
