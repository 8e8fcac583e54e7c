import { Injectable } from '@nestjs/common';
import { isDeepStrictEqual } from 'node:util';
import { EntityManager, In } from 'typeorm';
import {
  CandidateCommand,
  CandidateEffect,
  CandidateEvent,
  CandidateState,
  Command,
  DecideContext,
  GateViolation,
  MemberFacts,
  PERSONAL_FIELDS,
  checkTransition,
  decide,
  effectsOf,
  evolve,
  factsOf,
  replay,
} from '@admissions/rules';
import { AccountabilityService } from '../accountability';
import type { Caller } from '../auth/roles';
import { inScope } from '../auth/scope';
import { Clock } from '../common/clock';
import { GateViolationError, notFound } from '../common/domain-error';
import { RulesProfileService } from '../config/rules-profile.service';
import { insertRows, letOut, lockRows, updateRows } from '../database/bulk';
import { TransactionRunner } from '../database/transaction';
import { DeadlineKind } from '../deadlines';
import { DeadlinesService, NewDeadline } from '../deadlines';
import { RosterService } from '../organizations';
import { Candidate } from './candidate.entity';
import { CandidateEvent as EventRow } from './candidate-event.entity';
import { CandidateCount } from './candidate-count.entity';
import { CandidateYearCount } from './year-count.entity';
import { YearFigure, yearFiguresOf } from './year-counts';
import { NameGram } from './name-gram.entity';
import { gramsOf } from './name-grams';
import { toEvent, toRow, toState } from './projection';

/** Without undefined members, as the JSON column stores it. */
const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

/** Who acts: a signed-in caller, or the system (a job) under a name. */
export type Actor = Pick<Caller, 'sub' | 'name'>;

/** The actor of what a job does on its own (a notice closed when its window ends). */
export const SYSTEM: Actor = { sub: 'system', name: '系统' };

export interface Execution {
  id: string;
  command: CandidateCommand;
}

/** One candidate's result: the events appended (none when refused) and the state after them. */
export interface Executed {
  id: string;
  name: string;
  events: CandidateEvent[];
  state: CandidateState | null;
  violations: (GateViolation & { candidateId: string; name: string })[];
}

export interface RunOptions {
  /** The caller whose scope the candidates must be in (404 otherwise). */
  scope?: Caller;
  /** Apply what passes and return the rest's violations, instead of all or nothing. */
  each?: boolean;
  /** Prefix every violation with the candidate's name and give its id (lists of many candidates). */
  named?: boolean;
  /** … and its name in a field of its own (SPEC §13 batches). */
  withName?: boolean;
  /** The candidates, already locked by lock() in this transaction. */
  locked?: ReadonlyMap<string, CandidateState>;
}

/** The years of the approved plans each candidate is in: the plans feature answers it. */
export type PlanYears = (em: EntityManager, candidateIds: readonly string[]) => Promise<Map<string, Set<number>>>;

const NO_YEARS: ReadonlySet<number> = new Set();

/** Candidates decided and written at a time (see run). */
const CHUNK = 500;

/**
 * The candidate's one writer (SPEC §3): every command, for one candidate or ten thousand,
 * runs lock → load → decide → append → project → effects, in the caller's transaction.
 * Nothing else writes the candidates or candidate_events tables, or the roster on a
 * candidate's behalf.
 */
@Injectable()
export class CandidateWriter {
  private planYears: PlanYears | undefined;

  constructor(
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly rules: RulesProfileService,
    private readonly roster: RosterService,
    private readonly deadlines: DeadlinesService,
    private readonly accountability: AccountabilityService,
  ) {}

  /** The plans feature (above this one) says which candidates are in which year's plan. */
  usePlans(source: PlanYears): void {
    this.planYears = source;
  }

  /** One command on one candidate the caller may see, in its own transaction; 422 with every violation. */
  async execute(caller: Caller, id: string, command: CandidateCommand): Promise<CandidateEvent[]> {
    return this.tx.run((em) => this.executeIn(em, caller, id, command));
  }

  /** execute() inside the caller's transaction. */
  async executeIn(em: EntityManager, caller: Caller, id: string, command: CandidateCommand): Promise<CandidateEvent[]> {
    const [done] = await this.run(em, caller, [{ id, command }], { scope: caller });
    return done.events;
  }

  /**
   * Commands on many candidates in `em`'s transaction. All or nothing unless `each`: then a
   * candidate whose command fails keeps its state and its violations come back.
   *
   * A batch is decided and written CHUNK candidates at a time. On PostgreSQL a chunk's writes go
   * behind (bulk.ts), so the server writes one chunk while the service decides the next; a chunk
   * written before a later one is refused is rolled back with the transaction (all or nothing),
   * and every candidate is still decided, so the 422 names every violation.
   */
  async run(
    em: EntityManager,
    actor: Actor,
    items: readonly Execution[],
    options: RunOptions = {},
  ): Promise<Executed[]> {
    const profile = this.rules.profile;
    const today = this.rules.today();
    const stamp = { recordedAt: this.clock.now().toISOString(), profileStamp: this.rules.stamp };
    const states = options.locked ? new Map(options.locked) : await this.lockFor(em, items, options.scope);
    const context = await this.contexts(em, items, states);
    const decideOne = ({ id, command }: Execution): Executed => {
      const state = states.get(id) ?? null;
      const name = state?.name ?? (command.type === 'create' ? command.data.name : '');
      const decision = decide(state, command, today, profile, context(id));
      if (!decision.ok) {
        const prefix = options.named ? `${name}：` : '';
        const violations = decision.violations.map((v) => ({
          candidateId: id,
          name,
          code: v.code,
          message: `${prefix}${v.message}`,
        }));
        return { id, name, events: [], state, violations };
      }
      const seq = state?.version ?? 0; // numbered after the candidate's last event
      const events = decision.events.map(
        (body, i) => ({ ...body, candidateId: id, seq: seq + i + 1, ...stamp }) as CandidateEvent,
      );
      return { id, name, events, state, violations: [] };
    };
    const results: Executed[] = [];
    const before = new Map<string, CandidateState | null>();
    let writing = true;
    for (let i = 0; i < items.length; i += CHUNK) {
      const part = items.slice(i, i + CHUNK).map(decideOne);
      results.push(...part);
      if (!options.each && part.some((r) => r.violations.length)) writing = false;
      if (!writing) continue;
      await this.write(em, actor, part, context, before);
      if (items.length > CHUNK) await letOut(em);
    }
    if (!writing) {
      throw new GateViolationError(
        results
          .flatMap((r) => r.violations)
          .map(({ candidateId, name, code, message }) =>
            options.named ? { candidateId, ...(options.withName ? { name } : {}), code, message } : { code, message },
          ),
      );
    }
    // Last: a count row is locked (PostgreSQL) only for the end of the transaction's work, after
    // any ledger lock an effect took — one order for every transaction.
    await this.count(em, results, before);
    return results;
  }

  /** Append → project → effects for every candidate that has events; `before` gets the state each had. */
  private async write(
    em: EntityManager,
    actor: Actor,
    results: Executed[],
    context: (id: string) => DecideContext,
    before: Map<string, CandidateState | null>,
  ): Promise<void> {
    const profile = this.rules.profile;
    const rows: EventRow[] = [];
    const created: Candidate[] = [];
    const updated: Candidate[] = [];
    const changed = new Set<keyof Candidate & string>(['record', 'version', 'updatedAt']);
    const effects: { state: CandidateState; effect: CandidateEffect }[] = [];
    for (const r of results) {
      if (!r.events.length) continue;
      before.set(r.id, r.state);
      const previous = r.state;
      let state = previous;
      for (const event of r.events) {
        const after: CandidateState =
          event.type === 'step-correction'
            ? replay([...(context(r.id).history ?? []), ...r.events])!
            : evolve(state, event);
        for (const effect of effectsOf(state, event, after, profile)) effects.push({ state: after, effect });
        rows.push(toRow(event, actor));
        state = after;
      }
      r.state = state;
      (previous ? updated : created).push(toEntity(state!));
      if (previous)
        for (const column of PROJECTED)
          if (column !== 'record' && previous[column] !== state![column]) changed.add(column);
    }
    if (!rows.length) return;
    await insertRows(em, Candidate, created);
    // Only the columns some candidate's events changed: every indexed column named here is
    // rewritten in its index, changed or not (a vote's close changes stage, record, version).
    await updateRows(em, Candidate, updated, 'id', [...changed]);
    await insertRows(em, EventRow, rows);
    await this.indexNames(em, results, before);
    await this.runEffects(em, effects);
  }

  /** candidate_name_grams follows every name and branch: a new candidate's keys; a renamed or moved one's, anew. */
  private async indexNames(
    em: EntityManager,
    results: readonly Executed[],
    before: ReadonlyMap<string, CandidateState | null>,
  ): Promise<void> {
    const added: NameGram[] = [];
    for (const r of results) {
      const [was, now] = [before.get(r.id), r.state];
      if (!now || !before.has(r.id) || (was?.name === now.name && was.orgPath === now.orgPath)) continue;
      if (was)
        await em.delete(NameGram, { gram: In(gramsOf(was.name)), createdAt: now.createdAt, candidateId: now.id });
      for (const gram of gramsOf(now.name))
        added.push({ gram, createdAt: now.createdAt, candidateId: now.id, orgPath: now.orgPath });
    }
    await insertRows(em, NameGram, added);
  }

  /**
   * candidate_counts and candidate_year_counts follow every move: one less where a candidate was
   * (branch, stage, deferral; the year figures its record counted toward), one more where it is
   * now, added in key order (two transactions never wait on each other's count rows in opposite
   * orders).
   */
  private async count(
    em: EntityManager,
    results: readonly Executed[],
    before: ReadonlyMap<string, CandidateState | null>,
  ): Promise<void> {
    const moves: [CandidateState | null, CandidateState | null][] = [];
    for (const r of results) if (before.has(r.id)) moves.push([before.get(r.id) ?? null, r.state]);
    const { stages, years } = moved(moves);
    await insertRows(em, CandidateCount, changedOf(stages), { keys: ['orgId', 'stage', 'deferred'], add: ['n'] });
    await insertRows(em, CandidateYearCount, changedOf(years), { keys: ['year', 'orgPath', 'figure'], add: ['n'] });
  }

  /** Each feature does its part, in bulk: deadlines, then the roster, then accountability. */
  private async runEffects(
    em: EntityManager,
    effects: { state: CandidateState; effect: CandidateEffect }[],
  ): Promise<void> {
    const resolveBy = new Map<string, { kind: DeadlineKind; refId?: string; ids: string[] }>();
    const cancelBy = new Map<string, { kind?: DeadlineKind; ids: string[] }>();
    const open: NewDeadline[] = [];
    const admit: { candidateId: string; orgId: string; name: string; joinedOn: string }[] = [];
    const convert: string[] = [];
    const remove: string[] = [];
    const moved: CandidateState[] = [];
    const raise: { state: CandidateState; effect: Extract<CandidateEffect, { kind: 'accountability' }> }[] = [];
    for (const { state, effect } of effects) {
      switch (effect.kind) {
        case 'deadline.open':
          open.push({
            candidateId: state.id,
            orgPath: state.orgPath,
            kind: effect.deadline,
            dueOn: effect.dueOn,
            refId: effect.refId,
          });
          break;
        case 'deadline.resolve': {
          const key = `${effect.deadline}:${effect.refId ?? ''}`;
          const group =
            resolveBy.get(key) ?? resolveBy.set(key, { kind: effect.deadline, refId: effect.refId, ids: [] }).get(key)!;
          group.ids.push(state.id);
          break;
        }
        case 'deadline.cancel': {
          const key = effect.deadline ?? '';
          const group = cancelBy.get(key) ?? cancelBy.set(key, { kind: effect.deadline, ids: [] }).get(key)!;
          group.ids.push(state.id);
          break;
        }
        case 'deadline.move':
          moved.push(state);
          break;
        case 'roster.admit':
          admit.push({ candidateId: state.id, orgId: state.orgId, name: state.name, joinedOn: effect.joinedOn });
          break;
        case 'roster.convert':
          convert.push(state.id);
          break;
        case 'roster.remove':
          remove.push(state.id);
          break;
        case 'roster.move':
          await this.roster.move(em, state.id, state.orgId);
          break;
        case 'accountability':
          raise.push({ state, effect });
          break;
      }
    }
    for (const { kind, refId, ids } of resolveBy.values()) {
      if (refId) for (const id of ids) await this.deadlines.resolve(em, id, kind, refId);
      else await this.deadlines.resolveMany(em, ids, kind);
    }
    for (const { kind, ids } of cancelBy.values()) await this.deadlines.cancelMany(em, ids, kind);
    for (const state of moved) await this.deadlines.moveTo(em, state.id, state.orgPath);
    await this.deadlines.openMany(em, open);
    await this.roster.admit(em, admit);
    await this.roster.convert(em, convert);
    await this.roster.removeProbationary(em, remove);
    for (const { state, effect } of raise) {
      const { situation, orgId, occurredOn, facts, dedupeKey } = effect;
      await this.accountability.raise(em, { situation, orgId, candidateId: state.id, occurredOn, facts, dedupeKey });
    }
  }

  /**
   * The candidates, locked (PostgreSQL: FOR UPDATE in id order, so two batches never
   * deadlock; SQLite: the transaction queue already serializes). 404 for any the scope hides.
   */
  async lock(em: EntityManager, ids: readonly string[], scope?: Caller): Promise<Map<string, CandidateState>> {
    const states = new Map<string, CandidateState>();
    for (const row of await lockRows(em, Candidate, ids)) states.set(row.id, toState(row));
    if (ids.some((id) => !states.has(id) || (scope && !inScope(scope, states.get(id)!.orgPath))))
      throw notFound('候选人');
    return states;
  }

  private lockFor(
    em: EntityManager,
    items: readonly Execution[],
    scope: Caller | undefined,
  ): Promise<Map<string, CandidateState>> {
    return this.lock(
      em,
      items.filter((i) => i.command.type !== 'create').map((i) => i.id),
      scope,
    );
  }

  /**
   * The gates of one rules command for many candidates, nothing written (a vote being
   * opened, SPEC §5 rows 11 and 16): every violation, each naming its candidate.
   */
  async gates(
    em: EntityManager,
    states: readonly CandidateState[],
    command: Command,
  ): Promise<(GateViolation & { candidateId: string })[]> {
    const today = this.rules.today();
    const context = await this.contexts(em, [], new Map(states.map((s) => [s.id, s])));
    return states.flatMap((s) =>
      checkTransition(factsOf(s, context(s.id), today), command, today, this.rules.profile).violations.map((v) => ({
        code: v.code,
        message: `${s.name}：${v.message}`,
        candidateId: s.id,
      })),
    );
  }

  /** What the gates need to decide on one candidate as it stands (its page's `next`). */
  async contextOf(em: EntityManager, state: CandidateState): Promise<DecideContext> {
    return (await this.contexts(em, [], new Map([[state.id, state]])))(state.id);
  }

  /**
   * Roster facts of every member named, plan years, and — for corrections — the history.
   * Members a command assigns must be on the candidate's branch roster (422 otherwise).
   */
  private async contexts(em: EntityManager, items: readonly Execution[], states: Map<string, CandidateState>) {
    const memberIds: string[] = [];
    for (const s of states.values())
      memberIds.push(...(s.record.cultivatorIds ?? []), ...(s.record.introducerIds ?? []));
    for (const { id, command } of items) {
      if (command.type !== 'cultivators' && command.type !== 'introducers') continue;
      const state = states.get(id);
      if (state) await this.roster.ofBranch(em, state.orgId, command.data.memberIds);
      memberIds.push(...command.data.memberIds);
    }
    const members: Map<string, MemberFacts> = memberIds.length ? await this.roster.facts(em, memberIds) : new Map();
    const planned =
      this.rules.profile.plan.required && this.planYears
        ? await this.planYears(em, [...states.keys()])
        : new Map<string, Set<number>>();
    const histories = new Map<string, CandidateEvent[]>();
    for (const { id, command } of items) {
      if (command.type === 'correction' || command.type === 'step-correction')
        histories.set(id, await this.history(em, id));
    }
    return (id: string): DecideContext => ({
      members,
      plannedYears: planned.get(id) ?? NO_YEARS,
      history: histories.get(id),
    });
  }

  /**
   * Candidates whose row is not exactly what replaying their events gives (SPEC §3: the row
   * is a projection of the events), in id order. Empty when every row is right.
   */
  async audit(em: EntityManager): Promise<string[]> {
    const wrong: string[] = [];
    const rows = await em.find(Candidate, { order: { id: 'ASC' } });
    for (let i = 0; i < rows.length; i += 500) {
      const part = rows.slice(i, i + 500);
      const events = await em.find(EventRow, {
        where: { candidateId: In(part.map((r) => r.id)) },
        order: { candidateId: 'ASC', seq: 'ASC' },
      });
      const byCandidate = new Map<string, CandidateEvent[]>();
      for (const e of events) byCandidate.set(e.candidateId, [...(byCandidate.get(e.candidateId) ?? []), toEvent(e)]);
      for (const row of part) {
        const replayed = replay(byCandidate.get(row.id) ?? []);
        if (!replayed || !isDeepStrictEqual(plain(replayed), plain(toState(row)))) wrong.push(row.id);
      }
    }
    // candidate_counts and candidate_year_counts against a count of the candidates themselves
    const { stages, years } = tallied(rows.map((c) => [toState(c), 1]));
    wrong.push(...differences('candidate_counts', stages, await em.find(CandidateCount), stageKey));
    wrong.push(...differences('candidate_year_counts', years, await em.find(CandidateYearCount), yearKey));
    // candidate_name_grams against the names' keys
    const keyed = new Set(rows.flatMap((c) => gramsOf(c.name).map((g) => `${g}|${c.createdAt}|${c.id}|${c.orgPath}`)));
    const indexed = new Set(
      (await em.find(NameGram)).map((g) => `${g.gram}|${g.createdAt}|${g.candidateId}|${g.orgPath}`),
    );
    for (const key of keyed) if (!indexed.has(key)) wrong.push(`candidate_name_grams missing ${key}`);
    for (const key of indexed) if (!keyed.has(key)) wrong.push(`candidate_name_grams stale ${key}`);
    return wrong;
  }

  /** A candidate's events in order, as the rules read them. */
  async history(em: EntityManager, candidateId: string): Promise<CandidateEvent[]> {
    const rows = await em.find(EventRow, { where: { candidateId }, order: { seq: 'ASC' } });
    return rows.map(toEvent);
  }
}

/** Every column a command may change (the rest never changes after create). */
const PROJECTED: (keyof Candidate & string)[] = [
  ...PERSONAL_FIELDS,
  ...([
    'orgId',
    'orgPath',
    'idHash',
    'idDigest',
    'idMasked',
    'stage',
    'deferred',
    'openComplaints',
    'record',
    'version',
    'updatedAt',
  ] as const),
];

function toEntity(s: CandidateState): Candidate {
  return { ...s, record: JSON.stringify(s.record) };
}

const stageKey = (c: Pick<CandidateCount, 'orgId' | 'stage' | 'deferred'>) =>
  `${c.orgId}|${c.stage}|${c.deferred ? 1 : 0}`;
const yearKey = (c: Pick<CandidateYearCount, 'year' | 'orgPath' | 'figure'>) => `${c.year}|${c.orgPath}|${c.figure}`;

/** Sums of what candidates add to candidate_counts and candidate_year_counts, by key. */
class Tally {
  readonly stages = new Map<string, CandidateCount>();
  readonly years = new Map<string, CandidateYearCount>();

  /** A candidate's branch and stage, `n` times. */
  stage(s: CandidateState, n: number): void {
    add(this.stages, stageKey, { orgId: s.orgId, stage: s.stage, deferred: s.deferred, orgPath: s.orgPath, n });
  }

  /** Year figures of a candidate's branch, `n` times each. */
  figures(s: CandidateState, figures: readonly [number, YearFigure][], n: number): void {
    for (const [year, figure] of figures) add(this.years, yearKey, { year, orgPath: s.orgPath, figure, n });
  }

  /** All a candidate counts toward, `n` times. */
  candidate(s: CandidateState, n: number): void {
    this.stage(s, n);
    this.figures(s, yearFiguresOf(s), n);
  }
}

function add<T extends { n: number }>(to: Map<string, T>, keyOf: (row: T) => string, row: T): void {
  const key = keyOf(row);
  const d = to.get(key);
  if (d) d.n += row.n;
  else to.set(key, row);
}

/** What candidates add to the counts, `n` each (the audit's expectation). */
function tallied(changes: readonly [CandidateState, number][]): Tally {
  const t = new Tally();
  for (const [s, n] of changes) t.candidate(s, n);
  return t;
}

/**
 * What moves change in the counts: one less as a candidate was, one more as it is — less what
 * the two count alike, left out before any key is made (a close moves 10,000 candidates, most of
 * whose figures stay as they were).
 */
function moved(moves: readonly [CandidateState | null, CandidateState | null][]): Tally {
  const t = new Tally();
  for (const [was, is] of moves) {
    if (was && is && was.orgPath === is.orgPath) {
      if (was.orgId !== is.orgId || was.stage !== is.stage || was.deferred !== is.deferred) {
        t.stage(was, -1);
        t.stage(is, +1);
      }
      const [gone, come] = withoutCommon(yearFiguresOf(was), yearFiguresOf(is));
      t.figures(was, gone, -1);
      t.figures(is, come, +1);
      continue;
    }
    if (was) t.candidate(was, -1);
    if (is) t.candidate(is, +1);
  }
  return t;
}

/** Two lists of year figures without the entries they share. */
function withoutCommon(a: [number, YearFigure][], b: [number, YearFigure][]): [number, YearFigure][][] {
  const left = b.slice();
  const only = a.filter(([year, figure]) => {
    const j = left.findIndex(([y, f]) => y === year && f === figure);
    if (j < 0) return true;
    left.splice(j, 1);
    return false;
  });
  return [only, left];
}

/** A kept count table against the counts expected, key by key (a zero row is no row). */
function differences<T extends { n: number }>(
  table: string,
  expected: ReadonlyMap<string, T>,
  kept: readonly T[],
  keyOf: (row: T) => string,
): string[] {
  const held = new Map(kept.filter((k) => k.n !== 0).map((k) => [keyOf(k), k.n]));
  const wrong: string[] = [];
  for (const key of new Set([...expected.keys(), ...held.keys()]))
    if ((expected.get(key)?.n ?? 0) !== (held.get(key) ?? 0))
      wrong.push(`${table} ${key}: ${held.get(key) ?? 0} ≠ ${expected.get(key)?.n ?? 0}`);
  return wrong;
}

/** The rows of deltas that change a count, in key order: two transactions never wait on each other's count rows in opposite orders. */
function changedOf<T extends { n: number }>(deltas: ReadonlyMap<string, T>): T[] {
  return [...deltas.entries()]
    .filter(([, d]) => d.n !== 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, d]) => d);
}
