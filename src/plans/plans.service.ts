import { Injectable, OnModuleInit, StreamableFile } from '@nestjs/common';
import { Brackets, DataSource, EntityManager, In } from 'typeorm';
import type { Caller } from '../auth/roles';
import { inScope } from '../auth/scope';
import { CandidatesService, CandidateWriter } from '../candidates';
import { Clock } from '../common/clock';
import { notFound, RuleViolation } from '../common/domain-error';
import { newId } from '../common/ids';
import { Page, pageOf } from '../common/pagination';
import { insertRows } from '../database/bulk';
import { chunks, listIds } from '../common/lists';
import { TransactionRunner } from '../database/transaction';
import { OrganizationsService } from '../organizations';
import { STAGE_ZH, type CandidateState, type Stage } from '@admissions/rules';
import { RulesProfileService } from '../config/rules-profile.service';
import { xlsxFile } from '../office/xlsx';
import { CreatePlanDto, ListPlansQuery, PlanEntriesDto } from './dto';
import { PlanExists } from './errors';
import { EntryStatus, Plan, PlanEntry } from './plan.entities';

/** Stages a candidate may be put forward for a plan from: not yet admitted, not closed. */
const PLANNABLE: readonly Stage[] = ['applicant', 'activist', 'development_object'];

export interface PlanEntryView {
  candidateId: string;
  name: string;
  orgId: string;
  stage: string;
  submittedAt: string;
  voteId: string | null;
  decidedOn: string | null;
}

export interface PlanView {
  id: string;
  orgId: string;
  year: number;
  quota: number | null;
  createdAt: string;
  counts: Record<EntryStatus, number>;
  submitted: PlanEntryView[];
  included: PlanEntryView[];
  excluded: PlanEntryView[];
}

/** A plan in a list: its counts, without the entry lists. */
export type PlanSummary = Omit<PlanView, 'submitted' | 'included' | 'excluded'>;

/** The strict ancestors of a materialized path: `/a/b/c/` → `/a/`, `/a/b/`. */
export function ancestorPaths(path: string): string[] {
  const ids = path.split('/').filter(Boolean);
  return ids.slice(0, -1).map((_, i) => `/${ids.slice(0, i + 1).join('/')}/`);
}

/** 年度发展计划 (SPEC §11): departments draw them up, committees put candidates forward, the organizers' meeting votes. */
@Injectable()
export class PlansService implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly orgs: OrganizationsService,
    private readonly candidates: CandidatesService,
    private readonly writer: CandidateWriter,
    private readonly rules: RulesProfileService,
  ) {}

  /** The candidate's writer asks this feature for the `inPlan` fact (seed 004, plan.required). */
  onModuleInit(): void {
    this.writer.usePlans((em, ids) => this.plannedYears(em, ids));
  }

  /** The years of the plans each candidate is included in. */
  async plannedYears(em: EntityManager, candidateIds: readonly string[]): Promise<Map<string, Set<number>>> {
    const out = new Map<string, Set<number>>();
    for (const part of chunks(candidateIds)) {
      const rows: { candidate_id: string; year: number | string }[] = await em
        .createQueryBuilder(PlanEntry, 'e')
        .innerJoin(Plan, 'p', 'p.id = e.plan_id')
        .select(['e.candidate_id AS candidate_id', 'p.year AS year'])
        .where('e.candidate_id IN (:...ids)', { ids: part })
        .andWhere('e.status = :status', { status: 'included' })
        .getRawMany();
      for (const r of rows) out.set(r.candidate_id, (out.get(r.candidate_id) ?? new Set()).add(Number(r.year)));
    }
    return out;
  }

  async create(caller: Caller, dto: CreatePlanDto): Promise<PlanView> {
    const id = newId();
    await this.tx.run(async (em) => {
      const org = await this.orgs.requireOrg(caller, dto.orgId, em);
      if (org.kind !== 'department') throw new RuleViolation('ORG_NOT_DEPARTMENT', '年度发展计划由组织部制定');
      if (await em.findOne(Plan, { where: { orgId: org.id, year: dto.year } })) {
        throw new PlanExists(dto.year);
      }
      await em.insert(Plan, {
        id,
        orgId: org.id,
        orgPath: org.path,
        year: dto.year,
        quota: dto.quota ?? null,
        createdBy: caller.sub,
        createdAt: this.clock.now().toISOString(),
      });
    });
    return this.detail(caller, id);
  }

  /** Committees put candidates of their subtree forward; an existing entry stays as it is. */
  async addEntries(caller: Caller, planId: string, dto: PlanEntriesDto): Promise<PlanView> {
    await this.tx.run(async (em) => {
      const plan = await this.requireVisible(em, caller, planId);
      const candidates = await this.loadCandidates(em, dto.candidateIds);
      if (dto.candidateIds.some((id) => !candidates.has(id) || !inScope(caller, candidates.get(id)!.orgPath)))
        throw notFound('候选人');
      const outside = dto.candidateIds.filter((id) => !candidates.get(id)!.orgPath.startsWith(plan.orgPath));
      if (outside.length)
        throw new RuleViolation('CANDIDATE_NOT_IN_ORG', `以下候选人不在本计划范围内: ${listIds(outside)}`);
      const closed = dto.candidateIds.filter((id) => !PLANNABLE.includes(candidates.get(id)!.stage));
      if (closed.length) {
        throw new RuleViolation(
          'WRONG_STAGE',
          `只有入党申请人、入党积极分子和发展对象可以列入发展计划: ${closed.map((id) => candidates.get(id)!.name).join('、')}`,
        );
      }
      const existing = new Set<string>();
      for (const part of chunks(dto.candidateIds)) {
        for (const e of await em.find(PlanEntry, {
          select: { candidateId: true },
          where: { planId, candidateId: In(part) },
        }))
          existing.add(e.candidateId);
      }
      const fresh = dto.candidateIds.filter((id) => !existing.has(id));
      if (plan.quota !== null) {
        // 不得超计划发展 (B03): entries still in play may not outnumber the quota.
        const inPlay = await em.count(PlanEntry, { where: { planId, status: In(['submitted', 'included']) } });
        if (inPlay + fresh.length > plan.quota) {
          throw new RuleViolation(
            'PLAN_QUOTA_EXCEEDED',
            `计划名额 ${plan.quota} 名，已报送或列入 ${inPlay} 名，不能再报送 ${fresh.length} 名`,
          );
        }
      }
      const now = this.clock.now().toISOString();
      await insertRows(
        em,
        PlanEntry,
        fresh.map((candidateId) => ({
          planId,
          candidateId,
          orgPath: candidates.get(candidateId)!.orgPath,
          status: 'submitted' as const,
          submittedBy: caller.sub,
          submittedAt: now,
          voteId: null,
          decidedOn: null,
        })),
      );
    });
    return this.detail(caller, planId);
  }

  /** SPEC §15: the plan's entries (in the caller's scope) as a workbook, with its counts. */
  async export(caller: Caller, id: string): Promise<StreamableFile> {
    const plan = await this.detail(caller, id);
    const em = this.dataSource.manager;
    const org = await this.orgs.byId(em, plan.orgId);
    const branches = new Map<string, string>();
    for (const orgId of new Set([...plan.submitted, ...plan.included, ...plan.excluded].map((e) => e.orgId)))
      branches.set(orgId, (await this.orgs.byId(em, orgId))?.name ?? '');
    const entries: (PlanEntryView & { status: string })[] = [
      ...plan.included.map((e) => ({ ...e, status: '列入计划' })),
      ...plan.submitted.map((e) => ({ ...e, status: '已报送待表决' })),
      ...plan.excluded.map((e) => ({ ...e, status: '未列入' })),
    ];
    const summary: [string, string | number][] = [
      ['制定单位', org?.name ?? ''],
      ['年度', plan.year],
      ['计划名额', plan.quota ?? '不限'],
      ['列入计划', plan.counts.included],
      ['已报送待表决', plan.counts.submitted],
      ['未列入', plan.counts.excluded],
    ];
    type Entry = (typeof entries)[number];
    return xlsxFile(
      `${plan.year}年度发展党员计划.xlsx`,
      [
        {
          name: '计划人选',
          rows: entries,
          columns: [
            { header: '序号', type: 'number', value: (_e: Entry, n: number) => n },
            { header: '姓名', value: (e: Entry) => e.name },
            { header: '党支部', width: 24, value: (e: Entry) => branches.get(e.orgId) },
            { header: '当前阶段', value: (e: Entry) => STAGE_ZH[e.stage as Stage] },
            { header: '状态', value: (e: Entry) => e.status },
            { header: '报送时间', type: 'time', width: 18, value: (e: Entry) => e.submittedAt },
            { header: '表决日期', type: 'date', value: (e: Entry) => e.decidedOn },
          ],
        },
        {
          name: '汇总',
          rows: summary,
          columns: [
            { header: '项目', width: 16, value: (r: [string, string | number]) => r[0] },
            { header: '内容', width: 30, value: (r: [string, string | number]) => r[1] },
          ],
        },
      ],
      this.rules.profile.timeZone,
    );
  }

  async detail(caller: Caller, id: string): Promise<PlanView> {
    const em = this.dataSource.manager;
    const plan = await this.requireVisible(em, caller, id);
    // Entries of other committees stay out of a committee's view.
    const entries = (
      await em.find(PlanEntry, { where: { planId: id }, order: { submittedAt: 'ASC', candidateId: 'ASC' } })
    ).filter((e) => inScope(caller, e.orgPath));
    const candidates = await this.loadCandidates(
      em,
      entries.map((e) => e.candidateId),
    );
    const view = (e: PlanEntry): PlanEntryView => {
      const c = candidates.get(e.candidateId)!;
      return {
        candidateId: e.candidateId,
        name: c.name,
        orgId: c.orgId,
        stage: c.stage,
        submittedAt: e.submittedAt,
        voteId: e.voteId,
        decidedOn: e.decidedOn,
      };
    };
    const by = (status: EntryStatus) => entries.filter((e) => e.status === status).map(view);
    const submitted = by('submitted');
    const included = by('included');
    const excluded = by('excluded');
    return {
      id: plan.id,
      orgId: plan.orgId,
      year: plan.year,
      quota: plan.quota,
      createdAt: plan.createdAt,
      counts: { submitted: submitted.length, included: included.length, excluded: excluded.length },
      submitted,
      included,
      excluded,
    };
  }

  /**
   * Plans the caller may see (as `detail` does: those of its subtree and of the departments
   * above it), newest year first. With `orgId` (in scope, 404 otherwise): the plans that cover
   * that organization, i.e. of its subtree or of an organization above it. Counts are of the
   * entries within the caller's scope, as in the detail.
   */
  async list(caller: Caller, query: ListPlansQuery): Promise<Page<PlanSummary>> {
    const { page, limit, skip } = pageOf(query);
    const path = query.orgId ? (await this.orgs.requireOrg(caller, query.orgId)).path : caller.scopePath;
    const qb = this.dataSource.getRepository(Plan).createQueryBuilder('p');
    if (path) {
      const above = ancestorPaths(path);
      qb.where(
        new Brackets((w) => {
          w.where('p.org_path LIKE :subtree', { subtree: `${path}%` });
          if (above.length) w.orWhere('p.org_path IN (:...above)', { above });
        }),
      );
    }
    if (query.year !== undefined) qb.andWhere('p.year = :year', { year: query.year });
    const [rows, total] = await qb
      .orderBy('p.year', 'DESC')
      .addOrderBy('p.created_at', 'DESC')
      .addOrderBy('p.id', 'DESC')
      .skip(skip)
      .take(limit)
      .getManyAndCount();

    const counts = new Map<string, Record<EntryStatus, number>>(
      rows.map((p) => [p.id, { submitted: 0, included: 0, excluded: 0 }]),
    );
    if (rows.length) {
      const cq = this.dataSource
        .getRepository(PlanEntry)
        .createQueryBuilder('e')
        .select('e.plan_id', 'plan_id')
        .addSelect('e.status', 'status')
        .addSelect('COUNT(*)', 'n')
        .where('e.plan_id IN (:...ids)', { ids: rows.map((p) => p.id) });
      if (caller.scopePath) cq.andWhere('e.org_path LIKE :scope', { scope: `${caller.scopePath}%` });
      const grouped: { plan_id: string; status: EntryStatus; n: number | string }[] = await cq
        .groupBy('e.plan_id')
        .addGroupBy('e.status')
        .getRawMany();
      for (const g of grouped) {
        const c = counts.get(g.plan_id);
        if (c && g.status in c) c[g.status] = Number(g.n);
      }
    }
    const items = rows.map((p) => ({
      id: p.id,
      orgId: p.orgId,
      year: p.year,
      quota: p.quota,
      createdAt: p.createdAt,
      counts: counts.get(p.id)!,
    }));
    return { items, total, page, limit };
  }

  private async loadCandidates(em: EntityManager, ids: readonly string[]): Promise<Map<string, CandidateState>> {
    return new Map((await this.candidates.find(em, ids)).map((c) => [c.id, c]));
  }

  /**
   * The `inPlan` fact (SPEC §4.1 plan.required): the candidate is an entry the organizers'
   * meeting included in a plan of that year.
   */
  async isIncluded(em: EntityManager, candidateId: string, year: number): Promise<boolean> {
    return (await this.plannedYears(em, [candidateId])).get(candidateId)?.has(year) ?? false;
  }

  /** For a plan vote: the plan, visible to the caller, with its entries awaiting a decision. */
  async requireForVote(
    em: EntityManager,
    caller: Caller,
    planId: string,
  ): Promise<{ plan: Plan; submitted: Set<string> }> {
    const plan = await this.requireVisible(em, caller, planId);
    const rows = await em.find(PlanEntry, { select: { candidateId: true }, where: { planId, status: 'submitted' } });
    return { plan, submitted: new Set(rows.map((r) => r.candidateId)) };
  }

  /** Applies a plan vote: passed → included, failed → excluded (inside the closing transaction). */
  async decide(
    em: EntityManager,
    planId: string,
    voteId: string,
    decidedOn: string,
    outcome: { included: string[]; excluded: string[] },
  ): Promise<void> {
    for (const [status, ids] of [
      ['included', outcome.included],
      ['excluded', outcome.excluded],
    ] as const) {
      for (const part of chunks(ids)) {
        await em.update(PlanEntry, { planId, candidateId: In(part) }, { status, voteId, decidedOn });
      }
    }
  }

  /** A plan is seen by its department and those above, and by the committees and branches below it. */
  private async requireVisible(em: EntityManager, caller: Caller, id: string): Promise<Plan> {
    const plan = await em.findOne(Plan, { where: { id } });
    if (!plan || !(inScope(caller, plan.orgPath) || caller.scopePath.startsWith(plan.orgPath)))
      throw notFound('发展计划');
    return plan;
  }
}
