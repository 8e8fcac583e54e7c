import { IsoDate, addMonths, addYears, compareDates, toDate } from './calendar';
import { ageOn, earliestDevelopmentObjectDate, probationEnd } from './dates';
import { RulesError } from './errors';
import { Profile, resolveProfile } from './profile';
import { VotePurpose } from './tally';

export type Stage =
  | 'applicant'
  | 'activist'
  | 'development_object'
  | 'probationary'
  | 'full_member'
  | 'rejected'
  | 'cancelled'
  | 'withdrawn'
  | 'transferred';

export const STAGES: readonly Stage[] = [
  'applicant',
  'activist',
  'development_object',
  'probationary',
  'full_member',
  'rejected',
  'cancelled',
  'withdrawn',
  'transferred',
];

export const TERMINAL_STAGES: readonly Stage[] = ['full_member', 'rejected', 'cancelled', 'withdrawn', 'transferred'];

export type VoteLevel = 'mass_assessment' | 'branch_meeting' | 'committee';

/** A party member as the gates see them (resolved from the branch roster by the service). */
export interface MemberFacts {
  id: string;
  /** 正式党员 (not probationary). */
  formal: boolean;
  /** false for members under 留党察看. */
  votingRights: boolean;
}

export interface TrainingFacts {
  startDate: IsoDate;
  endDate: IsoDate;
  days: number;
  hours: number;
  passed: boolean;
}

export interface PublicityFacts {
  startDate?: IsoDate;
  /** Last day of the window (inclusive). */
  end: IsoDate;
  /** Closed with no open complaint (SPEC §6). */
  passed: boolean;
}

export interface VoteFacts {
  /** Meeting date. */
  date: IsoDate;
  passed: boolean;
}

export type LevelVotes = Partial<Record<VoteLevel, VoteFacts>>;

export interface VisitFacts {
  date: IsoDate;
  /** A visitor with role secretary or introducer took part (SPEC §8). */
  qualifying: boolean;
}

/**
 * A plain snapshot of one candidate, loaded by the service. Records of the admission
 * round (publicity, pre-review, votes, approval talk) and of the conversion round are
 * the CURRENT round only: the service leaves out records superseded by a return to
 * `activist` or by a probation extension. Absent optional fields mean "not recorded".
 */
export interface CandidateFacts {
  /** null before the candidate exists (the `create` command). */
  stage: Stage | null;
  deferred?: boolean;
  deferredOn?: IsoDate;
  /** Complaints on the candidate not yet verified (or verified `unclear`). */
  openComplaints?: number;
  birthDate?: IsoDate;
  applicationDate?: IsoDate;
  talkDate?: IsoDate;
  activistDate?: IsoDate;
  cultivators?: MemberFacts[];
  assessments?: IsoDate[];
  developmentObjectDate?: IsoDate;
  /** In an approved annual plan for the year (only consulted when plan.required). */
  inPlan?: boolean;
  introducers?: MemberFacts[];
  politicalReview?: { date: IsoDate; result: 'passed' | 'failed' };
  trainings?: TrainingFacts[];
  admissionPublicity?: PublicityFacts;
  preReview?: { date: IsoDate; result: 'passed' | 'failed' };
  votes?: Partial<Record<VotePurpose, LevelVotes>>;
  approvalTalkDate?: IsoDate;
  /** The admission branch meeting date (SPEC §7.4). */
  probationStart?: IsoDate;
  /** Including any extension; computed from probationStart when absent. */
  probationEnd?: IsoDate;
  oathDate?: IsoDate;
  visits?: VisitFacts[];
  conversionApplicationDate?: IsoDate;
  conversionPublicity?: PublicityFacts;
  extensionsUsed?: number;
}

type Dated = { date: IsoDate };
type WithReason = Dated & { reason?: string };

export type Command =
  | {
      type: 'create';
      birthDate: IsoDate;
      applicationDate: IsoDate;
      priorRemoval?: { kind: 'persuaded' | 'removed'; on: IsoDate };
    }
  | ({ type: 'talk'; by?: string } & Dated)
  | ({ type: 'activist'; recommendation?: 'members' | 'organization'; committeeFiledOn?: IsoDate } & Dated)
  | { type: 'cultivators'; members: MemberFacts[] }
  | ({ type: 'assessments'; result?: 'good' | 'fair' | 'poor'; notes?: string } & Dated)
  | ({ type: 'development-object'; opinionsHeard?: boolean; committeeFiledOn?: IsoDate } & Dated)
  | { type: 'introducers'; members: MemberFacts[] }
  | ({ type: 'political-review'; result?: 'passed' | 'failed'; notes?: string } & Dated)
  | { type: 'training'; startDate: IsoDate; endDate: IsoDate; days: number; hours: number; passed: boolean }
  | { type: 'publicity'; kind: VotePurpose; startDate: IsoDate; days?: number }
  | ({ type: 'pre-review'; result?: 'passed' | 'failed' } & Dated)
  | { type: VoteLevel; purpose: VotePurpose; meetingDate: IsoDate }
  | ({ type: 'approval-talk'; by?: string } & Dated)
  | ({ type: 'oath' } & Dated)
  | ({ type: 'visit' } & Dated)
  | ({ type: 'conversion-application' } & Dated)
  | ({ type: 'extension'; months: number } & Dated)
  | ({ type: 'cancel' } & WithReason)
  | ({ type: 'reject' } & WithReason)
  | ({ type: 'withdraw' } & WithReason)
  | ({ type: 'defer' } & WithReason)
  | ({ type: 'resume' } & WithReason);

export type CommandType = Command['type'];

export interface GateViolation {
  code: string;
  message: string;
}

export interface GateResult {
  ok: boolean;
  violations: GateViolation[];
}

const OPEN: readonly Stage[] = STAGES.filter((s) => !TERMINAL_STAGES.includes(s));

/** "From stage" column of SPEC §5. publicity and votes: admission ↔ development_object, conversion ↔ probationary. */
const FROM: Record<CommandType, readonly (Stage | null)[]> = {
  create: [null],
  talk: ['applicant'],
  activist: ['applicant'],
  cultivators: ['activist', 'development_object'],
  assessments: ['activist', 'development_object'],
  'development-object': ['activist'],
  introducers: ['development_object'],
  'political-review': ['development_object'],
  training: ['development_object'],
  publicity: ['development_object', 'probationary'],
  'pre-review': ['development_object'],
  mass_assessment: ['development_object', 'probationary'],
  branch_meeting: ['development_object', 'probationary'],
  committee: ['development_object', 'probationary'],
  'approval-talk': ['development_object'],
  oath: ['probationary'],
  visit: ['probationary'],
  'conversion-application': ['probationary'],
  extension: ['probationary'],
  cancel: ['probationary'],
  reject: ['applicant', 'activist', 'development_object'],
  withdraw: OPEN,
  defer: OPEN,
  resume: OPEN,
};

/** In pipeline order (SPEC §5 rows 0–21). */
export const COMMAND_TYPES: readonly CommandType[] = Object.keys(FROM) as CommandType[];

/** Not "forward": allowed while deferred or with an open complaint. */
const NON_FORWARD: ReadonlySet<CommandType> = new Set<CommandType>([
  'cancel',
  'reject',
  'withdraw',
  'defer',
  'resume',
  // Records of cultivation and supervision go on while development is deferred (暂缓发展) or a
  // complaint is checked: a missed half-yearly assessment is A04, a probationary member is visited,
  // and an extension is a decision against the member, not a step forward.
  'assessments',
  'visit',
  'extension',
]);

/**
 * The commands that may be considered from a stage (the UI's `next` list, before gates).
 * Terminal stages have none. `defer` and `resume` are both listed; the gate tells which applies.
 */
export function commandsFor(stage: Stage | null): CommandType[] {
  return COMMAND_TYPES.filter((c) => FROM[c].includes(stage));
}

function stagesFor(command: Command): readonly (Stage | null)[] {
  if (command.type === 'publicity') return [command.kind === 'admission' ? 'development_object' : 'probationary'];
  if (command.type === 'mass_assessment' || command.type === 'branch_meeting' || command.type === 'committee') {
    return [command.purpose === 'admission' ? 'development_object' : 'probationary'];
  }
  return FROM[command.type];
}

/** The stages as a clerk names them. */
export const STAGE_ZH: Record<Stage, string> = {
  applicant: '入党申请人',
  activist: '入党积极分子',
  development_object: '发展对象',
  probationary: '预备党员',
  full_member: '正式党员',
  rejected: '不予发展',
  cancelled: '取消预备党员资格',
  withdrawn: '已撤回',
  transferred: '已移交有关部门',
};

const LEVEL_ZH: Record<VoteLevel, string> = {
  mass_assessment: '党外群众民主测评',
  branch_meeting: '支部大会表决',
  committee: '党（工）委审批表决',
};

class Violations {
  private readonly byCode = new Map<string, string[]>();
  add(code: string, message: string): void {
    const list = this.byCode.get(code);
    if (list) {
      if (!list.includes(message)) list.push(message);
    } else this.byCode.set(code, [message]);
  }
  result(): GateResult {
    const violations = [...this.byCode].map(([code, messages]) => ({ code, message: messages.join('；') }));
    return { ok: violations.length === 0, violations };
  }
}

function uniqueMembers(members: readonly MemberFacts[] | undefined): MemberFacts[] {
  if (members !== undefined && !Array.isArray(members)) invalidCommand('成员列表应为数组');
  const seen = new Map<string, MemberFacts>();
  for (const m of members ?? []) if (!seen.has(m.id)) seen.set(m.id, m);
  return [...seen.values()];
}

function nonNegative(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new RulesError('INVALID_COUNT', `${field} 必须是非负数: ${String(value)}`);
  }
  return value;
}

function latest(...dates: (IsoDate | undefined)[]): IsoDate | undefined {
  let best: IsoDate | undefined;
  for (const d of dates) if (d !== undefined && (best === undefined || compareDates(d, best) > 0)) best = d;
  return best;
}

function invalidCommand(message: string): never {
  throw new RulesError('INVALID_COMMAND', message);
}

/**
 * Every violated gate for `command` on a candidate in state `facts`, as of `asOf`
 * (SPEC §4.4, §5, §7.4). Throws RulesError only for malformed input (INVALID_DATE,
 * INVALID_COUNT, INVALID_COMMAND).
 */
export function checkTransition(facts: CandidateFacts, command: Command, asOf: IsoDate, profile?: Profile): GateResult {
  const p = resolveProfile(profile);
  toDate(asOf, 'asOf');
  if (!facts || typeof facts !== 'object') invalidCommand('缺少候选人信息');
  if (!command || typeof command !== 'object' || !Object.prototype.hasOwnProperty.call(FROM, command.type)) {
    throw new RulesError('UNKNOWN_COMMAND', `未知的命令: ${String(command && (command as { type?: unknown }).type)}`);
  }
  if (command.type === 'publicity' && command.kind !== 'admission' && command.kind !== 'conversion') {
    invalidCommand(`无效的公示类型: ${String(command.kind)}`);
  }
  if (
    (command.type === 'mass_assessment' || command.type === 'branch_meeting' || command.type === 'committee') &&
    command.purpose !== 'admission' &&
    command.purpose !== 'conversion'
  ) {
    invalidCommand(`无效的表决用途: ${String(command.purpose)}`);
  }

  const v = new Violations();
  const stage = facts.stage ?? null;

  // Every command date: well-formed (throws) and not after asOf.
  const future = (label: string, date: IsoDate | undefined) => {
    if (date === undefined) return;
    if (compareDates(date, asOf) > 0) v.add('DATE_IN_FUTURE', `${label}（${date}）晚于当前日期（${asOf}）`);
  };
  /** `date` must not be before `anchor` (strictly after it when `strict`). */
  const order = (label: string, date: IsoDate, anchorLabel: string, anchor: IsoDate | undefined, strict = false) => {
    if (anchor === undefined) return;
    const c = compareDates(date, anchor);
    if (c < 0 || (strict && c === 0)) {
      v.add('DATE_OUT_OF_ORDER', `${label}（${date}）${strict ? '应晚于' : '不得早于'}${anchorLabel}（${anchor}）`);
    }
  };
  const dates = commandDates(command);
  for (const [label, date] of dates) {
    if (date === undefined) invalidCommand(`缺少${label}`);
    toDate(date, label);
  }

  if (stage !== null && TERMINAL_STAGES.includes(stage)) {
    // A closed candidate takes no command at all; the other gates are moot.
    v.add('CANDIDATE_CLOSED', `候选人已处于终结状态（${STAGE_ZH[stage]}），不能再办理任何事项`);
    return v.result();
  }
  if (stage !== null && !STAGES.includes(stage)) invalidCommand(`无效的阶段: ${String(stage)}`);

  const allowed = stagesFor(command);
  const rightStage = allowed.includes(stage);
  if (!rightStage) {
    const now = stage === null ? '尚未建档' : `当前为${STAGE_ZH[stage]}`;
    const want = allowed.map((s) => (s === null ? '建档前' : STAGE_ZH[s])).join('、');
    v.add('WRONG_STAGE', `${now}，该事项只能在以下阶段办理：${want}`);
  }

  if (stage !== null && command.type !== 'create' && !NON_FORWARD.has(command.type)) {
    if (facts.deferred) v.add('CANDIDATE_DEFERRED', '候选人处于暂缓发展状态，恢复前不能推进');
    const open = facts.openComplaints ?? 0;
    nonNegative(open, 'openComplaints');
    if (open > 0) v.add('OPEN_COMPLAINT', `有 ${open} 件举报尚未核实办结`);
  }

  for (const [label, date] of dates) future(label, date);

  // Command-specific gates presume the right stage; with the wrong one they are moot.
  if (rightStage) commandGates(facts, command, asOf, p, v, order);
  return v.result();
}

function commandDates(command: Command): [string, IsoDate | undefined][] {
  switch (command.type) {
    case 'create':
      return [
        ['出生日期', command.birthDate],
        ['申请日期', command.applicationDate],
        ...(command.priorRemoval ? ([['劝退或除名日期', command.priorRemoval.on]] as [string, IsoDate][]) : []),
      ];
    case 'cultivators':
    case 'introducers':
      return [];
    case 'activist':
    case 'development-object':
      return [
        ['日期', command.date],
        ...(command.committeeFiledOn !== undefined
          ? ([['上级党委备案日期', command.committeeFiledOn]] as [string, IsoDate][])
          : []),
      ];
    case 'training':
      return [
        ['培训开始日期', command.startDate],
        ['培训结束日期', command.endDate],
      ];
    case 'publicity':
      return [['公示开始日期', command.startDate]];
    case 'mass_assessment':
    case 'branch_meeting':
    case 'committee':
      return [['会议日期', command.meetingDate]];
    default:
      return [['日期', command.date]];
  }
}

type OrderFn = (
  label: string,
  date: IsoDate,
  anchorLabel: string,
  anchor: IsoDate | undefined,
  strict?: boolean,
) => void;

function commandGates(f: CandidateFacts, c: Command, asOf: IsoDate, p: Profile, v: Violations, order: OrderFn): void {
  const qualifyingVisit = () => (f.visits ?? []).some((x) => x.qualifying === true);
  const conversionReady = () => {
    if (!f.conversionApplicationDate) v.add('CONVERSION_APPLICATION_MISSING', '尚未提出转正申请');
    if (p.probation.visitRequired && !qualifyingVisit()) {
      v.add('VISIT_RECORD_MISSING', '转正前须有党支部书记或入党介绍人参加的回访记录');
    }
  };
  const passedTraining = () => (f.trainings ?? []).filter((t) => t.passed === true);

  switch (c.type) {
    case 'create': {
      // Anchor: born before applying; a prior removal precedes the new application.
      order('申请日期', c.applicationDate, '出生日期', c.birthDate, true);
      if (
        compareDates(c.applicationDate, c.birthDate) <= 0 ||
        ageOn(c.birthDate, c.applicationDate) < p.application.minAge
      ) {
        v.add('AGE_UNDER_MINIMUM', `申请时未满 ${p.application.minAge} 周岁`);
      }
      if (c.priorRemoval) {
        order('申请日期', c.applicationDate, '劝退或除名日期', c.priorRemoval.on);
        const allowedFrom = addYears(c.priorRemoval.on, p.application.reapplyBanYears);
        if (compareDates(allowedFrom, c.applicationDate) > 0) {
          v.add(
            'REAPPLICATION_TOO_SOON',
            `被劝退或除名（${c.priorRemoval.on}）未满 ${p.application.reapplyBanYears} 年，${allowedFrom} 起方可重新申请`,
          );
        }
      }
      return;
    }
    case 'talk':
      // Anchor: the application.
      order('谈话日期', c.date, '申请日期', f.applicationDate);
      return;
    case 'activist':
      if (!f.talkDate) v.add('TALK_MISSING', '尚未与入党申请人谈话');
      // Anchor: the talk (or the application when no talk is recorded).
      order('确定入党积极分子日期', c.date, f.talkDate ? '谈话日期' : '申请日期', f.talkDate ?? f.applicationDate);
      if (c.committeeFiledOn !== undefined) order('备案日期', c.committeeFiledOn, '确定日期', c.date);
      return;
    case 'cultivators': {
      const members = uniqueMembers(c.members);
      const { min, max } = p.activist.cultivators;
      if (members.length < min || members.length > max) {
        v.add('CULTIVATOR_COUNT', `培养联系人应为 ${min} 至 ${max} 名（现为 ${members.length} 名）`);
      }
      const informal = members.filter((m) => m.formal !== true);
      if (informal.length > 0) {
        v.add('CULTIVATOR_NOT_FORMAL', `培养联系人须为正式党员：${informal.map((m) => m.id).join('、')}`);
      }
      return;
    }
    case 'assessments':
      // Anchor: becoming an activist.
      order('考察日期', c.date, '确定入党积极分子日期', f.activistDate);
      return;
    case 'development-object': {
      // Anchor: becoming an activist (the period gate below says by how much).
      order('确定发展对象日期', c.date, '确定入党积极分子日期', f.activistDate);
      if (c.committeeFiledOn !== undefined) order('备案日期', c.committeeFiledOn, '确定日期', c.date);
      const earliest = f.activistDate ? earliestDevelopmentObjectDate(f.activistDate, p) : undefined;
      if (earliest === undefined || compareDates(c.date, earliest) < 0) {
        v.add(
          'ACTIVIST_PERIOD_TOO_SHORT',
          earliest
            ? `入党积极分子培养考察未满 ${p.activist.minMonths} 个月，${earliest} 起方可列为发展对象`
            : '缺少确定入党积极分子的日期',
        );
      }
      const n = uniqueMembers(f.cultivators).length;
      const { min, max } = p.activist.cultivators;
      if (n < min || n > max) v.add('CULTIVATOR_COUNT', `培养联系人应为 ${min} 至 ${max} 名（现为 ${n} 名）`);
      if (p.plan.required && f.inPlan !== true) v.add('NOT_IN_PLAN', '未列入本年度经批准的发展党员计划');
      return;
    }
    case 'introducers': {
      const members = uniqueMembers(c.members);
      const need = p.developmentObject.introducers;
      if (members.length !== need) v.add('INTRODUCER_COUNT', `入党介绍人应为 ${need} 名（现为 ${members.length} 名）`);
      const bad = members.filter((m) => m.formal !== true || m.votingRights !== true);
      if (bad.length > 0) {
        v.add('INTRODUCER_NOT_FORMAL', `入党介绍人须为有表决权的正式党员：${bad.map((m) => m.id).join('、')}`);
      }
      return;
    }
    case 'political-review':
      // Anchor: becoming a development object (政审 is of the development object).
      order('政治审查日期', c.date, '确定发展对象日期', f.developmentObjectDate);
      return;
    case 'training':
      nonNegative(c.days, 'days');
      nonNegative(c.hours, 'hours');
      // Anchors: a training ends on or after it starts, and is the development-object training.
      order('培训结束日期', c.endDate, '培训开始日期', c.startDate);
      order('培训开始日期', c.startDate, '确定发展对象日期', f.developmentObjectDate);
      return;
    case 'publicity': {
      const days = c.days ?? p.publicity.defaultDays;
      if (
        typeof days !== 'number' ||
        !Number.isSafeInteger(days) ||
        days < p.publicity.minDays ||
        days > p.publicity.maxDays
      ) {
        v.add(
          'PUBLICITY_DAYS_OUT_OF_RANGE',
          `公示天数应为 ${p.publicity.minDays} 至 ${p.publicity.maxDays} 天（现为 ${String(days)}）`,
        );
      }
      if (c.kind === 'admission') {
        const n = uniqueMembers(f.introducers).length;
        const need = p.developmentObject.introducers;
        if (n !== need) v.add('INTRODUCER_COUNT', `入党介绍人应为 ${need} 名（现为 ${n} 名）`);
        if (f.politicalReview?.result !== 'passed') v.add('POLITICAL_REVIEW_NOT_PASSED', '政治审查未通过或尚未进行');
        const trainings = passedTraining();
        let totalDays = 0;
        let totalHours = 0;
        for (const t of trainings) {
          totalDays += nonNegative(t.days, 'training.days');
          totalHours += nonNegative(t.hours, 'training.hours');
        }
        const { minDays, minHours } = p.developmentObject.training;
        if (totalDays < minDays && totalHours < minHours) {
          v.add(
            'TRAINING_INSUFFICIENT',
            `集中培训不足：合格培训共 ${totalDays} 天、${totalHours} 学时，须不少于 ${minDays} 天或 ${minHours} 学时`,
          );
        }
        // Anchor: the latest of becoming a development object, the political review, and
        // the end of the last passed training — the steps publicity follows.
        const anchor = latest(f.developmentObjectDate, f.politicalReview?.date, ...trainings.map((t) => t.endDate));
        order('公示开始日期', c.startDate, '确定发展对象、政治审查或集中培训结束日期', anchor);
      } else {
        conversionReady();
        // Anchor: the conversion application.
        order('公示开始日期', c.startDate, '转正申请日期', f.conversionApplicationDate);
      }
      return;
    }
    case 'pre-review': {
      const pub = f.admissionPublicity;
      if (!pub || pub.passed !== true || compareDates(pub.end, asOf) >= 0) {
        v.add('PUBLICITY_NOT_PASSED', pub ? `公示未通过或尚未期满（截止 ${pub.end}）` : '尚未进行公示');
      }
      // 细则: a political review that failed — even one recorded after publicity — stops the development.
      politicalReviewGate(f, v);
      // OPEN_COMPLAINT is checked for every forward command.
      // Anchor: strictly after the last day of publicity (the window is inclusive).
      if (pub) order('预审日期', c.date, '公示截止日期', pub.end, true);
      return;
    }
    case 'mass_assessment':
    case 'branch_meeting':
    case 'committee':
      voteGates(f, c.type, c.purpose, c.meetingDate, p, v, order, conversionReady);
      return;
    case 'approval-talk': {
      const branch = f.votes?.admission?.branch_meeting;
      if (branch?.passed !== true) v.add('BRANCH_MEETING_NOT_PASSED', '支部大会尚未表决通过接收其为预备党员');
      // Anchor: the branch meeting resolution.
      order('审批前谈话日期', c.date, '支部大会日期', branch?.date);
      return;
    }
    case 'oath':
      // Anchor: the committee approval (or the probation start when it is not recorded).
      order(
        '入党宣誓日期',
        c.date,
        '审批或预备期开始日期',
        latest(f.probationStart, f.votes?.admission?.committee?.date),
      );
      return;
    case 'visit':
      // Anchor: the probation start.
      order('回访日期', c.date, '预备期开始日期', f.probationStart);
      return;
    case 'conversion-application': {
      const end = f.probationEnd ?? (f.probationStart ? probationEnd(f.probationStart, 0, p) : undefined);
      if (end === undefined || compareDates(c.date, end) < 0) {
        v.add('PROBATION_NOT_ENDED', end ? `预备期至 ${end} 届满，之前不能提出转正申请` : '缺少预备期信息');
      }
      // Anchor: the probation start.
      order('转正申请日期', c.date, '预备期开始日期', f.probationStart);
      return;
    }
    case 'extension': {
      const { minMonths, maxMonths, maxTimes } = p.probation.extension;
      if (!Number.isSafeInteger(c.months) || c.months < minMonths || c.months > maxMonths) {
        v.add('EXTENSION_OUT_OF_RANGE', `延长预备期应为 ${minMonths} 至 ${maxMonths} 个月（现为 ${String(c.months)}）`);
      }
      const used = f.extensionsUsed ?? 0;
      nonNegative(used, 'extensionsUsed');
      if (used >= maxTimes) v.add('EXTENSION_ALREADY_USED', `预备期最多延长 ${maxTimes} 次，已延长 ${used} 次`);
      // Anchor: the probation start.
      order('延长预备期决定日期', c.date, '预备期开始日期', f.probationStart);
      return;
    }
    case 'cancel':
      // Anchor: the probation start.
      order('取消资格决定日期', c.date, '预备期开始日期', f.probationStart);
      return;
    case 'reject':
    case 'withdraw':
    case 'defer':
      // Anchor: the application.
      order('日期', c.date, '申请日期', f.applicationDate);
      if (c.type === 'defer' && f.deferred) v.add('ALREADY_DEFERRED', '已处于暂缓发展状态');
      return;
    case 'resume':
      if (!f.deferred) v.add('NOT_DEFERRED', '未处于暂缓发展状态，无需恢复');
      // Anchor: the deferral (or the application).
      order('恢复日期', c.date, f.deferredOn ? '暂缓日期' : '申请日期', f.deferredOn ?? f.applicationDate);
      return;
  }
}

/** Pre-review and every admission vote (SPEC §5 row 7: a failed review blocks row 9 and later). */
function politicalReviewGate(f: CandidateFacts, v: Violations): void {
  if (f.politicalReview?.result === 'failed') v.add('POLITICAL_REVIEW_NOT_PASSED', '政治审查不合格，不能继续发展');
}

function voteGates(
  f: CandidateFacts,
  level: VoteLevel,
  purpose: VotePurpose,
  date: IsoDate,
  p: Profile,
  v: Violations,
  order: OrderFn,
  conversionReady: () => void,
): void {
  const label = `${LEVEL_ZH[level]}日期`;
  const mass = f.votes?.[purpose]?.mass_assessment;
  const branch = f.votes?.[purpose]?.branch_meeting;
  if (purpose === 'admission') {
    if (f.preReview?.result !== 'passed') v.add('PRE_REVIEW_MISSING', '尚未经上级党委预审合格');
    politicalReviewGate(f, v);
    // Anchors: pre-review, then the levels in order (mass assessment → branch meeting → committee).
    order(label, date, '预审日期', f.preReview?.date);
    if (level === 'branch_meeting') {
      if (mass?.passed !== true) {
        v.add('MASS_ASSESSMENT_NOT_PASSED', '党外群众民主测评未达到应到会人数的半数，不得进入党内表决');
      }
      order(label, date, '党外群众民主测评日期', mass?.date);
    }
    if (level === 'committee') {
      if (branch?.passed !== true) v.add('BRANCH_MEETING_NOT_PASSED', '支部大会尚未表决通过接收其为预备党员');
      if (!f.approvalTalkDate) v.add('APPROVAL_TALK_MISSING', '审批前尚未派人谈话');
      order(label, date, '支部大会日期', branch?.date);
      order(label, date, '审批前谈话日期', f.approvalTalkDate);
      if (branch?.date) {
        const last = addMonths(branch.date, p.approval.maxMonths);
        if (compareDates(date, last) > 0) {
          v.add('APPROVAL_TOO_LATE', `距支部大会决议已超过 ${p.approval.maxMonths} 个月（最迟 ${last}），不能再审批`);
        }
      }
    }
    return;
  }
  conversionReady();
  // Anchors: the conversion application, after the conversion publicity when one was
  // held (strictly after its last day), then the levels in order.
  order(label, date, '转正申请日期', f.conversionApplicationDate);
  if (f.conversionPublicity) order(label, date, '转正公示截止日期', f.conversionPublicity.end, true);
  if (level === 'branch_meeting') order(label, date, '党外群众民主测评日期', mass?.date);
  if (level === 'committee') {
    // Only a conversion both levels passed is reported for approval (conversionDecision).
    if (mass?.passed !== true) v.add('MASS_ASSESSMENT_NOT_PASSED', '转正党外群众民主测评未通过，不能报请审批');
    if (branch?.passed !== true) v.add('BRANCH_MEETING_NOT_PASSED', '支部大会尚未表决通过其转为正式党员');
    order(label, date, '党外群众民主测评日期', mass?.date);
    order(label, date, '支部大会日期', branch?.date);
  }
}
