import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Caller } from '../auth/roles';
import { CandidatesService } from '../candidates';
import { Page, pageOf } from '../common/pagination';
import { RulesProfileService } from '../config/rules-profile.service';
import { DeadlineKind, DeadlinesService, OverduePart } from '../deadlines';
import { addDays } from '@admissions/rules';
import { OverdueReportQuery } from './dto';

/** SPEC §10: "due soon" means the last allowed day is within this many days. */
export const DUE_SOON_DAYS = 14;

export interface OverdueItem {
  deadlineId: string;
  kind: DeadlineKind;
  dueOn: string;
  status: 'overdue' | 'due_soon';
  candidateId: string | null;
  candidateName: string | null;
  orgId: string;
  refId: string | null;
}

export interface OverduePage extends Page<OverdueItem> {
  /** True when `total` is estimated (some part holds more than COUNT_CAP in scope); false when exact. */
  totalIsEstimate: boolean;
}

/** The organization a row belongs to: the last id of its materialized path (`/a/b/c/` → c). */
const orgOf = (path: string) => path.split('/').filter(Boolean).pop() ?? '';

@Injectable()
export class OverdueReportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly deadlines: DeadlinesService,
    private readonly candidates: CandidatesService,
    private readonly rules: RulesProfileService,
  ) {}

  /**
   * Overdue deadlines and pending ones due within 14 days, in the caller's scope, soonest first.
   * `total` is exact while each part (overdue; due) holds at most COUNT_CAP in scope; beyond,
   * that part is estimated from a sample of COUNT_CAP + 1 in path order, scaled by the scope's
   * candidates to the sample's (deadlines follow candidates), and `totalIsEstimate` says so.
   */
  async overdue(caller: Caller, query: OverdueReportQuery): Promise<OverduePage> {
    const { page, limit, skip } = pageOf(query);
    const today = this.rules.today();
    const { rows, parts } = await this.deadlines.overdueOrDueBy(caller, query.orgId, addDays(today, DUE_SOON_DAYS), {
      skip,
      limit,
    });
    let total = 0;
    for (const p of parts) total += p.exact ? p.counted : await this.estimate(p);
    const names = await this.candidates.names(this.dataSource.manager, [
      ...new Set(rows.map((d) => d.candidateId).filter((id): id is string => !!id)),
    ]);
    return {
      items: rows.map((d) => ({
        deadlineId: d.id,
        kind: d.kind,
        dueOn: d.dueOn,
        status: d.status === 'overdue' || d.dueOn < today ? 'overdue' : 'due_soon',
        candidateId: d.candidateId,
        candidateName: d.candidateId ? (names.get(d.candidateId) ?? null) : null,
        orgId: orgOf(d.orgPath),
        refId: d.refId,
      })),
      total,
      totalIsEstimate: parts.some((p) => !p.exact),
      page,
      limit,
    };
  }

  /** A part's sample scaled by the candidates on the scope's branches to those on the sample's; never below the sample. */
  private async estimate(p: OverduePart): Promise<number> {
    const { all, upTo } = await this.candidates.onPaths(p.prefix, p.sampledTo ?? '');
    return upTo === 0 ? p.counted : Math.max(p.counted, Math.round((p.counted * all) / upTo));
  }
}
