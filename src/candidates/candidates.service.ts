import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import type { Caller } from '../auth/roles';
import { inScope } from '../auth/scope';
import { Clock } from '../common/clock';
import { DomainError, GateViolationError, notFound } from '../common/domain-error';
import { newId } from '../common/ids';
import { Page, pageOf } from '../common/pagination';
import { RulesProfileService } from '../config/rules-profile.service';
import { DeadlinesService } from '../deadlines/deadlines.service';
import { insertRows } from '../database/bulk';
import { TransactionRunner } from '../database/transaction';
import { Member } from '../organizations/member.entity';
import { OrganizationsService } from '../organizations/organizations.service';
import { PlansService } from '../plans/plans.service';
import {
  addMonths,
  CandidateFacts,
  checkTransition,
  Command,
  CommandType,
  commandsFor,
  MemberFacts,
  Stage,
  talkDue,
  TERMINAL_STAGES,
} from '../rules';
import { Candidate } from './candidate.entity';
import { CandidateEvent } from './candidate-event.entity';
import { CreateCandidateDto, ListCandidatesQuery } from './dto';
import { hashIdNumber, maskIdNumber } from './personal-data';
import { CandidateRecord, parseRecord, publicityFacts } from './record';
import { CandidateDetail, CandidateView, NextCommand, toCandidateView, toTimelineEntry } from './views';

const ASSESSED: Stage[] = ['activist', 'development_object'];

/**
 * What the timeline records: a rules Command, or a transfer to the authorities (移交有关部门),
 * which only a complaint's verification decides and so has no gate of its own.
 */
export type TimelineCommand = Command | { type: 'transfer'; date: string; reason?: string };

/** What a command does to the candidate once its gates passed. */
export type Effect = (candidate: Candidate, record: CandidateRecord, em: EntityManager) => void | Promise<void>;

/** One command of applyMany(). */
export interface BatchCommand {
  candidate: Candidate;
  command: TimelineCommand;
  input: object;
  effect: Effect;
}

@Injectable()
export class CandidatesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly rules: RulesProfileService,
    private readonly orgs: OrganizationsService,
    private readonly deadlines: DeadlinesService,
    private readonly plans: PlansService,
  ) {}

  async create(caller: Caller, dto: CreateCandidateDto): Promise<CandidateDetail> {
    const idHash = dto.idNumber ? hashIdNumber(dto.idNumber) : null; // hashed before the transaction
    const id = newId();
    await this.tx.run(async (em) => {
      const org = await this.orgs.requireOrg(caller, dto.orgId, em);
      if (org.kind !== 'branch') throw new DomainError('ORG_NOT_BRANCH', '入党申请须向党支部提出');
      const today = this.rules.today();
      const gate = checkTransition(
        { stage: null },
        { type: 'create', birthDate: dto.birthDate, applicationDate: dto.applicationDate, priorRemoval: dto.priorRemoval },
        today,
        this.rules.profile,
      );
      if (!gate.ok) throw new GateViolationError(gate.violations);
      const now = this.clock.now().toISOString();
      const record: CandidateRecord = dto.priorRemoval ? { priorRemoval: { kind: dto.priorRemoval.kind, on: dto.priorRemoval.on } } : {};
      const candidate = em.create(Candidate, {
        id,
        orgId: org.id,
        orgPath: org.path,
        name: dto.name,
        gender: dto.gender,
        birthDate: dto.birthDate,
        applicationDate: dto.applicationDate,
        ethnicity: dto.ethnicity ?? null,
        education: dto.education ?? null,
        occupation: dto.occupation ?? null,
        workUnit: dto.workUnit ?? null,
        frontline: dto.frontline ?? false,
        highKnowledge: dto.highKnowledge ?? false,
        idHash,
        idMasked: dto.idNumber ? maskIdNumber(dto.idNumber) : null,
        stage: 'applicant',
        deferred: false,
        openComplaints: 0,
        record: JSON.stringify(record),
        version: 1,
        profileStamp: this.rules.stamp,
        createdAt: now,
        updatedAt: now,
      });
      await em.insert(Candidate, candidate);
      const { idNumber: _secret, ...input } = dto; // the number itself is never stored, not even in the timeline
      await this.appendEvent(em, caller, candidate, 'create', dto.applicationDate, input);
      // 细则: talk with the applicant within one month of receiving the application
      await this.deadlines.open(em, { candidateId: id, orgPath: org.path, kind: 'talk', dueOn: talkDue(dto.applicationDate, this.rules.profile) });
    });
    return this.detail(caller, id);
  }

  async list(caller: Caller, query: ListCandidatesQuery): Promise<Page<CandidateView>> {
    const { page, limit, skip } = pageOf(query);
    const scopeOrg = query.orgId ?? caller.orgId;
    const org = scopeOrg ? await this.orgs.requireOrg(caller, scopeOrg) : undefined;
    // Candidates live on branches, so a branch's list is an indexed equality on org_id
    // (bench/RESULTS.md: the branch + stage count falls from ~22 ms to well under 1 ms at 100,000).
    const qb =
      org?.kind === 'branch'
        ? this.dataSource.getRepository(Candidate).createQueryBuilder('c').where('c.org_id = :orgId', { orgId: org.id })
        : await this.orgs.scopedQuery(caller, Candidate, 'c', query.orgId);
    if (query.stage) qb.andWhere('c.stage = :stage', { stage: query.stage });
    if (query.deferred) qb.andWhere('c.deferred = :deferred', { deferred: query.deferred === 'true' });
    if (query.q) qb.andWhere('c.name LIKE :q', { q: `%${query.q.replace(/[%_]/g, '')}%` });
    const [rows, total] = await qb.orderBy('c.created_at', 'DESC').addOrderBy('c.id', 'DESC').skip(skip).take(limit).getManyAndCount();
    return { items: rows.map(toCandidateView), total, page, limit };
  }

  async detail(caller: Caller, id: string): Promise<CandidateDetail> {
    const em = this.dataSource.manager;
    const candidate = await this.requireInScope(em, caller, id);
    const today = this.rules.today();
    const [events, deadlines, facts] = await Promise.all([
      em.find(CandidateEvent, { where: { candidateId: id }, order: { seq: 'ASC' } }),
      this.deadlines.openFor(em, id, today),
      this.facts(em, candidate),
    ]);
    return { ...toCandidateView(candidate), timeline: events.map(toTimelineEntry), next: this.next(candidate.stage, facts, today), deadlines };
  }

  /** The candidate, if the caller may see it; 404 otherwise. */
  async requireInScope(em: EntityManager, caller: Caller, id: string, forUpdate = false): Promise<Candidate> {
    const candidate = forUpdate ? await this.tx.findForUpdate(em, Candidate, { id }) : await em.findOne(Candidate, { where: { id } });
    if (!candidate || !inScope(caller, candidate.orgPath)) throw notFound('候选人');
    return candidate;
  }

  /**
   * Runs one pipeline command on a candidate the caller may see, inside the caller's
   * transaction: lock, ask the rules, apply the effect, record the event.
   */
  async runCommand(em: EntityManager, caller: Caller, candidateId: string, command: Command, input: object, effect: Effect): Promise<Candidate> {
    const candidate = await this.requireInScope(em, caller, candidateId, true);
    await this.check(em, candidate, command);
    return this.apply(em, caller, candidate, command, input, effect);
  }

  /** The gates of `command` for a loaded candidate; 422 with every violation. */
  async check(em: EntityManager, candidate: Candidate, command: Command): Promise<void> {
    const planYear = command.type === 'development-object' ? Number(command.date.slice(0, 4)) : undefined;
    const facts = await this.facts(em, candidate, planYear);
    const gate = checkTransition(facts, command, this.rules.today(), this.rules.profile);
    if (!gate.ok) throw new GateViolationError(gate.violations);
  }

  /** Applies an already-checked command: the effect, the version bump and the timeline event. */
  async apply(em: EntityManager, caller: Caller, candidate: Candidate, command: TimelineCommand, input: object, effect: Effect): Promise<Candidate> {
    await this.applyMany(em, caller, [{ candidate, command, input, effect }]);
    return candidate;
  }

  private async appendEvent(em: EntityManager, caller: Caller, candidate: Candidate, type: string, date: string, input: object): Promise<void> {
    await em.insert(CandidateEvent, this.eventRow(caller, candidate, type, date, input));
  }

  private eventRow(caller: Caller, candidate: Candidate, type: string, date: string, input: object): CandidateEvent {
    return {
      id: newId(),
      candidateId: candidate.id,
      seq: candidate.version,
      type,
      occurredOn: date,
      actorSub: caller.sub,
      actorName: caller.name,
      input: JSON.stringify(input),
      profileStamp: this.rules.stamp,
      recordedAt: this.clock.now().toISOString(),
    };
  }

  /**
   * Already-checked commands, one or a batch (a vote closing on up to 10,000 candidates):
   * each effect, the version bumps, the deadlines a stage change ends and the timeline
   * events, written in chunks. A batch's effects should not query (the caller writes any
   * other consequence in bulk); a single command's may.
   */
  async applyMany(em: EntityManager, caller: Caller, items: readonly BatchCommand[]): Promise<void> {
    const today = this.rules.today();
    const now = this.clock.now().toISOString();
    const leftPipeline: string[] = [];
    const leftAssessment: string[] = [];
    const events: CandidateEvent[] = [];
    for (const { candidate, command, input, effect } of items) {
      const record = parseRecord(candidate.record);
      const stageBefore = candidate.stage;
      await effect(candidate, record, em);
      candidate.record = JSON.stringify(record);
      candidate.version += 1;
      candidate.updatedAt = now;
      if (TERMINAL_STAGES.includes(candidate.stage) && !TERMINAL_STAGES.includes(stageBefore)) leftPipeline.push(candidate.id);
      if (ASSESSED.includes(stageBefore) && !ASSESSED.includes(candidate.stage)) leftAssessment.push(candidate.id);
      events.push(this.eventRow(caller, candidate, command.type, commandDate(command, today), input));
    }
    await insertRows(em, Candidate, items.map((item) => item.candidate), { keys: ['id'], update: ['stage', 'deferred', 'openComplaints', 'record', 'version', 'updatedAt'] });
    await insertRows(em, CandidateEvent, events);
    await this.deadlines.cancelMany(em, leftPipeline);
    await this.deadlines.cancelMany(em, leftAssessment, 'assessment');
  }

  /** Roster members of the candidate's branch, as the gates see them; 422 for ids not on it. */
  async branchMembers(em: EntityManager, candidate: Candidate, ids: string[]): Promise<MemberFacts[]> {
    if (ids.length === 0) return [];
    const rows = await em.find(Member, { where: { id: In(ids), orgId: candidate.orgId } });
    const missing = ids.filter((id) => !rows.some((m) => m.id === id));
    if (missing.length) throw new DomainError('MEMBER_NOT_IN_BRANCH', `以下人员不在本支部党员名册中: ${missing.join('、')}`);
    return ids.map((id) => {
      const m = rows.find((row) => row.id === id)!;
      return { id: m.id, formal: m.status === 'formal', votingRights: !!m.votingRights };
    });
  }

  /** The plain snapshot the rules decide on; `planYear` is the year a plan must cover (default: this year). */
  async facts(em: EntityManager, candidate: Candidate, planYear?: number): Promise<CandidateFacts> {
    const [facts] = await this.factsMany(em, [candidate], planYear);
    return facts;
  }

  /** facts() for a batch (a vote on up to 10,000 candidates): the roster is read once per 1,000 members. */
  async factsMany(em: EntityManager, candidates: readonly Candidate[], planYear?: number): Promise<CandidateFacts[]> {
    const records = candidates.map((c) => parseRecord(c.record));
    const memberIds = [...new Set(records.flatMap((r) => [...(r.cultivatorIds ?? []), ...(r.introducerIds ?? [])]))];
    const members = new Map<string, Member>();
    for (let i = 0; i < memberIds.length; i += 1000) {
      for (const m of await em.find(Member, { where: { id: In(memberIds.slice(i, i + 1000)) } })) members.set(m.id, m);
    }
    const today = this.rules.today();
    // seed 004: with plan.required, a development object must be in an approved plan for the year
    const inPlan = this.rules.profile.plan.required
      ? await this.plans.includedAmong(em, candidates.map((c) => c.id), planYear ?? Number(today.slice(0, 4)))
      : new Set<string>();
    return candidates.map((c, i) => this.factsOf(c, records[i], members, today, inPlan.has(c.id)));
  }

  private factsOf(candidate: Candidate, r: CandidateRecord, members: Map<string, Member>, today: string, inPlan: boolean): CandidateFacts {
    const asFacts = (ids: string[] | undefined): MemberFacts[] =>
      (ids ?? []).map((id) => {
        const m = members.get(id);
        return { id, formal: m?.status === 'formal', votingRights: !!m?.votingRights };
      });
    return {
      stage: candidate.stage,
      deferred: !!candidate.deferred,
      deferredOn: r.deferredOn,
      openComplaints: candidate.openComplaints,
      birthDate: candidate.birthDate,
      applicationDate: candidate.applicationDate,
      talkDate: r.talkDate,
      activistDate: r.activistDate,
      cultivators: asFacts(r.cultivatorIds),
      assessments: r.assessments ?? [],
      developmentObjectDate: r.developmentObjectDate,
      inPlan,
      introducers: asFacts(r.introducerIds),
      politicalReview: r.politicalReview,
      trainings: r.trainings ?? [],
      admissionPublicity: publicityFacts(r.admissionPublicity, today, candidate.openComplaints),
      preReview: r.preReview,
      votes: r.votes,
      approvalTalkDate: r.approvalTalkDate,
      probationStart: r.probationStart,
      probationEnd: r.probationEnd,
      oathDate: r.oathDate,
      visits: r.visits ?? [],
      conversionApplicationDate: r.conversionApplicationDate,
      conversionPublicity: publicityFacts(r.conversionPublicity, today, candidate.openComplaints),
      extensionsUsed: r.extensionsUsed ?? 0,
    };
  }

  /** What the candidate could do today, each with its gate result. */
  private next(stage: Stage, facts: CandidateFacts, today: string): NextCommand[] {
    return commandsFor(stage).map((type) => {
      const probe = probeCommand(type, stage, facts, today);
      const { ok, violations } = checkTransition(facts, probe, today, this.rules.profile);
      return { command: type, ok, violations };
    });
  }

  /** Schedules the next half-yearly assessment after `from` (SPEC §4.3: activistDate + 6k months). */
  async scheduleAssessment(em: EntityManager, candidate: Candidate, activistDate: string, after: string): Promise<void> {
    const every = this.rules.profile.activist.assessmentEveryMonths;
    let k = 1;
    while (addMonths(activistDate, every * k) <= after) k += 1;
    await this.deadlines.open(em, { candidateId: candidate.id, orgPath: candidate.orgPath, kind: 'assessment', dueOn: addMonths(activistDate, every * k) });
  }
}

function commandDate(command: TimelineCommand, fallback: string): string {
  if ('date' in command && typeof command.date === 'string') return command.date;
  if (command.type === 'training') return command.endDate;
  if (command.type === 'publicity') return command.startDate;
  if (command.type === 'mass_assessment' || command.type === 'branch_meeting' || command.type === 'committee') return command.meetingDate;
  if (command.type === 'create') return command.applicationDate;
  return fallback;
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
