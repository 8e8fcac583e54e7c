import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Caller } from '../auth/roles';
import { CandidatesService } from '../candidates';
import { Page, pageOf } from '../common/pagination';
import { RulesProfileService } from '../config/rules-profile.service';
import { DeadlineKind, DeadlinesService } from '../deadlines';
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

  /** Overdue deadlines and pending ones due within 14 days, in the caller's scope, soonest first. */
  async overdue(caller: Caller, query: OverdueReportQuery): Promise<Page<OverdueItem>> {
    const { page, limit, skip } = pageOf(query);
    const today = this.rules.today();
    const [rows, total] = await this.deadlines.overdueOrDueBy(caller, query.orgId, addDays(today, DUE_SOON_DAYS), {
      skip,
      limit,
    });
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
      page,
      limit,
    };
  }
}
