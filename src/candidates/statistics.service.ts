import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Caller } from '../auth/roles';
import { OrganizationsService } from '../organizations';
import { Reader } from '../database/reader';
import { subtreeRange } from '../common/subtree';
import { Stage, STAGES } from '@admissions/rules';
import { CLOSINGS, INTAKE, STEPS } from './year-counts';

type Step = (typeof STEPS)[number];
type Closing = (typeof CLOSINGS)[number];
type Intake = (typeof INTAKE)[number];

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

export const shareOf = (count: number, total: number): Share => ({
  count,
  share: total === 0 ? 0 : Math.round((count * 10000) / total) / 10000,
});

/**
 * The 发展党员 funnel and the structure of a year's intake (SPEC §11), summed from the counts the
 * candidate's writer keeps — candidate_counts (now) and candidate_year_counts (a year's figures) —
 * over one index range of the subtree: read here, where the tables belong; served by reports.
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
    // Current: from candidate_counts (kept by the writer), a few rows per branch.
    const cur = this.sql();
    const currentRows: { k: string; n: number | string }[] = await this.reader.query(
      `SELECT stage AS k, SUM(n) AS n FROM candidate_counts WHERE ${cur.scope(prefix)} GROUP BY stage`,
      cur.params,
    );

    const figures = await this.figures(prefix, query.year);
    const current = Object.fromEntries(STAGES.map((s) => [s, 0])) as FunnelCurrent;
    for (const r of currentRows) if (r.k in current) current[r.k as Stage] = Number(r.n);
    const flow = Object.fromEntries([...STEPS, ...CLOSINGS].map((k) => [k, figures.get(k) ?? 0])) as FunnelFlow;
    return { orgId, year: query.year, current, flow };
  }

  async structure(caller: Caller, query: { year: number; orgId?: string }): Promise<StructureReport> {
    const { orgId, prefix } = await this.target(caller, query.orgId);
    const figures = await this.figures(prefix, query.year);
    const total = figures.get('probationary') ?? 0;
    const share = (k: Intake) => shareOf(figures.get(k) ?? 0, total);
    return {
      orgId,
      year: query.year,
      total,
      under35: share('under35'),
      women: share('women'),
      minorities: share('minorities'),
      frontline: share('frontline'),
      highKnowledge: share('highKnowledge'),
    };
  }

  /** The year's figures in the subtree, from candidate_year_counts (kept by the writer): one index range. */
  private async figures(prefix: string, year: number): Promise<Map<string, number>> {
    const q = this.sql();
    const rows = await this.reader.query<{ k: string; n: number | string }>(
      `SELECT figure AS k, SUM(n) AS n FROM candidate_year_counts WHERE year = ${q.p(year)} AND ${q.scope(prefix)} GROUP BY figure`,
      q.params,
    );
    return new Map(rows.map((r) => [r.k, Number(r.n)]));
  }

  /** The organization reported on: `orgId` (404 outside the caller's scope) or the caller's own scope root (admin: everything). */
  private async target(caller: Caller, orgId?: string): Promise<{ orgId: string | null; prefix: string }> {
    return { orgId: orgId ?? caller.orgId ?? null, prefix: await this.orgs.scopePath(caller, orgId) };
  }

  /**
   * Positional parameters for either driver, and the subtree condition as one byte-order range
   * over the `org_path` index (subtreeRange; PostgreSQL's index is built under COLLATE "C").
   */
  private sql() {
    const postgres = this.dataSource.options.type === 'postgres';
    const params: unknown[] = [];
    const p = (value: unknown) => {
      params.push(value);
      return postgres ? `$${params.length}` : '?';
    };
    const column = postgres ? 'org_path COLLATE "C"' : 'org_path';
    const scope = (prefix: string) => {
      if (!prefix) return '1 = 1';
      const { lo, hi } = subtreeRange(prefix);
      return `${column} >= ${p(lo)} AND ${column} < ${p(hi)}`;
    };
    return { postgres, params, p, scope };
  }
}
