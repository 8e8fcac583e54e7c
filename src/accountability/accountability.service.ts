import { createHash } from 'node:crypto';
import { Inject, Injectable, StreamableFile } from '@nestjs/common';
import { DataSource, EntityManager, In, Like, MoreThan } from 'typeorm';
import type { Caller } from '../auth/roles';
import { inScope } from '../auth/scope';
import { Clock } from '../common/clock';
import { notFound, RuleViolation } from '../common/domain-error';
import { newId } from '../common/ids';
import { MAX_LIMIT, Page, pageOf } from '../common/pagination';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { RulesProfileService } from '../config/rules-profile.service';
import { TransactionRunner } from '../database/transaction';
import { xlsxFile } from '../office/xlsx';
import { Organization, OrganizationsService, RosterService } from '../organizations';
import { isIsoDate } from '@admissions/rules';
import { AccountabilityRecord, RecordSource, RecordStatus } from './accountability-record.entity';
import { AccountabilityCatalog, Catalog, Situation } from './catalog';
import { CreateRecordDto, DecideDto, DismissDto, ListRecordsQuery } from './dto';
import { InvalidStatusTransition } from './errors';
import { canonicalJson, ChainVerifier, entryHash, entryMac, GENESIS_HASH, Json, LEDGER_LOCK_KEY } from './ledger';
import { LedgerEntry } from './ledger-entry.entity';
import { HistoryItem, RecordView, STATUS_ZH, toHistoryItem, toRecordView } from './views';

/** A candidate's organization path, or null when there is no such candidate. */
export type CandidateOrgPath = (em: EntityManager, candidateId: string) => Promise<string | null>;

interface Actor {
  sub: string;
  name: string;
  role: string;
}

const SYSTEM_ACTOR: Actor = { sub: 'system', name: '系统自动发现', role: 'system' };

type Command = 'investigate' | 'decide' | 'close' | 'dismiss';

/** SPEC §9: filed → investigating → decided → closed; filed or investigating → dismissed. */
const TRANSITIONS: Record<Command, { from: RecordStatus[]; to: RecordStatus; zh: string }> = {
  investigate: { from: ['filed'], to: 'investigating', zh: '开始调查核实' },
  decide: { from: ['investigating'], to: 'decided', zh: '作出处理决定' },
  close: { from: ['decided'], to: 'closed', zh: '结案' },
  dismiss: { from: ['filed', 'investigating'], to: 'dismissed', zh: '作出不予追究决定' },
};

export interface RaiseInput {
  situation: string;
  orgId: string;
  candidateId?: string;
  occurredOn: string;
  facts: string;
  /** e.g. `A01:<candidateId>`: a second raise with the same key returns the first record. */
  dedupeKey?: string;
}

export interface LedgerHead {
  length: number;
  head: string;
}

/** A ledger head kept elsewhere (a closed vote session's result): it must stay a prefix of the chain. */
export interface RecordedHead extends LedgerHead {
  id: string;
}

export interface Mismatch {
  /** `record`: a record row that differs from what its ledger entries say; otherwise the kind of a recorded head. */
  kind: string;
  id: string;
}

export interface VerifyResult extends LedgerHead {
  ok: boolean;
  firstBroken?: number;
  mismatches: Mismatch[];
}

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

type Snapshot = Omit<AccountabilityRecord, 'filingSeq' | 'orgPath' | 'createdBy'> & { number: number };

/** The ledger's last entry as committed; call inside the caller's transaction. */
export async function ledgerHead(em: EntityManager): Promise<LedgerHead> {
  const [last] = await em.find(LedgerEntry, { select: { seq: true, hash: true }, order: { seq: 'DESC' }, take: 1 });
  return { length: last?.seq ?? 0, head: last?.hash ?? GENESIS_HASH };
}

/** The record's data as the ledger keeps it at each event. */
const snapshot = (r: AccountabilityRecord): Json => ({
  id: r.id,
  number: r.filingSeq,
  situation: r.situation,
  source: r.source,
  status: r.status,
  orgId: r.orgId,
  subjectMemberId: r.subjectMemberId,
  subjectName: r.subjectName,
  candidateId: r.candidateId,
  occurredOn: r.occurredOn,
  facts: r.facts,
  dedupeKey: r.dedupeKey,
  handling: r.handling,
  authority: r.authority,
  decidedOn: r.decidedOn,
  dismissReason: r.dismissReason,
  rulesVersion: r.rulesVersion,
  decisionRulesVersion: r.decisionRulesVersion,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

/**
 * Accountability records (责任追究) and their hash-chained ledger. Every creation and status
 * change appends one ledger entry in the same transaction, under the ledger lock: SQLite's
 * transactions already run one at a time; PostgreSQL takes a transaction advisory lock.
 */
@Injectable()
export class AccountabilityService {
  /** Features above this one that keep ledger heads (voting) register where to find them. */
  private readonly headSources = new Map<string, () => Promise<RecordedHead[]>>();
  /** Where a candidate is (the candidates feature, above this one, tells at start-up). */
  private candidateOrgPath: CandidateOrgPath = async () => null;
  private readonly ledgerKey: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly rules: RulesProfileService,
    private readonly orgs: OrganizationsService,
    private readonly roster: RosterService,
    private readonly catalog: AccountabilityCatalog,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.ledgerKey = config.ledgerKey;
  }

  useCandidates(lookup: CandidateOrgPath): void {
    this.candidateOrgPath = lookup;
  }

  registerHeadSource(kind: string, source: () => Promise<RecordedHead[]>): void {
    this.headSources.set(kind, source);
  }

  getCatalog(): Catalog & { total: number } {
    return { ...this.catalog.catalog, total: this.catalog.size };
  }

  async create(caller: Caller, dto: CreateRecordDto): Promise<RecordView> {
    const situation = this.requireSituation(dto.situation);
    if (dto.occurredOn > this.rules.today()) throw new RuleViolation('DATE_IN_FUTURE', '发生日期不能晚于今天');
    const record = await this.tx.run(async (em) => {
      // Every id the body names: unknown or outside the caller's scope is 404 (SPEC §12), before anything is written.
      const org = await this.orgs.requireOrg(caller, dto.subject.orgId, em);
      let name = dto.subject.name ?? null;
      if (dto.subject.memberId) {
        const member = await this.roster.find(em, dto.subject.memberId);
        if (!member || !inScope(caller, member.orgPath)) throw notFound('党员');
        if (!member.orgPath.startsWith(org.path))
          throw new RuleViolation('SUBJECT_MEMBER_OUTSIDE_ORG', '被追究的党员不属于所填组织');
        name ??= member.name;
      }
      if (dto.candidateId) {
        const candidatePath = await this.candidateOrgPath(em, dto.candidateId);
        if (!candidatePath || !inScope(caller, candidatePath)) throw notFound('候选人');
        if (!candidatePath.startsWith(org.path))
          throw new RuleViolation('CANDIDATE_OUTSIDE_ORG', '所涉候选人不属于所填组织');
      }
      return this.file(em, {
        situation: situation.code,
        source: 'manual',
        org,
        subjectMemberId: dto.subject.memberId ?? null,
        subjectName: name,
        candidateId: dto.candidateId ?? null,
        occurredOn: dto.occurredOn,
        facts: dto.facts,
        dedupeKey: null,
        actor: caller,
      });
    });
    return this.view(record);
  }

  /**
   * Raised by the system when it detects a violation (A01, A04, A11, A12, B05), inside the
   * caller's own transaction: awaits nothing but queries on `em`. Idempotent by dedupeKey.
   * A situation the system cannot detect, or an unknown organization, is a programming
   * mistake and throws a plain Error.
   */
  async raise(em: EntityManager, input: RaiseInput): Promise<RecordView> {
    const situation = this.catalog.situation(input.situation);
    if (!situation?.detectable)
      throw new Error(`accountability.raise: ${input.situation} is not a system-detectable situation`);
    if (!isIsoDate(input.occurredOn))
      throw new Error(`accountability.raise: occurredOn ${input.occurredOn} is not a date`);
    await this.lockLedger(em);
    if (input.dedupeKey) {
      const existing = await em.findOne(AccountabilityRecord, { where: { dedupeKey: input.dedupeKey } });
      if (existing) return this.view(existing);
    }
    const org = await this.orgs.byId(em, input.orgId);
    if (!org) throw new Error(`accountability.raise: organization ${input.orgId} does not exist`);
    const record = await this.file(em, {
      situation: situation.code,
      source: 'system',
      org,
      subjectMemberId: null,
      subjectName: null,
      candidateId: input.candidateId ?? null,
      occurredOn: input.occurredOn,
      facts: input.facts.slice(0, 5000),
      dedupeKey: input.dedupeKey ?? null,
      actor: SYSTEM_ACTOR,
    });
    return this.view(record);
  }

  ledgerHead(em: EntityManager): Promise<LedgerHead> {
    return ledgerHead(em);
  }

  investigate(caller: Caller, id: string): Promise<RecordView> {
    return this.transition(caller, id, 'investigate', () => ({}));
  }

  decide(caller: Caller, id: string, dto: DecideDto): Promise<RecordView> {
    if (dto.decidedOn > this.rules.today()) throw new RuleViolation('DATE_IN_FUTURE', '处理决定日期不能晚于今天');
    return this.transition(caller, id, 'decide', (row) => {
      if (dto.decidedOn < row.occurredOn)
        throw new RuleViolation('DATE_OUT_OF_ORDER', '处理决定日期不能早于问题发生日期');
      return {
        changes: {
          handling: dto.handling,
          authority: dto.authority,
          decidedOn: dto.decidedOn,
          decisionRulesVersion: this.rules.stamp,
        },
        detail: { handling: dto.handling, authority: dto.authority, decidedOn: dto.decidedOn },
      };
    });
  }

  close(caller: Caller, id: string): Promise<RecordView> {
    return this.transition(caller, id, 'close', () => ({}));
  }

  dismiss(caller: Caller, id: string, dto: DismissDto): Promise<RecordView> {
    return this.transition(caller, id, 'dismiss', () => ({
      changes: { dismissReason: dto.reason },
      detail: { reason: dto.reason },
    }));
  }

  async get(caller: Caller, id: string): Promise<RecordView & { history: HistoryItem[] }> {
    const row = await this.dataSource.getRepository(AccountabilityRecord).findOne({ where: { id } });
    if (!row || !inScope(caller, row.orgPath)) throw notFound('责任追究记录');
    const entries = await this.dataSource
      .getRepository(LedgerEntry)
      .find({ where: { recordId: id }, order: { seq: 'ASC' } });
    return { ...this.view(projected(row, entries[entries.length - 1])), history: entries.map(toHistoryItem) };
  }

  async list(caller: Caller, query: ListRecordsQuery): Promise<Page<RecordView>> {
    const prefix = query.orgId ? (await this.orgs.requireOrg(caller, query.orgId)).path : caller.scopePath;
    const { page, limit, skip } = pageOf(query);
    const [rows, total] = await this.dataSource.getRepository(AccountabilityRecord).findAndCount({
      where: {
        orgPath: Like(`${prefix}%`),
        ...(query.situation ? { situation: query.situation } : {}),
        ...(query.status ? { status: query.status } : {}),
        ...(query.source ? { source: query.source } : {}),
      },
      order: { filingSeq: 'DESC' },
      skip,
      take: limit,
    });
    const latest = new Map<string, LedgerEntry>();
    if (rows.length) {
      const entries = await this.dataSource
        .getRepository(LedgerEntry)
        .find({ where: { recordId: In(rows.map((r) => r.id)) }, order: { seq: 'ASC' } });
      for (const e of entries) latest.set(e.recordId, e);
    }
    return { items: rows.map((r) => this.view(projected(r, latest.get(r.id)))), total, page, limit };
  }

  /** SPEC §15: the records the list's filters select, as a workbook (a page of the list at a time). */
  async export(caller: Caller, query: ListRecordsQuery): Promise<StreamableFile> {
    const first = await this.list(caller, { ...query, page: 1, limit: MAX_LIMIT }); // scope checked before streaming
    const list = (page: number) => this.list(caller, { ...query, page, limit: MAX_LIMIT });
    async function* rows() {
      let current = first;
      for (let page = 1; current.items.length; current = await list(++page)) yield* current.items;
    }
    const categories = new Map(this.catalog.catalog.categories.map((c) => [c.code, c.title]));
    return xlsxFile(
      `责任追究记录_${this.rules.today()}.xlsx`,
      [
        {
          name: '责任追究记录',
          rows: rows(),
          columns: [
            { header: '编号', type: 'number', value: (r: RecordView) => r.number },
            { header: '类别', width: 14, value: (r: RecordView) => categories.get(r.category) ?? r.category },
            { header: '情形代码', value: (r: RecordView) => r.situation },
            { header: '情形', width: 40, value: (r: RecordView) => r.situationTitle },
            { header: '来源', value: (r: RecordView) => (r.source === 'system' ? '系统发现' : '人工登记') },
            { header: '状态', value: (r: RecordView) => r.statusTitle },
            { header: '责任对象', value: (r: RecordView) => r.subject.name },
            { header: '发生日期', type: 'date', value: (r: RecordView) => r.occurredOn },
            { header: '事实', width: 50, value: (r: RecordView) => r.facts },
            { header: '处理方式', value: (r: RecordView) => r.decision?.handlingTitle },
            { header: '决定机关', width: 20, value: (r: RecordView) => r.decision?.authority },
            { header: '决定日期', type: 'date', value: (r: RecordView) => r.decision?.decidedOn },
            { header: '不予追究理由', width: 30, value: (r: RecordView) => r.dismissReason },
            { header: '登记时间', type: 'time', width: 18, value: (r: RecordView) => r.createdAt },
          ],
        },
      ],
      this.rules.profile.timeZone,
    );
  }

  /**
   * SPEC §9: recomputes the chain from the genesis hash, checking every entry's MAC under
   * LEDGER_KEY; checks that every recorded head is a prefix of it; and compares every record
   * row with what its latest ledger entry says. A page at a time.
   */
  async verifyLedger(): Promise<VerifyResult> {
    const heads = (
      await Promise.all(
        [...this.headSources].map(async ([kind, source]) => (await source()).map((h) => ({ kind, ...h }))),
      )
    ).flat();
    const verifier = new ChainVerifier(this.ledgerKey, new Set(heads.map((h) => h.length)));
    const said = new Map<string, string>(); // record id → digest of the record as its latest entry has it
    const entries = this.dataSource.getRepository(LedgerEntry);
    for (let after = 0; ;) {
      const batch = await entries.find({ where: { seq: MoreThan(after) }, order: { seq: 'ASC' }, take: 500 });
      for (const row of batch) {
        verifier.push(row);
        said.set(row.recordId, digest(canonicalJson(snapshotIn(row) as Json)));
      }
      if (batch.length < 500) break;
      after = batch[batch.length - 1].seq;
    }
    const mismatches: Mismatch[] = heads
      .filter((h) => (h.length === 0 ? GENESIS_HASH : verifier.hashAt.get(h.length)) !== h.head)
      .map((h) => ({ kind: h.kind, id: h.id }));
    const records = this.dataSource.getRepository(AccountabilityRecord);
    for (let after = 0; ;) {
      const batch = await records.find({
        where: { filingSeq: MoreThan(after) },
        order: { filingSeq: 'ASC' },
        take: 500,
      });
      for (const row of batch) {
        if (said.get(row.id) !== digest(canonicalJson(snapshot(row)))) mismatches.push({ kind: 'record', id: row.id });
        said.delete(row.id);
      }
      if (batch.length < 500) break;
      after = batch[batch.length - 1].filingSeq;
    }
    for (const id of said.keys()) mismatches.push({ kind: 'record', id }); // entries whose record row is gone
    const chain = verifier.result();
    return { ...chain, ok: chain.ok && mismatches.length === 0, mismatches };
  }

  private requireSituation(code: string): Situation {
    const situation = this.catalog.situation(code);
    if (!situation) throw new RuleViolation('UNKNOWN_SITUATION', `责任追究目录中没有情形 ${code}`);
    return situation;
  }

  private view(row: AccountabilityRecord): RecordView {
    return toRecordView(row, this.catalog.situation(row.situation));
  }

  private async transition(
    caller: Caller,
    id: string,
    command: Command,
    prepare: (row: AccountabilityRecord) => { changes?: Partial<AccountabilityRecord>; detail?: Json },
  ): Promise<RecordView> {
    const { from: allowed, to, zh } = TRANSITIONS[command];
    const record = await this.tx.run(async (em) => {
      await this.lockLedger(em);
      const row = await em.findOne(AccountabilityRecord, { where: { id } });
      if (!row || !inScope(caller, row.orgPath)) throw notFound('责任追究记录');
      if (!allowed.includes(row.status)) throw this.invalidTransition(row.status, zh);
      const { changes = {}, detail } = prepare(row);
      const from = row.status;
      const updatedAt = this.clock.now().toISOString();
      const result = await em.update(AccountabilityRecord, { id, status: from }, { ...changes, status: to, updatedAt });
      if (result.affected === 0) throw this.invalidTransition(from, zh); // cannot happen under the ledger lock; kept as a guard
      Object.assign(row, changes, { status: to, updatedAt });
      await this.append(em, await this.nextLink(em), row, { event: to, from, actor: caller, at: updatedAt, detail });
      return row;
    });
    return this.view(record);
  }

  private invalidTransition(status: RecordStatus, action: string): InvalidStatusTransition {
    return new InvalidStatusTransition(STATUS_ZH[status], action);
  }

  private async file(
    em: EntityManager,
    input: {
      situation: string;
      source: RecordSource;
      org: Pick<Organization, 'id' | 'path'>;
      subjectMemberId: string | null;
      subjectName: string | null;
      candidateId: string | null;
      occurredOn: string;
      facts: string;
      dedupeKey: string | null;
      actor: Actor;
    },
  ): Promise<AccountabilityRecord> {
    await this.lockLedger(em);
    const link = await this.nextLink(em);
    const now = this.clock.now().toISOString();
    const row = em.create(AccountabilityRecord, {
      id: newId(),
      filingSeq: link.seq,
      situation: input.situation,
      source: input.source,
      status: 'filed',
      orgId: input.org.id,
      orgPath: input.org.path,
      subjectMemberId: input.subjectMemberId,
      subjectName: input.subjectName,
      candidateId: input.candidateId,
      occurredOn: input.occurredOn,
      facts: input.facts,
      dedupeKey: input.dedupeKey,
      handling: null,
      authority: null,
      decidedOn: null,
      dismissReason: null,
      rulesVersion: this.rules.stamp,
      decisionRulesVersion: null,
      createdBy: input.actor.sub,
      createdAt: now,
      updatedAt: now,
    });
    await em.insert(AccountabilityRecord, row);
    await this.append(em, link, row, { event: 'filed', from: null, actor: input.actor, at: now });
    return row;
  }

  /**
   * PostgreSQL: one append at a time, so max(seq)+1 and the previous hash are read by one
   * writer only. Released at commit or rollback. SQLite's FIFO queue already serializes.
   */
  private async lockLedger(em: EntityManager): Promise<void> {
    if (em.dataSource.options.type === 'postgres')
      await em.query('SELECT pg_advisory_xact_lock($1)', [LEDGER_LOCK_KEY]);
  }

  private async nextLink(em: EntityManager): Promise<{ seq: number; prevHash: string }> {
    const { length, head } = await ledgerHead(em);
    return { seq: length + 1, prevHash: head };
  }

  private async append(
    em: EntityManager,
    link: { seq: number; prevHash: string },
    row: AccountabilityRecord,
    event: { event: RecordStatus; from: RecordStatus | null; actor: Actor; at: string; detail?: Json },
  ): Promise<void> {
    const content = canonicalJson({
      recordId: row.id,
      event: event.event,
      from: event.from,
      to: row.status,
      at: event.at,
      actor: { sub: event.actor.sub, name: event.actor.name, role: event.actor.role },
      rulesVersion: this.rules.stamp,
      detail: event.detail,
      record: snapshot(row),
    });
    const hash = entryHash(link.seq, link.prevHash, content);
    await em.insert(LedgerEntry, {
      seq: link.seq,
      recordId: row.id,
      event: event.event,
      prevHash: link.prevHash,
      hash,
      mac: entryMac(this.ledgerKey, hash),
      content,
      createdAt: event.at,
    });
  }
}

/** The record as a ledger entry has it (null when the content is not what the service writes). */
function snapshotIn(entry: LedgerEntry): Snapshot | null {
  try {
    return (JSON.parse(entry.content) as { record?: Snapshot }).record ?? null;
  } catch {
    return null;
  }
}

/** A record as its latest ledger entry says it is: the row is only a projection (SPEC §9). */
function projected(row: AccountabilityRecord, latest: LedgerEntry | undefined): AccountabilityRecord {
  const said = latest && snapshotIn(latest);
  if (!said) return row;
  const { number, ...rest } = said;
  return { ...row, ...rest, filingSeq: number };
}
