import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import type { Caller } from '../auth/roles';
import { Candidate } from '../candidates/candidate.entity';
import { Page, pageOf } from '../common/pagination';
import { RulesProfileService } from '../config/rules-profile.service';
import { Deadline, DeadlineKind } from '../deadlines/deadline.entity';
import { OrganizationsService } from '../organizations/organizations.service';
import { addDays } from '../rules';
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
    private readonly orgs: OrganizationsService,
    private readonly rules: RulesProfileService,
  ) {}

  /** Overdue deadlines and pending ones due within 14 days, in the caller's scope, soonest first. */
  async overdue(caller: Caller, query: OverdueReportQuery): Promise<Page<OverdueItem>> {
    const { page, limit, skip } = pageOf(query);
    const today = this.rules.today();
    const qb = await this.orgs.scopedQuery(caller, Deadline, 'd', query.orgId);
    // A pending deadline past its day is overdue even before the reconciler has fired it.
    qb.andWhere("(d.status = 'overdue' OR (d.status = 'pending' AND d.due_on <= :soon))", { soon: addDays(today, DUE_SOON_DAYS) });
    const [rows, total] = await qb.orderBy('d.due_on', 'ASC').addOrderBy('d.id', 'ASC').skip(skip).take(limit).getManyAndCount();
    const ids = [...new Set(rows.map((d) => d.candidateId).filter((id): id is string => !!id))];
    const names = new Map(
      ids.length ? (await this.dataSource.getRepository(Candidate).find({ select: { id: true, name: true }, where: { id: In(ids) } })).map((c) => [c.id, c.name]) : [],
    );
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
