import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource, EntityManager, In, Like, Not, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import {
  CandidateCommand,
  CandidateFacts,
  CandidateState,
  Command,
  CommandType,
  EventType,
  Stage,
  TERMINAL_STAGES,
  checkTransition,
  commandsFor,
  factsOf,
} from '@admissions/rules';
import { AccountabilityService } from '../accountability';
import { BRANCH_UP, COMMITTEE_UP, Caller } from '../auth/roles';
import { inScope } from '../auth/scope';
import { forbidden, notFound, RuleViolation } from '../common/domain-error';
import { ValidationFailed } from '../common/errors';
import { newId } from '../common/ids';
import { pageOf } from '../common/pagination';
import { afterKey, CursorPage, decodeCursor, encodeCursor } from './cursor';
import { CandidateCount } from './candidate-count.entity';
import { validated } from '../common/validation';
import { RulesProfileService } from '../config/rules-profile.service';
import { TransactionRunner } from '../database/transaction';
import { DeadlinesService } from '../deadlines';
import { OrganizationsService } from '../organizations';
import { Candidate } from './candidate.entity';
import { CandidateEvent as EventRow } from './candidate-event.entity';
import { CandidateWriter, Executed } from './candidate-writer.service';
import { CommandCatalog } from './command-catalog';
import {
  ActivistDto,
  AssessmentDto,
  BatchDto,
  CorrectCandidateDto,
  CreateCandidateDto,
  DevelopmentObjectDto,
  ListCandidatesQuery,
  MembersDto,
  OptionalReasonDto,
  PoliticalReviewDto,
  PreReviewDto,
  ReasonDto,
  StepCorrectionDto,
  TalkDto,
  TrainingDto,
  TransferDto,
} from './dto';
import { DuplicateApplicant } from './errors';
import { PersonalData } from './personal-data.service';
import { toState } from './projection';
import { CandidateDetail, CandidateView, NextCommand, toCandidateView, toTimeline } from './views';

/** The scope, stage and deferral filters, applied to a query of candidates or of their counts (alias c). */
type Where = <Q extends SelectQueryBuilder<ObjectLiteral>>(qb: Q) => Q;

/** Rows read to estimate a search's matches past `countCap`: the newest in scope. */
const ESTIMATE_SAMPLE = 20_000;

@Injectable()
export class CandidatesService implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly rules: RulesProfileService,
    private readonly orgs: OrganizationsService,
    private readonly deadlines: DeadlinesService,
    private readonly writer: CandidateWriter,
    private readonly catalog: CommandCatalog,
    private readonly personal: PersonalData,
    private readonly accountability: AccountabilityService,
  ) {}

  onModuleInit(): void {
    // Accountability (below) checks a record's candidate against its scope through this.
    this.accountability.useCandidates(async (em, id) => (await this.find(em, [id]))[0]?.orgPath ?? null);
    // SPEC §5 rows 1–8, 10, 19–21: the pipeline's own steps.
    const steps: [EventType, new () => object, boolean][] = [
      ['talk', TalkDto, true],
      ['activist', ActivistDto, false],
      ['cultivators', MembersDto, false],
      ['assessments', AssessmentDto, true],
      ['development-object', DevelopmentObjectDto, false],
      ['introducers', MembersDto, false],
      ['political-review', PoliticalReviewDto, true],
      ['training', TrainingDto, true],
      ['pre-review', PreReviewDto, true],
      ['reject', ReasonDto, true],
      ['withdraw', OptionalReasonDto, true],
      ['defer', ReasonDto, true],
      ['resume', ReasonDto, true],
    ];
    for (const [type, dto, batch] of steps)
      this.catalog.register(type, { dto, batch, roles: type === 'pre-review' ? COMMITTEE_UP : BRANCH_UP });
  }

  async create(caller: Caller, dto: CreateCandidateDto): Promise<CandidateDetail> {
    const id = newId();
    const { idNumber, ...fields } = dto; // the number itself is never stored, not even in the timeline
    const digest = idNumber ? this.personal.digest(idNumber) : undefined; // computed before the transaction
    await this.tx.run(async (em) => {
      const org = await this.orgs.requireOrg(caller, dto.orgId, em);
      if (org.kind !== 'branch') throw new RuleViolation('ORG_NOT_BRANCH', '入党申请须向党支部提出');
      if (digest) await this.assertNoOpenDuplicate(em, caller, digest);
      const data = {
        ...fields,
        orgId: org.id,
        orgPath: org.path,
        ...(digest ? { idDigest: digest, idMasked: this.personal.mask(idNumber!) } : {}),
      };
      await this.writer.run(em, caller, [{ id, command: { type: 'create', id, data } }]);
    });
    return this.detail(caller, id);
  }

  /** One single-candidate command (SPEC §5), then the candidate as it now stands. */
  async command(caller: Caller, id: string, command: CandidateCommand): Promise<CandidateDetail> {
    await this.writer.execute(caller, id, command);
    return this.detail(caller, id);
  }

  /** SPEC §13: personal data corrected on the record (a notice already published keeps its snapshot). */
  async correct(caller: Caller, id: string, dto: CorrectCandidateDto): Promise<CandidateDetail> {
    const { idNumber, reason, ...fields } = dto;
    const digest = idNumber ? this.personal.digest(idNumber) : undefined;
    await this.tx.run(async (em) => {
      if (digest) await this.assertNoOpenDuplicate(em, caller, digest, id);
      const number = digest ? { digest, masked: this.personal.mask(idNumber!) } : undefined;
      await this.writer.executeIn(em, caller, id, { type: 'correction', reason, fields, idNumber: number });
    });
    return this.detail(caller, id);
  }

  /** SPEC §13: a recorded step amended, the history replayed through the gates. */
  async correctStep(caller: Caller, id: string, seq: number, dto: StepCorrectionDto): Promise<CandidateDetail> {
    await this.tx.run(async (em) => {
      const row = await em.findOne(EventRow, { where: { candidateId: id, seq } });
      const spec = row && this.catalog.get(row.type);
      if (row && spec) {
        if (!spec.roles.includes(caller.role)) throw forbidden('当前角色无权更正该事项');
        // The amended input must be a valid body of the step's own command.
        const original = JSON.parse(row.input) as Record<string, unknown>;
        const merged = {
          ...original,
          ...dto.input,
          ...(dto.date !== undefined && 'date' in original ? { date: dto.date } : {}),
        };
        await validated(spec.dto, bodyOf(merged), 'input');
      }
      const data = {
        seq,
        reason: dto.reason,
        ...(dto.date !== undefined ? { date: dto.date } : {}),
        ...(dto.input ? { input: dto.input } : {}),
      };
      await this.writer.executeIn(em, caller, id, { type: 'step-correction', data });
    });
    return this.detail(caller, id);
  }

  /** SPEC §13: 组织关系转接 — committee or higher over both branches. */
  async transfer(caller: Caller, id: string, dto: TransferDto): Promise<CandidateDetail> {
    await this.tx.run(async (em) => {
      const to = await this.orgs.requireOrg(caller, dto.toOrgId, em);
      if (to.kind !== 'branch') throw new RuleViolation('ORG_NOT_BRANCH', '只能转入党支部');
      const [from] = await this.find(em, [id]);
      if (!from || !inScope(caller, from.orgPath)) throw notFound('候选人');
      const data = { date: dto.date, reason: dto.reason, fromOrgId: from.orgId, toOrgId: to.id, toOrgPath: to.path };
      await this.writer.executeIn(em, caller, id, { type: 'branch-transfer', data });
    });
    return this.detail(caller, id);
  }

  /** SPEC §13: one command for many candidates, all or nothing; 422 names every candidate's violations. */
  async batch(caller: Caller, dto: BatchDto): Promise<{ items: CandidateView[] }> {
    const spec = this.catalog.get(dto.command);
    if (!spec?.batch) {
      const allowed = this.catalog.batchable().join('、');
      throw new ValidationFailed([{ field: 'command', code: 'isIn', message: `command: 批量办理只支持 ${allowed}` }]);
    }
    if (!spec.roles.includes(caller.role)) throw forbidden('当前角色无权办理该事项');
    const input = await validated(spec.dto, dto.input, 'input');
    const command = { type: dto.command, data: { ...input } } as CandidateCommand;
    const done: Executed[] = await this.tx.run((em) =>
      this.writer.run(
        em,
        caller,
        dto.candidateIds.map((id) => ({ id, command })),
        { scope: caller, named: true, withName: true },
      ),
    );
    return { items: done.map((d) => toCandidateView(d.state!)) };
  }

  /** A name or ID search past this many matches answers an estimated `total` (tests lower it). */
  countCap = 10_000;

  /**
   * A page of the list, newest first: by `page` (an offset) or, after the first, by the previous
   * page's `nextCursor` (a keyset: the rows after its last, whatever was added meanwhile).
   */
  async list(caller: Caller, query: ListCandidatesQuery): Promise<CursorPage<CandidateView>> {
    const { page, limit, skip } = pageOf(query);
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const where = await this.where(caller, query);
    const base = this.matching(where, query);
    const rows = await (after ? afterKey(base.clone(), after) : base.clone().skip(skip)).take(limit).getMany();
    const last = rows[rows.length - 1];
    return {
      items: rows.map((r) => toCandidateView(toState(r))),
      ...(await this.total(where, query, base)),
      page,
      limit,
      nextCursor: rows.length === limit ? encodeCursor(last) : null,
    };
  }

  /** The list's query: its filters within the caller's scope, newest first (the list and its export). */
  async filtered(caller: Caller, query: ListCandidatesQuery): Promise<SelectQueryBuilder<Candidate>> {
    return this.matching(await this.where(caller, query), query);
  }

  /**
   * The scope, stage and deferral part of the filters, for the candidates (alias c) and their
   * counts alike: a branch is an equality on org_id (candidates live on branches), a subtree a
   * prefix of org_path.
   */
  private async where(caller: Caller, query: ListCandidatesQuery): Promise<Where> {
    const scopeOrg = query.orgId ?? caller.orgId;
    const org = scopeOrg ? await this.orgs.requireOrg(caller, scopeOrg) : undefined;
    return (qb) => {
      if (org?.kind === 'branch') qb.where('c.org_id = :orgId', { orgId: org.id });
      else qb.where('c.org_path LIKE :scopePrefix', { scopePrefix: `${org?.path ?? caller.scopePath}%` });
      if (query.stage) qb.andWhere('c.stage = :stage', { stage: query.stage });
      if (query.deferred) qb.andWhere('c.deferred = :deferred', { deferred: query.deferred === 'true' });
      return qb;
    };
  }

  private matching(where: Where, query: ListCandidatesQuery): SelectQueryBuilder<Candidate> {
    const qb = where(this.dataSource.getRepository(Candidate).createQueryBuilder('c'));
    if (query.q) qb.andWhere('c.name LIKE :q', { q: `%${query.q.replace(/[%_]/g, '')}%` });
    if (query.idNumber) qb.andWhere('c.id_digest = :digest', { digest: this.personal.digest(query.idNumber) });
    return qb.orderBy('c.created_at', 'DESC').addOrderBy('c.id', 'DESC');
  }

  /**
   * `total`: exact from candidate_counts for scope, stage and deferral, whatever their size; a name
   * or ID search counts its matches up to `countCap`, and past it estimates them from the newest
   * rows in scope (`totalIsEstimate`).
   */
  private async total(
    where: Where,
    query: ListCandidatesQuery,
    base: SelectQueryBuilder<Candidate>,
  ): Promise<{ total: number; totalIsEstimate: boolean }> {
    const counts = where(this.dataSource.getRepository(CandidateCount).createQueryBuilder('c'));
    const inScope = Number((await counts.select('COALESCE(SUM(c.n), 0)', 'n').getRawOne<{ n: unknown }>())!.n);
    if (!query.q && !query.idNumber) return { total: inScope, totalIsEstimate: false };
    const [sql, params] = base
      .clone()
      .select('c.id')
      .orderBy()
      .limit(this.countCap + 1)
      .getQueryAndParameters();
    const [{ n }] = (await this.dataSource.query(`SELECT COUNT(*) AS n FROM (${sql}) capped`, params)) as {
      n: unknown;
    }[];
    if (Number(n) <= this.countCap) return { total: Number(n), totalIsEstimate: false };
    const sample = await where(this.dataSource.getRepository(Candidate).createQueryBuilder('c'))
      .select(['c.id', 'c.name', 'c.idDigest'])
      .orderBy('c.created_at', 'DESC')
      .limit(ESTIMATE_SAMPLE)
      .getMany();
    const q = query.q?.replace(/[%_]/g, '');
    const digest = query.idNumber ? this.personal.digest(query.idNumber) : undefined;
    const hits = sample.filter((c) => (!q || c.name.includes(q)) && (!digest || c.idDigest === digest)).length;
    const estimate = Math.round((hits / Math.max(1, sample.length)) * inScope);
    return { total: Math.max(this.countCap + 1, estimate), totalIsEstimate: true };
  }

  async detail(caller: Caller, id: string): Promise<CandidateDetail> {
    const em = this.dataSource.manager;
    const state = await this.requireVisible(em, caller, id);
    const today = this.rules.today();
    const [events, deadlines, context] = await Promise.all([
      em.find(EventRow, { where: { candidateId: id }, order: { seq: 'ASC' } }),
      this.deadlines.openFor(em, id, today),
      this.writer.contextOf(em, state),
    ]);
    const facts = factsOf(state, context, today);
    return {
      ...toCandidateView(state),
      timeline: toTimeline(events),
      next: this.next(state.stage, facts, today),
      deadlines,
    };
  }

  // ── reads for the features above (through index.ts): states, never the entity ──

  /** Candidates by id as the rules read them (no lock; the writer locks). */
  async find(em: EntityManager, ids: readonly string[]): Promise<CandidateState[]> {
    const out: CandidateState[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      for (const row of await em.find(Candidate, { where: { id: In(ids.slice(i, i + 500)) } })) out.push(toState(row));
    }
    return out;
  }

  /** The candidate, if the caller may see it; 404 otherwise. */
  async requireVisible(em: EntityManager, caller: Caller, id: string): Promise<CandidateState> {
    const [state] = await this.find(em, [id]);
    if (!state || !inScope(caller, state.orgPath)) throw notFound('候选人');
    return state;
  }

  /** Candidates of a stage in an organization's subtree, in id order. */
  async inStage(em: EntityManager, orgPath: string, stage: Stage): Promise<CandidateState[]> {
    const rows = await em.find(Candidate, { where: { orgPath: Like(`${orgPath}%`), stage }, order: { id: 'ASC' } });
    return rows.map(toState);
  }

  /** Names by id, for lists and messages. */
  async names(em: EntityManager, ids: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (let i = 0; i < ids.length; i += 500) {
      for (const c of await em.find(Candidate, {
        select: { id: true, name: true },
        where: { id: In(ids.slice(i, i + 500)) },
      }))
        out.set(c.id, c.name);
    }
    return out;
  }

  /**
   * SPEC §13: an ID number may belong to one open candidate at a time, anywhere. The holder's
   * organization is named only to a caller who may see it.
   */
  private async assertNoOpenDuplicate(em: EntityManager, caller: Caller, digest: string, self?: string): Promise<void> {
    await this.tx.lockKey(em, `id-digest:${digest}`);
    const rows = await em.find(Candidate, {
      select: { id: true, orgId: true, orgPath: true },
      where: { idDigest: digest, stage: Not(In([...TERMINAL_STAGES])) },
    });
    const holder = rows.find((r) => r.id !== self);
    if (!holder) return;
    if (!inScope(caller, holder.orgPath)) throw new DuplicateApplicant();
    const org = await this.orgs.requireOrg(caller, holder.orgId, em);
    throw new DuplicateApplicant({ candidateId: holder.id, orgId: org.id, orgName: org.name });
  }

  /** What the candidate could do today, each with its gate result. */
  private next(stage: Stage, facts: CandidateFacts, today: string): NextCommand[] {
    return commandsFor(stage).map((type) => {
      const probe = probeCommand(type, stage, facts, today);
      const { ok, violations } = checkTransition(facts, probe, today, this.rules.profile);
      return { command: type, ok, violations };
    });
  }
}

/** A step's data without what the service added to its body (ids, derived facts). */
function bodyOf(data: Record<string, unknown>): Record<string, unknown> {
  const { visitId: _v, qualifying: _q, probationEnd: _p, ...body } = data;
  return body;
}

/** A command with today's date and the candidate's current inputs, to ask the gates "could it be done today?". */
function probeCommand(type: CommandType, stage: Stage, facts: CandidateFacts, today: string): Command {
  const purpose = stage === 'probationary' ? 'conversion' : 'admission';
  switch (type) {
    case 'create':
      return { type, birthDate: facts.birthDate!, applicationDate: facts.applicationDate! };
    case 'cultivators':
      return { type, members: facts.cultivators ?? [] };
    case 'introducers':
      return { type, members: facts.introducers ?? [] };
    case 'training':
      return { type, startDate: today, endDate: today, days: 0, hours: 0, passed: true };
    case 'publicity':
      return { type, kind: purpose, startDate: today };
    case 'mass_assessment':
    case 'branch_meeting':
    case 'committee':
      return { type, purpose, meetingDate: today };
    case 'extension':
      return { type, date: today, months: 6 };
    default:
      return { type, date: today } as Command;
  }
}
