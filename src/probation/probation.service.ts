import { Injectable, OnModuleInit, StreamableFile } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { addDays, CandidateCommand } from '@admissions/rules';
import { AccountabilityService } from '../accountability';
import { BRANCH_UP, Caller, COMMITTEE_UP, Role } from '../auth/roles';
import { CandidatesService, CandidateWriter, CommandCatalog } from '../candidates';
import { Clock } from '../common/clock';
import { inScope } from '../auth/scope';
import { forbidden, GateViolationError, notFound, RuleViolation } from '../common/domain-error';
import { ValidationFailed } from '../common/errors';
import { newId } from '../common/ids';
import { Page, pageOf } from '../common/pagination';
import { RulesProfileService } from '../config/rules-profile.service';
import { TransactionRunner } from '../database/transaction';
import { docxFile, zhDate } from '../office/docx';
import { OrganizationsService } from '../organizations';
import { RosterService } from '../organizations';
import { CancelDto, DateOnlyDto, DatedByDto, ExtensionDto, ListVisitsQuery, SpotCheckDto, VisitDto } from './dto';
import { sample } from './sample';
import { Visit } from './visit.entity';

/** Visits are recorded by the branch and up, and by reviewers (SPEC §8). */
export const VISIT_ROLES: Role[] = [...BRANCH_UP, 'reviewer'];

/** SPEC §8: probation ends within this many days for a spot check to sample it. */
const SPOT_CHECK_WINDOW_DAYS = 60;

export interface VisitView {
  id: string;
  candidateId: string;
  date: string;
  visitors: { memberId: string; name: string; role: string }[];
  methods: string[];
  checks: Record<string, { rating: string; notes?: string }>;
  action: string;
  qualifying: boolean;
  decisionSeq: number | null;
  recordedBy: string;
}

const VISITOR_ZH: Record<string, string> = { secretary: '支部书记', introducer: '入党介绍人', other: '其他' };
const METHOD_ZH: Record<string, string> = {
  forum: '召开座谈会',
  mass_visit: '走访群众',
  veteran_visit: '走访老党员',
  site_inspection: '实地察看',
};
/** 四查四看: 查思想动态、看工作实绩、听群众评价、看表率作用 (SPEC §8). */
const CHECKS_ZH: [string, string][] = [
  ['thought', '查思想动态'],
  ['performance', '看工作实绩'],
  ['massOpinion', '听群众评价'],
  ['exemplary', '看表率作用'],
];
const RATING_ZH: Record<string, string> = { good: '好', concern: '有苗头性问题', problem: '有问题' };
const ACTION_ZH: Record<string, string> = {
  none: '无需处理',
  criticism: '批评教育',
  admonition_talk: '诫勉谈话',
  extend_probation: '延长预备期',
  cancel: '取消预备党员资格',
};

const toVisitView = (v: Visit): VisitView => ({
  id: v.id,
  candidateId: v.candidateId,
  date: v.date,
  visitors: JSON.parse(v.visitors),
  methods: JSON.parse(v.methods),
  checks: JSON.parse(v.checks),
  action: v.action,
  qualifying: !!v.qualifying,
  decisionSeq: v.decisionSeq,
  recordedBy: v.recordedBy,
});

const decisionError = (field: string, message: string) =>
  new ValidationFailed([{ field, code: 'visitDecision', message: `${field}: ${message}` }]);

/** SPEC §5 rows 12–15, 17, 18 and §8: approval talk, oath, visits, conversion application, extension, cancellation, spot checks. */
@Injectable()
export class ProbationService implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly rules: RulesProfileService,
    private readonly candidates: CandidatesService,
    private readonly writer: CandidateWriter,
    private readonly catalog: CommandCatalog,
    private readonly roster: RosterService,
    private readonly orgs: OrganizationsService,
    private readonly accountability: AccountabilityService,
  ) {}

  onModuleInit(): void {
    // The steps this feature serves, for batches and step corrections (SPEC §13).
    this.catalog.register('approval-talk', { dto: DatedByDto, roles: COMMITTEE_UP, batch: true });
    this.catalog.register('oath', { dto: DateOnlyDto, roles: BRANCH_UP, batch: true });
    this.catalog.register('visit', { dto: VisitDto, roles: VISIT_ROLES, batch: false });
    this.catalog.register('conversion-application', { dto: DateOnlyDto, roles: BRANCH_UP, batch: false });
    this.catalog.register('extension', { dto: ExtensionDto, roles: BRANCH_UP, batch: false });
  }

  approvalTalk(caller: Caller, id: string, dto: DatedByDto) {
    return this.candidates.command(caller, id, { type: 'approval-talk', data: dto });
  }

  oath(caller: Caller, id: string, dto: DateOnlyDto) {
    return this.candidates.command(caller, id, { type: 'oath', data: dto });
  }

  conversionApplication(caller: Caller, id: string, dto: DateOnlyDto) {
    return this.candidates.command(caller, id, { type: 'conversion-application', data: dto });
  }

  extension(caller: Caller, id: string, dto: ExtensionDto) {
    return this.candidates.command(caller, id, { type: 'extension', data: dto });
  }

  cancel(caller: Caller, id: string, dto: CancelDto) {
    return this.candidates.command(caller, id, { type: 'cancel', data: dto });
  }

  /**
   * SPEC §8: a visit whose action is extend_probation or cancel carries its decision. Checked
   * before anything is written: the fields the action needs (400), the role the decision
   * needs (403: extension branch and up, cancellation committee and up), a date not before
   * the visit's (422); its gates run with the visit, in the same transaction.
   */
  private decisionOf(caller: Caller, dto: VisitDto, visitId: string): CandidateCommand | null {
    const d = dto.decision;
    const decides = dto.action === 'extend_probation' || dto.action === 'cancel';
    if (!decides) {
      if (d)
        throw decisionError(
          'decision',
          '只有处理意见为延长预备期（extend_probation）或取消预备党员资格（cancel）的回访才填写决定',
        );
      return null;
    }
    if (!d) throw decisionError('decision', '处理意见为延长预备期或取消预备党员资格时，须填写决定（decision）');
    if (dto.action === 'extend_probation') {
      if (d.months === undefined) throw decisionError('decision.months', '延长预备期须填写延长月数');
      if (!BRANCH_UP.includes(caller.role)) throw forbidden('当前角色无权决定延长预备期');
    } else {
      if (d.reason === undefined) throw decisionError('decision.reason', '取消预备党员资格须填写理由');
      if (!COMMITTEE_UP.includes(caller.role)) throw forbidden('取消预备党员资格须由党委决定');
    }
    if (d.date < dto.date)
      throw new GateViolationError([
        { code: 'DATE_OUT_OF_ORDER', message: `决定日期（${d.date}）不能早于回访日期（${dto.date}）` },
      ]);
    return dto.action === 'extend_probation'
      ? { type: 'extension', data: { date: d.date, months: d.months!, visitId } }
      : { type: 'cancel', data: { date: d.date, reason: d.reason!, visitId } };
  }

  async visit(caller: Caller, id: string, dto: VisitDto): Promise<VisitView> {
    const visitId = newId();
    const decision = this.decisionOf(caller, dto, visitId);
    await this.tx.run(async (em) => {
      const candidate = await this.candidates.requireVisible(em, caller, id);
      const ids = dto.visitors.map((v) => v.memberId);
      if (new Set(ids).size !== ids.length) throw new RuleViolation('DUPLICATE_VISITOR', '同一人不能重复登记为回访人');
      const members = await this.roster.ofBranch(em, candidate.orgId, ids);
      const notIntroducers = dto.visitors.filter(
        (v) => v.role === 'introducer' && !(candidate.record.introducerIds ?? []).includes(v.memberId),
      );
      if (notIntroducers.length) {
        throw new RuleViolation(
          'VISITOR_NOT_INTRODUCER',
          `以入党介绍人身份回访的人员须是该预备党员的入党介绍人: ${notIntroducers.map((v) => v.memberId).join('、')}`,
        );
      }
      // seed 004: a visit by the branch secretary or an introducer counts towards conversion
      const qualifying = dto.visitors.some((v) => v.role === 'secretary' || v.role === 'introducer');
      await this.writer.executeIn(em, caller, id, { type: 'visit', data: { ...dto, visitId, qualifying } });
      // the visit points at the decision it made: the timeline event that command appends
      const decided = decision ? await this.writer.executeIn(em, caller, id, decision) : [];
      await em.insert(Visit, {
        id: visitId,
        candidateId: id,
        orgPath: candidate.orgPath,
        date: dto.date,
        visitors: JSON.stringify(
          dto.visitors.map((v) => ({
            memberId: v.memberId,
            name: members.find((m) => m.id === v.memberId)?.name ?? '',
            role: v.role,
          })),
        ),
        methods: JSON.stringify(dto.methods),
        checks: JSON.stringify(dto.checks),
        action: dto.action,
        qualifying,
        decisionSeq: decided[0]?.seq ?? null,
        recordedBy: caller.name,
        createdAt: this.clock.now().toISOString(),
      });
    });
    return toVisitView(await this.dataSource.getRepository(Visit).findOneByOrFail({ id: visitId }));
  }

  async listVisits(caller: Caller, query: ListVisitsQuery): Promise<Page<VisitView>> {
    const { page, limit, skip } = pageOf(query);
    const qb = await this.orgs.scopedQuery(caller, Visit, 'v', query.orgId);
    if (query.from) qb.andWhere('v.date >= :from', { from: query.from });
    if (query.to) qb.andWhere('v.date <= :to', { to: query.to });
    const [rows, total] = await qb
      .orderBy('v.date', 'DESC')
      .addOrderBy('v.id', 'DESC')
      .skip(skip)
      .take(limit)
      .getManyAndCount();
    return { items: rows.map(toVisitView), total, page, limit };
  }

  /** SPEC §15: 回访记录 — who visited how, what the four checks (四查四看) found, and what was done. */
  async visitRecord(caller: Caller, id: string): Promise<StreamableFile> {
    const em = this.dataSource.manager;
    const row = await em.findOne(Visit, { where: { id } });
    if (!row || !inScope(caller, row.orgPath)) throw notFound('回访记录');
    const visit = toVisitView(row);
    const candidate = await this.candidates.requireVisible(em, caller, visit.candidateId);
    const org = await this.orgs.byId(em, candidate.orgId);
    const r = candidate.record;
    return docxFile(`预备党员回访记录_${candidate.name}_${visit.date}.docx`, {
      title: '预备党员回访记录',
      subtitle: `${org?.name ?? ''}\u3000${candidate.name}`,
      blocks: [
        {
          fields: [
            ['预备党员', candidate.name],
            ['所在党支部', org?.name ?? ''],
            ['预备期', r.probationStart ? `${zhDate(r.probationStart)}至${zhDate(r.probationEnd!)}` : ''],
            ['回访日期', zhDate(visit.date)],
            ['回访人', visit.visitors.map((v) => `${v.name}（${VISITOR_ZH[v.role] ?? v.role}）`).join('、')],
            ['回访方式', visit.methods.map((m) => METHOD_ZH[m] ?? m).join('、')],
          ],
        },
        { heading: '一、四查四看' },
        {
          head: ['项目', '评价', '情况'],
          widths: [30, 20, 50],
          rows: CHECKS_ZH.map(([key, label]) => [
            label,
            RATING_ZH[visit.checks[key]?.rating] ?? '',
            visit.checks[key]?.notes ?? '',
          ]),
        },
        { heading: '二、处理' },
        {
          text: `${ACTION_ZH[visit.action] ?? visit.action}。${visit.qualifying ? '本次回访有支部书记或入党介绍人参加，计入转正前回访。' : '本次回访无支部书记或入党介绍人参加，不计入转正前回访。'}`,
        },
        { text: `记录人：${visit.recordedBy}`, align: 'right' },
      ],
      issuer: org?.name ?? '',
      date: this.rules.today(),
    });
  }

  /**
   * SPEC §8: samples probationary members in scope whose probation ends within 60 days
   * (reproducibly from `seed`) and reports those with no qualifying visit; each miss raises A12.
   */
  async spotCheck(caller: Caller, dto: SpotCheckDto) {
    const org = await this.orgs.requireOrg(caller, dto.orgId);
    const today = this.rules.today();
    const until = addDays(today, SPOT_CHECK_WINDOW_DAYS);
    const seed = dto.seed ?? newId();
    return this.tx.run(async (em) => {
      const population = await this.candidates.inStage(em, org.path, 'probationary');
      const due = population.filter((c) => c.record.probationEnd !== undefined && c.record.probationEnd <= until);
      const picked = sample(due, dto.sampleSize, seed);
      const misses = picked.filter((c) => !(c.record.visits ?? []).some((v) => v.qualifying));
      for (const c of misses) {
        await this.accountability.raise(em, {
          situation: 'A12',
          orgId: c.orgId,
          candidateId: c.id,
          occurredOn: today,
          facts: `抽查发现预备党员${c.name}（预备期至 ${c.record.probationEnd}）转正前未进行回访`,
          dedupeKey: `A12:${c.id}`,
        });
      }
      return {
        orgId: org.id,
        seed,
        asOf: today,
        windowEnd: until,
        population: due.length,
        sampled: picked.map((c) => ({
          candidateId: c.id,
          name: c.name,
          orgId: c.orgId,
          probationEnd: c.record.probationEnd,
          visited: !misses.includes(c),
        })),
        missing: misses.map((c) => c.id),
      };
    });
  }
}
