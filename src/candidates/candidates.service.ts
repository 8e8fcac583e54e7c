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
import { subtreeRange } from '../common/subtree';
import { ValidationFailed } from '../common/errors';
import { newId } from '../common/ids';
import { pageOf } from '../common/pagination';
import { afterKey, CursorPage, decodeCursor, encodeCursor } from './cursor';
import { NameGram } from './name-gram.entity';
import { gramsOf, isWholeGram } from './name-grams';
import { Reader } from '../database/reader';
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

/** Whose candidates a list reads: a branch's, or a subtree's by its path; a stage; deferred or not. */
interface Scope {
  branchId?: string;
  prefix: string;
  stage?: Stage;
  deferred?: boolean;
}

/** A list page's reading: the query of its ids (column `id`), the columns of its order, and its total. */
interface Plan {
  ids: () => SelectQueryBuilder<ObjectLiteral>;
  key: [createdAt: string, id: string];
  total: () => Promise<{ total: number; totalIsEstimate: boolean }>;
}

/**
 * A name search reads its key's index rows unless the scope holds fewer than this many times fewer
 * candidates: an index entry read in order is about that much cheaper than a candidate's row
 * (measured on SQLite at a million: ~0.3 µs against ~6 µs).
 */
const GRAM_ENTRIES_PER_ROW = 20;

/** A query's COUNT(*), as SQL and parameters. */
function countOf(qb: SelectQueryBuilder<ObjectLiteral>): [string, unknown[]] {
  return qb.select('COUNT(*)', 'n').orderBy().getQueryAndParameters();
}

/** What a list searches for: a name fragment (LIKE pattern, wildcards dropped) and an ID number's digest. */
type Search = ReturnType<typeof searchOf>;

function searchOf(query: ListCandidatesQuery, personal: PersonalData) {
  const fragment = query.q?.replace(/[%_]/g, '') ?? '';
  return {
    fragment,
    pattern: fragment ? `%${fragment}%` : undefined,
    digest: query.idNumber ? personal.digest(query.idNumber) : undefined,
  };
}

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
    private readonly reader: Reader,
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

  /**
   * A name search's `total` is counted over at most this many candidates — the newest of those it
   * examines (its fragment's, or its scope's) — exactly when they are all of them, and past that
   * estimated from them (`totalIsEstimate`). Tests lower it.
   */
  countCap = 1_000;

  /**
   * A page of the list, newest first: by `page` (an offset) or, after the first, by the previous
   * page's `nextCursor` (a keyset: the rows after its last, whatever was added meanwhile). The
   * page's ids are chosen from an index (see `plan`), then only its rows are read; every
   * statement runs on a read thread (Reader).
   */
  async list(caller: Caller, query: ListCandidatesQuery): Promise<CursorPage<CandidateView>> {
    const { page, limit, skip } = pageOf(query);
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const scope = await this.scopeOf(caller, query);
    const plan = await this.plan(scope, query, skip + limit);
    const ids = plan.ids();
    const [createdAt, id] = plan.key;
    if (after) afterKey(ids, after, createdAt, id);
    else ids.offset(skip);
    ids.orderBy(createdAt, 'DESC').addOrderBy(id, 'DESC').limit(limit);
    const rows = await this.reader.many(
      this.candidates()
        .where(`c.id IN (${ids.getQuery()})`, ids.getParameters())
        .orderBy('c.created_at', 'DESC')
        .addOrderBy('c.id', 'DESC'),
    );
    const last = rows[rows.length - 1];
    return {
      items: rows.map((r) => toCandidateView(toState(r))),
      ...(await plan.total()),
      page,
      limit,
      nextCursor: rows.length === limit ? encodeCursor(last) : null,
    };
  }

  /**
   * The list's query: its filters within the caller's scope, newest first, for reading `depth`
   * rows at a time by key (the list's export).
   */
  async filtered(caller: Caller, query: ListCandidatesQuery, depth: number): Promise<SelectQueryBuilder<Candidate>> {
    const scope = await this.scopeOf(caller, query);
    const seek = await this.seeks(scope, depth, () => this.counted(scope));
    return this.matching(this.candidates(), scope, searchOf(query, this.personal), seek)
      .orderBy('c.created_at', 'DESC')
      .addOrderBy('c.id', 'DESC');
  }

  /**
   * Whether to seek a subtree's range or walk the newest-first index (see `within`): the walk reads
   * about `depth` × all ÷ in scope rows, the seek all in scope, index entries only (counted a
   * quarter of a row).
   */
  private async seeks(scope: Scope, depth: number, countScope: () => Promise<number>): Promise<boolean> {
    if (this.postgres) return true;
    const n = await countScope();
    return n * n <= 4 * depth * (await this.everywhere(scope));
  }

  /** Whose candidates: a branch (candidates live on branches) or a subtree's path prefix. */
  private async scopeOf(caller: Caller, query: ListCandidatesQuery): Promise<Scope> {
    const scopeOrg = query.orgId ?? caller.orgId;
    const org = scopeOrg ? await this.orgs.requireOrg(caller, scopeOrg) : undefined;
    return {
      ...(org?.kind === 'branch' ? { branchId: org.id } : {}),
      prefix: org?.path ?? caller.scopePath,
      ...(query.stage ? { stage: query.stage as Stage } : {}),
      ...(query.deferred ? { deferred: query.deferred === 'true' } : {}),
    };
  }

  /**
   * The scope, stage and deferral filters on candidates or their counts (alias c), and the search's.
   * A branch is an equality on org_id, a subtree a path range (`within`).
   */
  private matching<Q extends SelectQueryBuilder<ObjectLiteral>>(
    qb: Q,
    scope: Scope,
    search: Search | undefined,
    seek: boolean,
  ): Q {
    if (scope.branchId) qb.andWhere('c.org_id = :orgId', { orgId: scope.branchId });
    else this.within(qb, 'c', scope.prefix, seek);
    if (scope.stage) qb.andWhere('c.stage = :stage', { stage: scope.stage });
    if (scope.deferred !== undefined) qb.andWhere('c.deferred = :deferred', { deferred: scope.deferred });
    if (search?.digest) qb.andWhere('c.id_digest = :digest', { digest: search.digest });
    if (search?.pattern) qb.andWhere('LOWER(c.name) LIKE LOWER(:pattern)', { pattern: search.pattern });
    return qb;
  }

  /**
   * A subtree as a byte-order range of `alias.org_path` (`/a/b/` … `/a/b0`: '0' follows '/', and
   * paths are ASCII), so an index seek; PostgreSQL compares under COLLATE "C", as its index is
   * built. On SQLite `seek` false writes it as a LIKE, which SQLite never reads through an index
   * (its LIKE ignores ASCII case; the column does not): without statistics SQLite cannot choose
   * between seeking the subtree's range and walking the newest-first index past other subtrees'
   * rows, so `plan` chooses, from the counts. PostgreSQL chooses by its own statistics.
   */
  private within<Q extends SelectQueryBuilder<ObjectLiteral>>(qb: Q, alias: string, prefix: string, seek: boolean): Q {
    if (!prefix) return qb;
    const path = `${alias}.org_path`;
    if (this.postgres)
      return qb.andWhere(`${path} COLLATE "C" >= :lo AND ${path} COLLATE "C" < :hi`, subtreeRange(prefix));
    if (seek) return qb.andWhere(`${path} >= :lo AND ${path} < :hi`, subtreeRange(prefix));
    return qb.andWhere(`${path} LIKE :like`, { like: `${prefix}%` });
  }

  /** Candidates in scope with the stage and deferral asked for: exact, from candidate_counts. */
  private async counted(scope: Scope): Promise<number> {
    const counts = this.dataSource.getRepository(CandidateCount).createQueryBuilder('c');
    const [sql, params] = this.matching(counts, scope, undefined, true)
      .select('COALESCE(SUM(c.n), 0)', 'n')
      .getQueryAndParameters();
    return Number((await this.reader.query<{ n: unknown }>(sql, params))[0].n);
  }

  /**
   * Which ids a page reads, in what order, and its total. Without a search: the scope's — a
   * branch by its (org_id, created_at) index; a subtree either by seeking its range of the
   * covering (org_path, created_at, id) index and sorting it, or by walking the newest-first
   * index until the page is full, whichever reads less (`seeks`). An ID
   * search seeks its digest. A name search of two characters or more walks its rarest
   * two-character key's rows in candidate_name_grams, newest first (the key's order is the list's,
   * the path beside it), unless the scope is far smaller than that; one character reads the scope.
   * A name search weighs the key against the scope's size as of the last minute (`sized`): only
   * the way it reads depends on it, and summing a province's counts for each search cost more
   * than the search.
   */
  private async plan(scope: Scope, query: ListCandidatesQuery, depth: number): Promise<Plan> {
    const search = searchOf(query, this.personal);
    let counting: Promise<number> | undefined;
    const countScope = () => (counting ??= this.counted(scope));
    const examine = async (sql: string, params: unknown[], of: number) => {
      const n = Number((await this.reader.query<{ n: unknown }>(sql, params))[0].n);
      if (of <= this.countCap) return { total: n, totalIsEstimate: false };
      return { total: Math.max(n, Math.round((n / this.countCap) * of)), totalIsEstimate: true };
    };
    const byCandidate: Plan['key'] = ['c.created_at', 'c.id'];
    const byScope = async () => {
      const seek = await this.seeks(scope, depth, countScope);
      return { seek, ids: () => this.matching(this.candidates().select('c.id', 'id'), scope, search, seek) };
    };
    if (!search.pattern && !search.digest) {
      const [total, { ids }] = [await countScope(), await byScope()];
      return { key: byCandidate, ids, total: async () => ({ total, totalIsEstimate: false }) };
    }
    // A number belongs to one candidate or a few: counted exactly.
    if (search.digest) {
      const { ids } = await byScope();
      return { key: byCandidate, ids, total: () => examine(...countOf(ids()), 0) };
    }

    // The fragment's rarest two-character key (none under two characters).
    let gram: string | null = null;
    let ofGram = Infinity;
    for (const key of Array.from(search.fragment).length < 2 ? [] : gramsOf(search.fragment)) {
      const n = await this.gramRows(key);
      if (n < ofGram) [gram, ofGram] = [key, n];
    }
    // An index entry costs a small fraction of a candidate row read: the scope is read instead
    // only when it is much smaller than the key's rows.
    if (gram === null || ofGram > GRAM_ENTRIES_PER_ROW * (await this.sized(scope))) {
      // The scope's newest countCap candidates, and how many of them match.
      const [{ ids, seek }, of] = [await byScope(), await countScope()];
      const [sql, params] = this.matching(this.candidates(), scope, undefined, seek)
        .select('c.name', 'name')
        .orderBy('c.created_at', 'DESC')
        .addOrderBy('c.id', 'DESC')
        .limit(this.countCap)
        .getQueryAndParameters();
      const match = this.postgres ? `$${params.length + 1}` : '?';
      const count = `SELECT COUNT(*) AS n FROM (${sql}) s WHERE LOWER(s.name) LIKE LOWER(${match})`;
      return { key: byCandidate, ids, total: () => examine(count, [...params, search.pattern], of) };
    }
    // The key's index rows in the scope (by the path beside the key); the candidate read only for
    // what the index does not hold: stage, deferral, the rest of a fragment longer than its key.
    const rest: Scope = { prefix: '', stage: scope.stage, deferred: scope.deferred };
    const exact = isWholeGram(search.fragment) ? undefined : search;
    const joined = !!(rest.stage || rest.deferred !== undefined || exact);
    // A fragment's other keys are tested on the key index too (a probe of its primary key each), so
    // that a candidate row is read only for a name holding every key: a full name reads its namesakes.
    const others = gramsOf(search.fragment).filter((key) => key !== gram);
    const inScopeRows = () => {
      const qb = this.dataSource.getRepository(NameGram).createQueryBuilder('g').where('g.gram = :gram', { gram });
      others.forEach((key, i) =>
        qb.andWhere(
          `EXISTS (SELECT 1 FROM candidate_name_grams k${i} WHERE k${i}.gram = :k${i} ` +
            `AND k${i}.created_at = g.created_at AND k${i}.candidate_id = g.candidate_id)`,
          { [`k${i}`]: key },
        ),
      );
      return this.within(qb, 'g', scope.prefix, false);
    };
    const matched = (from: SelectQueryBuilder<ObjectLiteral>, alias: string) =>
      joined ? this.matching(from.innerJoin(Candidate, 'c', `c.id = ${alias}.candidate_id`), rest, exact, false) : from;
    const total = async () => {
      const [sql, params] = countOf(inScopeRows());
      const n = Number((await this.reader.query<{ n: unknown }>(sql, params))[0].n);
      if (!joined) return { total: n, totalIsEstimate: false };
      // The newest countCap of them, and how many of those match.
      const sample = inScopeRows()
        .select('g.candidate_id', 'candidate_id')
        .orderBy('g.created_at', 'DESC')
        .addOrderBy('g.candidate_id', 'DESC')
        .limit(this.countCap);
      const from = this.dataSource.createQueryBuilder().from(`(${sample.getQuery()})`, 's');
      return examine(...countOf(matched(from.setParameters(sample.getParameters()), 's')), n);
    };
    return {
      key: ['g.created_at', 'g.candidate_id'],
      ids: () => matched(inScopeRows().select('g.candidate_id', 'id'), 'g'),
      total,
    };
  }

  /** Candidates with the scope's stage and deferral anywhere: a plan's yardstick, cached a minute. */
  private async everywhere(scope: Scope): Promise<number> {
    return this.minuteCached(`everywhere|${scope.stage ?? ''}|${scope.deferred ?? ''}`, () =>
      this.counted({ prefix: '', stage: scope.stage, deferred: scope.deferred }),
    );
  }

  /** Candidates in scope: a plan's yardstick, cached a minute. */
  private async sized(scope: Scope): Promise<number> {
    const { branchId, prefix, stage, deferred } = scope;
    return this.minuteCached(`scope|${branchId ?? ''}|${prefix}|${stage ?? ''}|${deferred ?? ''}`, () =>
      this.counted(scope),
    );
  }

  /** A yardstick counted at most once a minute (a plan's, an estimate's: never a total shown as exact). */
  private async minuteCached(key: string, count: () => Promise<number>): Promise<number> {
    const cached = this.yardsticks.get(key);
    if (cached && cached.at > Date.now() - 60_000) return cached.n;
    const n = await count();
    this.yardsticks.set(key, { n, at: Date.now() });
    return n;
  }

  private readonly yardsticks = new Map<string, { n: number; at: number }>();

  /** Rows of a two-character key in candidate_name_grams: an index-only count. */
  private async gramRows(gram: string): Promise<number> {
    const [sql, params] = this.dataSource
      .getRepository(NameGram)
      .createQueryBuilder('g')
      .select('COUNT(*)', 'n')
      .where('g.gram = :gram', { gram })
      .getQueryAndParameters();
    return Number((await this.reader.query<{ n: unknown }>(sql, params))[0].n);
  }

  private candidates(): SelectQueryBuilder<Candidate> {
    return this.dataSource.getRepository(Candidate).createQueryBuilder('c');
  }

  private get postgres(): boolean {
    return this.dataSource.options.type === 'postgres';
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

  /**
   * Candidates on the branches of the subtree `prefix` ('' for everything), and of those the ones
   * whose branch path sorts at most `upTo`: from candidate_counts — the measure by which the
   * overdue list scales a sample of a subtree up to the whole of it. The subtree's own sum is an
   * estimate's yardstick, cached a minute; the sample's is one short range of the path index.
   */
  async onPaths(prefix: string, upTo: string): Promise<{ all: number; upTo: number }> {
    const sum = async (qb: SelectQueryBuilder<CandidateCount>) => {
      const [sql, params] = qb.select('COALESCE(SUM(c.n), 0)', 'n').getQueryAndParameters();
      return Number((await this.reader.query<{ n: unknown }>(sql, params))[0].n);
    };
    const counts = () => this.dataSource.getRepository(CandidateCount).createQueryBuilder('c');
    const path = this.postgres ? 'c.org_path COLLATE "C"' : 'c.org_path';
    const all = await this.minuteCached(`subtree|${prefix}`, () => sum(this.within(counts(), 'c', prefix, true)));
    return { all, upTo: await sum(counts().where(`${path} >= :lo AND ${path} <= :upTo`, { lo: prefix, upTo })) };
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
