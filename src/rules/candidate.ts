import { IsoDate, addMonths } from './calendar';
import { approvalDue, probationEnd, talkDue } from './dates';
import {
  CandidateFacts,
  Command,
  GateResult,
  GateViolation,
  MemberFacts,
  Stage,
  TERMINAL_STAGES,
  TrainingFacts,
  VoteLevel,
  checkTransition,
} from './gates';
import { ComplaintFinding, ComplaintOutcome, ConversionDecision, conversionDecision } from './outcomes';
import { Profile, resolveProfile } from './profile';
import { VoteOutcome, VotePurpose } from './tally';

// The candidate as one aggregate (SPEC §3): `decide` turns a command into the events it
// produces (or every violation), `evolve` folds an event into the state, `effectsOf` names
// what else an event makes happen (deadlines, roster, accountability). All pure.

/** A publicity notice as the candidate's record keeps it. */
export interface PublicityRecord {
  noticeId: string;
  startDate: IsoDate;
  end: IsoDate;
  /** Set when the notice was closed (by command or by its job). */
  closedOn?: IsoDate;
}

/**
 * The pipeline history the gates read. Members are kept by id and resolved against the
 * roster when the gates run, so a later loss of voting rights counts.
 */
export interface CandidateRecord extends Pick<
  CandidateFacts,
  | 'talkDate'
  | 'activistDate'
  | 'assessments'
  | 'developmentObjectDate'
  | 'politicalReview'
  | 'trainings'
  | 'preReview'
  | 'votes'
  | 'approvalTalkDate'
  | 'probationStart'
  | 'probationEnd'
  | 'oathDate'
  | 'visits'
  | 'conversionApplicationDate'
  | 'extensionsUsed'
  | 'deferredOn'
> {
  priorRemoval?: { kind: 'persuaded' | 'removed'; on: IsoDate };
  cultivatorIds?: string[];
  introducerIds?: string[];
  admissionPublicity?: PublicityRecord;
  conversionPublicity?: PublicityRecord;
  /** What the conversion votes decided (conversionDecision), shown until the branch acts on it. */
  conversionDecision?: { decision: ConversionDecision; decidedOn: IsoDate };
  /** Converted to full membership, dated the probation end (SPEC §7.4). */
  fullMemberOn?: IsoDate;
  /** Closing date of a terminal stage, with its reason. */
  closedOn?: IsoDate;
  closedReason?: string;
}

/** The personal data a correction may change (SPEC §13). */
export interface PersonalData {
  name: string;
  gender: 'male' | 'female';
  birthDate: IsoDate;
  ethnicity: string | null;
  education: string | null;
  occupation: string | null;
  workUnit: string | null;
  frontline: boolean;
  highKnowledge: boolean;
  /** Keyed hash of the national ID number (equal numbers, equal digests) and its masked form. */
  idDigest: string | null;
  idMasked: string | null;
}

export const PERSONAL_FIELDS = [
  'name',
  'gender',
  'birthDate',
  'ethnicity',
  'education',
  'occupation',
  'workUnit',
  'frontline',
  'highKnowledge',
] as const;
export type PersonalField = (typeof PERSONAL_FIELDS)[number];

/** The candidate row is exactly this: the fold of its events. */
export interface CandidateState extends PersonalData {
  id: string;
  /** The branch (党支部) and its materialized path. */
  orgId: string;
  orgPath: string;
  applicationDate: IsoDate;
  /** A salted hash from before keyed digests (SPEC §13); null for records created or corrected since. */
  idHash: string | null;
  stage: Stage;
  deferred: boolean;
  /** Complaints filed and not yet verified (or verified `unclear`). */
  openComplaints: number;
  record: CandidateRecord;
  /** The seq of the last event. */
  version: number;
  profileStamp: string;
  createdAt: string;
  updatedAt: string;
}

// ── events ──────────────────────────────────────────────────────────────────

export interface CreatedData extends Partial<PersonalData> {
  orgId: string;
  orgPath: string;
  name: string;
  gender: 'male' | 'female';
  birthDate: IsoDate;
  applicationDate: IsoDate;
  priorRemoval?: { kind: 'persuaded' | 'removed'; on: IsoDate };
}

export interface VoteData {
  voteId: string;
  /** The organization that held the vote. */
  orgId: string;
  level: VoteLevel;
  purpose: VotePurpose;
  approve: number;
  reject: number;
  abstain: number;
  invalid: number;
  required: number;
  passed: boolean;
  reason: string;
  approvalDue?: IsoDate;
  probationStart?: IsoDate;
  probationEnd?: IsoDate;
  fullMemberOn?: IsoDate;
  conversionDecision?: ConversionDecision;
}

/** A complaint's verification, carried by the event it caused (SPEC §6). */
export interface FindingData {
  complaintId: string;
  finding: ComplaintFinding;
  outcome: ComplaintOutcome;
  verifiedOn: IsoDate;
  /** A final finding: one open complaint fewer. */
  closesComplaint: boolean;
}

type Reasoned = { date: IsoDate; reason?: string } & Partial<FindingData>;

/** What each event carries (its `data`, the timeline's `input`). */
export interface EventDataByType {
  create: CreatedData;
  talk: { date: IsoDate; by?: string };
  activist: { date: IsoDate; recommendation?: 'members' | 'organization'; committeeFiledOn?: IsoDate };
  cultivators: { memberIds: string[] };
  assessments: { date: IsoDate; result?: 'good' | 'fair' | 'poor'; notes?: string };
  'development-object': { date: IsoDate; opinionsHeard?: boolean; committeeFiledOn?: IsoDate };
  introducers: { memberIds: string[] };
  'political-review': { date: IsoDate; result: 'passed' | 'failed'; notes?: string };
  training: TrainingFacts;
  'pre-review': { date: IsoDate; result: 'passed' | 'failed'; notes?: string };
  publicity: { noticeId: string; kind: VotePurpose; orgId: string; startDate: IsoDate; end: IsoDate; days: number };
  'publicity-closed': { noticeId: string; kind: VotePurpose };
  mass_assessment: VoteData;
  branch_meeting: VoteData;
  committee: VoteData;
  'approval-talk': { date: IsoDate; by?: string };
  oath: { date: IsoDate };
  visit: { date: IsoDate; visitId: string; qualifying: boolean };
  'conversion-application': { date: IsoDate };
  extension: { date: IsoDate; months: number; probationEnd: IsoDate; visitId?: string };
  cancel: Reasoned & { visitId?: string };
  reject: Reasoned;
  withdraw: Reasoned;
  defer: Reasoned;
  resume: Reasoned;
  /** 移交有关部门: only a complaint's finding decides it. */
  transfer: Reasoned;
  'complaint-filed': { complaintId: string; receivedOn: IsoDate };
  'complaint-verified': FindingData;
  /** SPEC §13: personal data corrected; the ID number only masked. */
  correction: {
    reason: string;
    changes: { field: PersonalField | 'idNumber'; from: unknown; to: unknown }[];
    idDigest?: string | null;
    idMasked?: string | null;
  };
  /** SPEC §13: a recorded step amended; replay applies it in place of the step's own date and data. */
  'step-correction': { seq: number; reason: string; date?: IsoDate; input?: Record<string, unknown> };
  /** 组织关系转接 to another branch. */
  'branch-transfer': { date: IsoDate; reason: string; fromOrgId: string; toOrgId: string; toOrgPath: string };
}

export type EventType = keyof EventDataByType;
export type EventBody = { [T in EventType]: { type: T; date: IsoDate; data: EventDataByType[T] } }[EventType];

/** An event as the timeline stores it. */
export type CandidateEvent = EventBody & { candidateId: string; seq: number; recordedAt: string; profileStamp: string };

/** Single-candidate steps whose date and data a clerk may amend (SPEC §13: rows 1–8, 10, 12–15, 17, 19–21). */
export const CORRECTABLE: ReadonlySet<EventType> = new Set<EventType>([
  'talk',
  'activist',
  'cultivators',
  'assessments',
  'development-object',
  'introducers',
  'political-review',
  'training',
  'pre-review',
  'approval-talk',
  'oath',
  'visit',
  'conversion-application',
  'extension',
  'reject',
  'withdraw',
  'defer',
  'resume',
]);

// ── commands ────────────────────────────────────────────────────────────────

/** Every way a candidate changes. Gated steps carry the data their event will record. */
export type CandidateCommand =
  | { type: 'create'; id: string; data: CreatedData }
  | { type: 'talk'; data: EventDataByType['talk'] }
  | { type: 'activist'; data: EventDataByType['activist'] }
  | { type: 'cultivators'; data: EventDataByType['cultivators'] }
  | { type: 'assessments'; data: EventDataByType['assessments'] }
  | { type: 'development-object'; data: EventDataByType['development-object'] }
  | { type: 'introducers'; data: EventDataByType['introducers'] }
  | { type: 'political-review'; data: EventDataByType['political-review'] }
  | { type: 'training'; data: EventDataByType['training'] }
  | { type: 'pre-review'; data: EventDataByType['pre-review'] }
  | { type: 'approval-talk'; data: EventDataByType['approval-talk'] }
  | { type: 'oath'; data: EventDataByType['oath'] }
  | { type: 'visit'; data: EventDataByType['visit'] }
  | { type: 'conversion-application'; data: EventDataByType['conversion-application'] }
  | { type: 'extension'; data: { date: IsoDate; months: number; visitId?: string } }
  | { type: 'cancel'; data: { date: IsoDate; reason: string; visitId?: string } }
  | { type: 'reject' | 'withdraw' | 'defer' | 'resume'; data: { date: IsoDate; reason?: string } }
  | { type: 'publicity'; data: EventDataByType['publicity'] }
  | { type: 'publicity-close'; data: { noticeId: string; kind: VotePurpose; date: IsoDate } }
  | {
      type: 'vote';
      data: Omit<VoteData, 'approvalDue' | 'probationStart' | 'probationEnd' | 'fullMemberOn' | 'conversionDecision'>;
      meetingDate: IsoDate;
      /** The tally (SPEC §4.2); a vote without quorum decided nothing. */
      outcome: VoteOutcome;
    }
  | { type: 'complaint-filed'; data: EventDataByType['complaint-filed'] }
  | {
      type: 'complaint-verified';
      data: Omit<FindingData, 'closesComplaint'>;
      /** This complaint's `unclear` round deferred the candidate (so `proceed` lifts it). */
      holdsDeferral: boolean;
    }
  | {
      type: 'correction';
      reason: string;
      fields: Partial<Omit<PersonalData, 'idDigest' | 'idMasked'>>;
      idNumber?: { digest: string; masked: string };
    }
  | { type: 'step-correction'; data: EventDataByType['step-correction'] }
  | { type: 'branch-transfer'; data: EventDataByType['branch-transfer'] };

/** What the gates need beyond the state: the roster and the plan, resolved by the service. */
export interface DecideContext {
  /** Roster facts of every member the record or the command names. */
  members: ReadonlyMap<string, MemberFacts>;
  /** The years of the approved plans the candidate is in (seed 004, SPEC §11). */
  plannedYears: ReadonlySet<number>;
  /** The candidate's events so far: needed by corrections, which replay them through the gates. */
  history?: readonly CandidateEvent[];
}

export type Decision = { ok: true; events: EventBody[] } | { ok: false; violations: GateViolation[] };

const ASSESSED: readonly Stage[] = ['activist', 'development_object'];
const isTerminal = (stage: Stage | null | undefined) => stage != null && TERMINAL_STAGES.includes(stage);
const publicityField = (kind: VotePurpose) => (kind === 'admission' ? 'admissionPublicity' : 'conversionPublicity');
/** How a finding reads on the timeline and in letters (SPEC §6). */
export const FINDING_ZH: Record<ComplaintFinding, string> = {
  unfounded: '反映问题不属实',
  founded_minor: '反映问题基本属实但情节轻微',
  founded_serious: '反映问题属实且较为严重',
  founded_grave: '反映问题属实且情节严重，涉嫌违纪违法',
  unclear: '反映问题一时难以查清',
};

/** A publicity passes once its window is over (or it was closed) and nothing is open against the candidate. */
export function publicityFacts(
  p: PublicityRecord | undefined,
  today: IsoDate,
  openComplaints: number,
): CandidateFacts['admissionPublicity'] {
  if (!p) return undefined;
  const over = p.closedOn !== undefined || today > p.end;
  return { startDate: p.startDate, end: p.end, passed: over && openComplaints === 0 };
}

/** The plain snapshot the gates decide on; `planYear` is the year a plan must cover (default: today's). */
export function factsOf(
  s: CandidateState,
  context: DecideContext,
  today: IsoDate,
  planYear = Number(today.slice(0, 4)),
): CandidateFacts {
  const r = s.record;
  const members = (ids: string[] | undefined): MemberFacts[] =>
    (ids ?? []).map((id) => context.members.get(id) ?? { id, formal: false, votingRights: false });
  return {
    stage: s.stage,
    deferred: s.deferred,
    deferredOn: r.deferredOn,
    openComplaints: s.openComplaints,
    birthDate: s.birthDate,
    applicationDate: s.applicationDate,
    talkDate: r.talkDate,
    activistDate: r.activistDate,
    cultivators: members(r.cultivatorIds),
    assessments: r.assessments ?? [],
    developmentObjectDate: r.developmentObjectDate,
    inPlan: context.plannedYears.has(planYear),
    introducers: members(r.introducerIds),
    politicalReview: r.politicalReview,
    trainings: r.trainings ?? [],
    admissionPublicity: publicityFacts(r.admissionPublicity, today, s.openComplaints),
    preReview: r.preReview,
    votes: r.votes,
    approvalTalkDate: r.approvalTalkDate,
    probationStart: r.probationStart,
    probationEnd: r.probationEnd,
    oathDate: r.oathDate,
    visits: r.visits ?? [],
    conversionApplicationDate: r.conversionApplicationDate,
    conversionPublicity: publicityFacts(r.conversionPublicity, today, s.openComplaints),
    extensionsUsed: r.extensionsUsed ?? 0,
  };
}

/** The gated rules Command an event (or a command's data) stands for; undefined for ungated ones. */
export function gatedCommand(
  type: EventType,
  date: IsoDate,
  data: Record<string, unknown>,
  members: ReadonlyMap<string, MemberFacts>,
): Command | undefined {
  const d = data as never as Record<string, never>;
  const roster = (ids: string[]) => ids.map((id) => members.get(id) ?? { id, formal: false, votingRights: false });
  switch (type) {
    case 'create':
      return { type, birthDate: d.birthDate, applicationDate: d.applicationDate, priorRemoval: d.priorRemoval };
    case 'cultivators':
    case 'introducers':
      return { type, members: roster(d.memberIds) };
    case 'training':
      return { type, startDate: d.startDate, endDate: d.endDate, days: d.days, hours: d.hours, passed: d.passed };
    case 'publicity':
      return { type, kind: d.kind, startDate: d.startDate, days: d.days };
    case 'mass_assessment':
    case 'branch_meeting':
    case 'committee':
      return { type, purpose: d.purpose, meetingDate: date };
    case 'extension':
      return { type, date, months: d.months };
    case 'talk':
    case 'activist':
    case 'assessments':
    case 'development-object':
    case 'political-review':
    case 'pre-review':
    case 'approval-talk':
    case 'oath':
    case 'visit':
    case 'conversion-application':
    case 'cancel':
    case 'reject':
    case 'withdraw':
    case 'defer':
    case 'resume':
      return { ...(data as object), type, date } as Command;
    case 'transfer':
    case 'publicity-closed':
    case 'complaint-filed':
    case 'complaint-verified':
    case 'correction':
    case 'step-correction':
    case 'branch-transfer':
      return undefined;
  }
}

const refuse = (code: string, message: string): Decision => ({ ok: false, violations: [{ code, message }] });
const gate = (result: GateResult, events: EventBody[]): Decision =>
  result.ok ? { ok: true, events } : { ok: false, violations: result.violations };
const one = <T extends EventType>(type: T, date: IsoDate, data: EventDataByType[T]): EventBody =>
  ({ type, date, data }) as EventBody;

/**
 * The events `command` produces on a candidate in `state` (null before it exists), or every
 * violation (SPEC §4.4, §5, §7.4). `asOf` is today in the profile's zone. Dates of steps
 * without their own (cultivators, introducers) are `asOf`.
 */
export function decide(
  state: CandidateState | null,
  command: CandidateCommand,
  asOf: IsoDate,
  profile: Profile | undefined,
  context: DecideContext,
): Decision {
  const p = resolveProfile(profile);
  const planYear = command.type === 'development-object' ? Number(command.data.date.slice(0, 4)) : undefined;
  const facts: CandidateFacts = state ? factsOf(state, context, asOf, planYear) : { stage: null };
  const check = (c: Command) => checkTransition(facts, c, asOf, p);
  switch (command.type) {
    case 'vote':
      return decideVote(state, command, facts, asOf, p);
    case 'complaint-verified':
      return decideFinding(state, command);
    case 'correction':
    case 'step-correction':
      return decideAmendment(state, command, asOf, p, context);
    case 'publicity-close': {
      // Recorded for every candidate on the notice; it closes the record's publicity only when
      // the record still holds this notice (a later one may have replaced it).
      const running = state?.record[publicityField(command.data.kind)];
      if (!state || (running?.noticeId === command.data.noticeId && running.closedOn)) return { ok: true, events: [] };
      return {
        ok: true,
        events: [
          one('publicity-closed', command.data.date, { noticeId: command.data.noticeId, kind: command.data.kind }),
        ],
      };
    }
    case 'complaint-filed':
      if (!state || isTerminal(state.stage))
        return refuse('CANDIDATE_CLOSED', '该对象的发展程序已经终止，不再受理针对其发展的举报');
      return { ok: true, events: [one('complaint-filed', command.data.receivedOn, command.data)] };
    case 'branch-transfer': {
      if (!state) return refuse('WRONG_STAGE', '候选人不存在');
      const v: GateViolation[] = [];
      if (isTerminal(state.stage))
        v.push({ code: 'CANDIDATE_CLOSED', message: '候选人已处于终结状态，不能转接组织关系' });
      if (command.data.toOrgId === state.orgId) v.push({ code: 'SAME_BRANCH', message: '转入党支部与当前党支部相同' });
      if (command.data.date > asOf)
        v.push({ code: 'DATE_IN_FUTURE', message: `转接日期（${command.data.date}）晚于当前日期（${asOf}）` });
      if (command.data.date < state.applicationDate) {
        v.push({
          code: 'DATE_OUT_OF_ORDER',
          message: `转接日期（${command.data.date}）不得早于申请日期（${state.applicationDate}）`,
        });
      }
      return v.length
        ? { ok: false, violations: v }
        : { ok: true, events: [one('branch-transfer', command.data.date, command.data)] };
    }
    case 'publicity': {
      const result = check(gatedCommand('publicity', command.data.startDate, command.data, context.members)!);
      const running = state?.record[publicityField(command.data.kind)];
      if (running && !running.closedOn && asOf <= running.end) {
        result.ok = false;
        result.violations.push({
          code: 'PUBLICITY_IN_PROGRESS',
          message: `已在公示中（至 ${running.end}），不能重复公示`,
        });
      }
      return gate(result, [one('publicity', command.data.startDate, command.data)]);
    }
    case 'extension': {
      if (!state) return refuse('WRONG_STAGE', '候选人不存在');
      const data = { ...command.data, probationEnd: probationEndAfter(state, command.data.months, p) };
      return gate(check({ type: 'extension', date: command.data.date, months: command.data.months }), [
        one('extension', command.data.date, data),
      ]);
    }
    default: {
      const data = command.data as Record<string, unknown>;
      const date = stepDate(command.type, data) ?? asOf;
      const event = { type: command.type, date, data } as EventBody;
      return gate(check(gatedCommand(command.type, date, data, context.members)!), [event]);
    }
  }
}

function probationEndAfter(state: CandidateState, months: number, p: Profile): IsoDate {
  const start = state.record.probationStart;
  return start ? probationEnd(start, Number.isSafeInteger(months) ? months : 0, p) : '';
}

function decideVote(
  state: CandidateState | null,
  command: Extract<CandidateCommand, { type: 'vote' }>,
  facts: CandidateFacts,
  asOf: IsoDate,
  p: Profile,
): Decision {
  const { data, outcome, meetingDate: date } = command;
  if (!state) return refuse('WRONG_STAGE', '候选人不存在');
  if (!outcome.quorumMet) {
    // Rules decisions: a branch meeting without a quorum decided nothing.
    return refuse('QUORUM_NOT_MET', '到会有表决权党员未超过应到会人数的半数，会议无效，表决结果不生效');
  }
  const result = checkTransition(facts, { type: data.level, purpose: data.purpose, meetingDate: date }, asOf, p);
  if (!result.ok) return { ok: false, violations: result.violations };
  const event: VoteData = { ...data, passed: outcome.passed, required: outcome.required, reason: outcome.reason };
  const round = state.record.votes?.[data.purpose] ?? {};
  if (data.purpose === 'admission') {
    if (data.level === 'branch_meeting' && outcome.passed) event.approvalDue = approvalDue(date, p);
    if (data.level === 'committee' && outcome.passed) {
      const branchDate = round.branch_meeting!.date;
      Object.assign(event, { probationStart: branchDate, probationEnd: probationEnd(branchDate, 0, p) });
    }
  } else if (data.level === 'committee') {
    if (outcome.passed)
      event.fullMemberOn = state.record.probationEnd ?? probationEnd(state.record.probationStart!, 0, p);
  } else {
    const other = data.level === 'mass_assessment' ? round.branch_meeting : round.mass_assessment;
    if (other) {
      const mine = { passed: outcome.passed };
      const [mass, branch] = data.level === 'mass_assessment' ? [mine, other] : [other, mine];
      event.conversionDecision = conversionDecision(
        {
          mass: asOutcome(mass.passed),
          branch: asOutcome(branch.passed),
          extensionsUsed: state.record.extensionsUsed ?? 0,
        },
        p,
      );
    }
  }
  return { ok: true, events: [one(data.level, date, event)] };
}

/** conversionDecision reads only whether each level passed. */
function asOutcome(passed: boolean): VoteOutcome {
  return {
    passed,
    quorumMet: true,
    base: 0,
    required: 0,
    approve: 0,
    reason: passed ? 'PASSED' : 'INSUFFICIENT_APPROVAL',
  };
}

/**
 * SPEC §6: a verification's outcome on the candidate, as one event. A final finding closes the
 * complaint; `unclear` keeps it open and defers the candidate until it is verified again.
 * A candidate already closed keeps its stage: the verification is recorded all the same.
 */
function decideFinding(
  state: CandidateState | null,
  command: Extract<CandidateCommand, { type: 'complaint-verified' }>,
): Decision {
  if (!state) return refuse('WRONG_STAGE', '候选人不存在');
  const { data, holdsDeferral } = command;
  const finding: FindingData = { ...data, closesComplaint: data.finding !== 'unclear' };
  const date = data.verifiedOn;
  const reason = `举报核实结论：${FINDING_ZH[data.finding]}`;
  const as = (type: 'resume' | 'defer' | 'reject' | 'cancel' | 'transfer'): Decision => ({
    ok: true,
    events: [one(type, date, { ...finding, date, reason })],
  });
  const recorded: Decision = { ok: true, events: [one('complaint-verified', date, finding)] };
  if (isTerminal(state.stage)) return recorded;
  switch (data.outcome) {
    case 'proceed':
      // 如期发展: lift the deferral an `unclear` round of this complaint had set.
      return holdsDeferral && state.deferred ? as('resume') : recorded;
    case 'defer':
      return state.deferred ? recorded : as('defer');
    case 'reject':
      // 不予发展; for a probationary member the same finding cancels the probation (取消预备党员资格).
      return as(state.stage === 'probationary' ? 'cancel' : 'reject');
    case 'transfer':
      return as('transfer');
  }
}

function personalCorrection(
  state: CandidateState,
  command: Extract<CandidateCommand, { type: 'correction' }>,
  asOf: IsoDate,
): Decision {
  const changes: EventDataByType['correction']['changes'] = [];
  for (const field of PERSONAL_FIELDS) {
    const to = command.fields[field];
    if (to !== undefined && to !== state[field]) changes.push({ field, from: state[field], to });
  }
  const data: EventDataByType['correction'] = { reason: command.reason, changes };
  if (command.idNumber && command.idNumber.digest !== state.idDigest) {
    changes.push({ field: 'idNumber', from: state.idMasked, to: command.idNumber.masked });
    Object.assign(data, { idDigest: command.idNumber.digest, idMasked: command.idNumber.masked });
  }
  if (changes.length === 0) return refuse('NOTHING_TO_CORRECT', '提交的信息与现有记录相同，无需更正');
  return { ok: true, events: [one('correction', asOf, data)] };
}

/**
 * SPEC §13: a correction of personal data or of a recorded step. On an open candidate the
 * history with the correction applied must pass every gate again; a closed one is corrected
 * without re-checking. Votes, notices and complaint findings are not corrected this way.
 */
function decideAmendment(
  state: CandidateState | null,
  command: Extract<CandidateCommand, { type: 'correction' | 'step-correction' }>,
  asOf: IsoDate,
  p: Profile,
  context: DecideContext,
): Decision {
  const history = context.history;
  if (!state || !history) return refuse('WRONG_STAGE', '候选人不存在');
  let decision: Decision;
  if (command.type === 'correction') {
    decision = personalCorrection(state, command, asOf);
  } else {
    const target = history.find((e) => e.seq === command.data.seq);
    if (!target) return refuse('EVENT_NOT_FOUND', `时间线上没有第 ${command.data.seq} 项`);
    if (!CORRECTABLE.has(target.type) || 'complaintId' in (target.data as object)) {
      return refuse(
        'STEP_NOT_CORRECTABLE',
        '表决、公示、举报核实结论和更正记录不能以更正方式修改（误开的表决应宣布无效）',
      );
    }
    if (command.data.date !== undefined && command.data.date > asOf) {
      return refuse('DATE_IN_FUTURE', `更正后的日期（${command.data.date}）晚于当前日期（${asOf}）`);
    }
    decision = { ok: true, events: [one('step-correction', asOf, command.data)] };
  }
  if (!decision.ok || (command.type === 'correction' && isTerminal(state.stage))) return decision;
  const next = history.length ? history[history.length - 1].seq + 1 : 1;
  const stored = decision.events.map(
    (e, i) => ({ ...e, candidateId: state.id, seq: next + i, recordedAt: '', profileStamp: '' }) as CandidateEvent,
  );
  const violations = recheck([...history, ...stored], asOf, p, context);
  return violations.length ? { ok: false, violations } : decision;
}

// ── evolve ──────────────────────────────────────────────────────────────────

/**
 * The admission round starts over when pre-review or the mass assessment fails and the
 * candidate returns to activist (Rules decisions): its publicity, pre-review, votes and
 * approval talk no longer count. Cultivation records (training, review, introducers) stay.
 */
function clearAdmissionRound(r: CandidateRecord): void {
  delete r.admissionPublicity;
  delete r.preReview;
  delete r.approvalTalkDate;
  delete r.developmentObjectDate;
  if (r.votes) delete r.votes.admission;
}

/** An extension starts the conversion round over: fresh application, publicity and votes. */
function clearConversionRound(r: CandidateRecord): void {
  delete r.conversionApplicationDate;
  delete r.conversionPublicity;
  if (r.votes) delete r.votes.conversion;
}

/**
 * The record a new state starts from: a shallow copy, with the votes copied down to the level
 * evolve writes (a vote's close folds 10,000 of these; a JSON round trip each cost more than
 * the rest of evolve). Everything else evolve replaces rather than changes.
 */
function nextRecord(r: CandidateRecord): CandidateRecord {
  if (!r.votes) return { ...r };
  const votes: CandidateRecord['votes'] = {};
  for (const purpose in r.votes) votes[purpose as VotePurpose] = { ...r.votes[purpose as VotePurpose] };
  return { ...r, votes };
}

/** A terminal stage, with its date and reason (on a state evolve already copied). */
function close(s: CandidateState, stage: Stage, date: IsoDate, reason: string | undefined): void {
  s.stage = stage;
  s.record.closedOn = date;
  if (reason !== undefined) s.record.closedReason = reason;
  else delete s.record.closedReason;
}

/** A final finding carried by an event: one open complaint fewer. */
function closeFinding(s: CandidateState, d: Partial<FindingData>): void {
  if (d.closesComplaint) s.openComplaints = Math.max(0, s.openComplaints - 1);
}

/** What one event does to the state (pure: the state passed in is not changed). */
export function evolve(state: CandidateState | null, event: CandidateEvent): CandidateState {
  if (event.type === 'create') return created(event);
  if (!state) throw new Error(`event ${event.type} before create`);
  const s: CandidateState = {
    ...state,
    record: nextRecord(state.record),
    version: event.seq,
    updatedAt: event.recordedAt,
  };
  const r = s.record;
  switch (event.type) {
    case 'talk':
      r.talkDate = event.date;
      break;
    case 'activist':
      s.stage = 'activist';
      r.activistDate = event.date;
      break;
    case 'cultivators':
      r.cultivatorIds = event.data.memberIds;
      break;
    case 'assessments':
      r.assessments = [...(r.assessments ?? []), event.date].sort();
      break;
    case 'development-object':
      s.stage = 'development_object';
      r.developmentObjectDate = event.date;
      break;
    case 'introducers':
      r.introducerIds = event.data.memberIds;
      break;
    case 'political-review':
      r.politicalReview = { date: event.date, result: event.data.result };
      break;
    case 'training':
      r.trainings = [...(r.trainings ?? []), { ...event.data }];
      break;
    case 'pre-review':
      r.preReview = { date: event.date, result: event.data.result };
      if (event.data.result === 'failed') {
        // SPEC §5 row 10: a failed pre-review sends the candidate back to activist (assessments go on)
        s.stage = 'activist';
        clearAdmissionRound(r);
      }
      break;
    case 'publicity':
      r[publicityField(event.data.kind)] = {
        noticeId: event.data.noticeId,
        startDate: event.data.startDate,
        end: event.data.end,
      };
      break;
    case 'publicity-closed': {
      const p = r[publicityField(event.data.kind)];
      if (p && p.noticeId === event.data.noticeId) r[publicityField(event.data.kind)] = { ...p, closedOn: event.date };
      break;
    }
    case 'mass_assessment':
    case 'branch_meeting':
    case 'committee':
      applyVote(s, event.type, event.date, event.data);
      break;
    case 'approval-talk':
      r.approvalTalkDate = event.date;
      break;
    case 'oath':
      r.oathDate = event.date;
      break;
    case 'visit':
      r.visits = [...(r.visits ?? []), { date: event.date, qualifying: event.data.qualifying }];
      break;
    case 'conversion-application':
      r.conversionApplicationDate = event.date;
      break;
    case 'extension':
      r.extensionsUsed = (r.extensionsUsed ?? 0) + 1;
      r.probationEnd = event.data.probationEnd;
      delete r.conversionDecision;
      clearConversionRound(r);
      break;
    case 'cancel':
      closeFinding(s, event.data);
      close(s, 'cancelled', event.date, event.data.reason);
      delete r.conversionDecision;
      break;
    case 'reject':
    case 'withdraw':
    case 'transfer':
      closeFinding(s, event.data);
      close(
        s,
        event.type === 'reject' ? 'rejected' : event.type === 'withdraw' ? 'withdrawn' : 'transferred',
        event.date,
        event.data.reason,
      );
      break;
    case 'defer':
      closeFinding(s, event.data);
      s.deferred = true;
      r.deferredOn = event.date;
      break;
    case 'resume':
      closeFinding(s, event.data);
      s.deferred = false;
      delete r.deferredOn;
      break;
    case 'complaint-filed':
      s.openComplaints += 1;
      break;
    case 'complaint-verified':
      closeFinding(s, event.data);
      break;
    case 'correction':
      for (const { field, to } of event.data.changes) if (field !== 'idNumber') Object.assign(s, { [field]: to });
      if (event.data.idDigest !== undefined) {
        s.idDigest = event.data.idDigest;
        s.idMasked = event.data.idMasked ?? null;
        s.idHash = null;
      }
      break;
    case 'step-correction':
      // Applied by replay() in place of the step it amends; here it only counts.
      break;
    case 'branch-transfer':
      s.orgId = event.data.toOrgId;
      s.orgPath = event.data.toOrgPath;
      // Cultivators and introducers are members of the old branch: assigned again in the new one.
      delete r.cultivatorIds;
      delete r.introducerIds;
      break;
  }
  return s;
}

function created(event: Extract<CandidateEvent, { type: 'create' }>): CandidateState {
  const d = event.data;
  return {
    id: event.candidateId,
    orgId: d.orgId,
    orgPath: d.orgPath,
    name: d.name,
    gender: d.gender,
    birthDate: d.birthDate,
    applicationDate: d.applicationDate,
    ethnicity: d.ethnicity ?? null,
    education: d.education ?? null,
    occupation: d.occupation ?? null,
    workUnit: d.workUnit ?? null,
    frontline: d.frontline ?? false,
    highKnowledge: d.highKnowledge ?? false,
    idHash: null,
    idDigest: d.idDigest ?? null,
    idMasked: d.idMasked ?? null,
    stage: 'applicant',
    deferred: false,
    openComplaints: 0,
    record: d.priorRemoval ? { priorRemoval: { kind: d.priorRemoval.kind, on: d.priorRemoval.on } } : {},
    version: event.seq,
    profileStamp: event.profileStamp,
    createdAt: event.recordedAt,
    updatedAt: event.recordedAt,
  };
}

function applyVote(s: CandidateState, level: VoteLevel, date: IsoDate, d: VoteData): void {
  const r = s.record;
  const round = ((r.votes ??= {})[d.purpose] ??= {});
  round[level] = { date, passed: d.passed };
  if (d.purpose === 'admission') {
    if (level === 'mass_assessment' && !d.passed) {
      // seed 004: 继续作为入党积极分子考察培养
      s.stage = 'activist';
      clearAdmissionRound(r);
    }
    if (level === 'committee' && d.passed) {
      s.stage = 'probationary';
      r.probationStart = d.probationStart; // 细则: probation runs from the branch meeting resolution
      r.probationEnd = d.probationEnd;
    }
    return;
  }
  if (level === 'committee') {
    if (d.passed) {
      s.stage = 'full_member';
      r.fullMemberOn = d.fullMemberOn; // dated the probation end
      r.closedOn = d.fullMemberOn;
      delete r.conversionDecision;
    }
    return;
  }
  if (d.conversionDecision) r.conversionDecision = { decision: d.conversionDecision, decidedOn: date };
}

/**
 * The state a stream of events gives, with every step correction applied in place of the
 * step it amends (its date and data replaced); the correction events themselves only count.
 */
export function replay(events: readonly CandidateEvent[]): CandidateState | null {
  let state: CandidateState | null = null;
  for (const e of amend(events)) state = evolve(state, e);
  return state;
}

/**
 * Each corrected step with its latest correction applied; a corrected birth date is read
 * back into the application (the age gate is the application's).
 */
export function amend(events: readonly CandidateEvent[]): CandidateEvent[] {
  const fixes = new Map<number, EventDataByType['step-correction']>();
  let birthDate: IsoDate | undefined;
  for (const e of events) {
    if (e.type === 'step-correction') {
      const prior = fixes.get(e.data.seq);
      fixes.set(e.data.seq, { ...prior, ...e.data, input: { ...prior?.input, ...e.data.input } });
    }
    if (e.type === 'correction') {
      const change = e.data.changes.find((c) => c.field === 'birthDate');
      if (change) birthDate = change.to as IsoDate;
    }
  }
  if (fixes.size === 0 && birthDate === undefined) return [...events];
  return events.map((e) => {
    if (e.type === 'create' && birthDate !== undefined) return { ...e, data: { ...e.data, birthDate } };
    const fix = fixes.get(e.seq);
    if (!fix) return e;
    const data: Record<string, unknown> = { ...(e.data as object), ...fix.input };
    if (fix.date !== undefined && 'date' in data) data.date = fix.date;
    return { ...e, date: stepDate(e.type, data) ?? fix.date ?? e.date, data } as CandidateEvent;
  });
}

/** The date a step is recorded on, read from its data (undefined for steps without one). */
function stepDate(type: EventType, data: Record<string, unknown>): IsoDate | undefined {
  const field =
    type === 'create'
      ? 'applicationDate'
      : type === 'training'
        ? 'endDate'
        : type === 'publicity'
          ? 'startDate'
          : 'date';
  return typeof data[field] === 'string' ? (data[field] as IsoDate) : undefined;
}

/**
 * Every gate the amended history breaks (SPEC §13): each gated step is checked again, in order,
 * against the state the steps before it give. `asOf` is today (no step may be in the future).
 */
export function recheck(
  events: readonly CandidateEvent[],
  asOf: IsoDate,
  profile: Profile | undefined,
  context: DecideContext,
): GateViolation[] {
  const p = resolveProfile(profile);
  const out: GateViolation[] = [];
  let state: CandidateState | null = null;
  for (const e of amend(events)) {
    const command = gatedCommand(e.type, e.date, e.data as Record<string, unknown>, context.members);
    // A complaint's finding closes a candidate without gates of its own (SPEC §6).
    if (command && !('complaintId' in (e.data as object))) {
      const planYear = e.type === 'development-object' ? Number(e.date.slice(0, 4)) : undefined;
      const facts: CandidateFacts = state ? factsOf(state, context, asOf, planYear) : { stage: null };
      for (const v of checkTransition(facts, command, asOf, p).violations) {
        out.push({ code: v.code, message: `第 ${e.seq} 项（${e.type}，${e.date}）：${v.message}` });
      }
    }
    state = evolve(state, e);
  }
  return out;
}

// ── effects ─────────────────────────────────────────────────────────────────

export type DeadlineKindName = 'talk' | 'assessment' | 'publicity_end' | 'complaint' | 'approval' | 'probation_end';

/** What else an event makes happen, each carried out by the feature that owns it. */
export type CandidateEffect =
  | { kind: 'deadline.open'; deadline: DeadlineKindName; dueOn: IsoDate; refId?: string }
  | { kind: 'deadline.resolve'; deadline: DeadlineKindName; refId?: string }
  /** Pending deadlines of the candidate end (all of them, or of one kind). */
  | { kind: 'deadline.cancel'; deadline?: DeadlineKindName }
  | { kind: 'deadline.move' }
  /** Roster: a probationary member joins the branch; converts to formal; leaves; moves with a transfer. */
  | { kind: 'roster.admit'; joinedOn: IsoDate }
  | { kind: 'roster.convert' }
  | { kind: 'roster.remove' }
  | { kind: 'roster.move' }
  | { kind: 'accountability'; situation: string; orgId: string; occurredOn: IsoDate; facts: string; dedupeKey: string };

/** The next half-yearly assessment after `after` (SPEC §4.3: activistDate + 6k months). */
export function nextAssessment(activistDate: IsoDate, after: IsoDate, profile?: Profile): IsoDate {
  const every = resolveProfile(profile).activist.assessmentEveryMonths;
  let k = 1;
  while (addMonths(activistDate, every * k) <= after) k += 1;
  return addMonths(activistDate, every * k);
}

/** The effects of one event, given the states before and after it. */
export function effectsOf(
  before: CandidateState | null,
  event: EventBody,
  after: CandidateState,
  profile?: Profile,
): CandidateEffect[] {
  const p = resolveProfile(profile);
  const out: CandidateEffect[] = [];
  const r = after.record;
  switch (event.type) {
    case 'create':
      // 细则: talk with the applicant within one month of receiving the application
      out.push({ kind: 'deadline.open', deadline: 'talk', dueOn: talkDue(after.applicationDate, p) });
      break;
    case 'talk': {
      out.push({ kind: 'deadline.resolve', deadline: 'talk' });
      const due = talkDue(after.applicationDate, p);
      if (event.date > due) {
        // 细则: a late talk is recorded but raises A01
        const facts = `${after.name}于 ${after.applicationDate} 递交入党申请，应于 ${due} 前谈话，实际谈话日期 ${event.date}`;
        out.push({
          kind: 'accountability',
          situation: 'A01',
          orgId: after.orgId,
          occurredOn: event.date,
          facts,
          dedupeKey: `A01:${after.id}`,
        });
      }
      break;
    }
    case 'activist':
      out.push({ kind: 'deadline.open', deadline: 'assessment', dueOn: nextAssessment(event.date, event.date, p) });
      break;
    case 'assessments':
      out.push({ kind: 'deadline.resolve', deadline: 'assessment' });
      if (r.activistDate)
        out.push({
          kind: 'deadline.open',
          deadline: 'assessment',
          dueOn: nextAssessment(r.activistDate, event.date, p),
        });
      break;
    case 'publicity':
      out.push({ kind: 'deadline.open', deadline: 'publicity_end', dueOn: event.data.end, refId: event.data.noticeId });
      break;
    case 'publicity-closed':
      out.push({ kind: 'deadline.resolve', deadline: 'publicity_end', refId: event.data.noticeId });
      break;
    case 'extension':
      out.push({ kind: 'deadline.resolve', deadline: 'probation_end' });
      out.push({ kind: 'deadline.open', deadline: 'probation_end', dueOn: event.data.probationEnd });
      break;
    case 'cancel':
      // 取消预备党员资格: the probationary record leaves the branch roster
      out.push({ kind: 'roster.remove' });
      break;
    case 'mass_assessment':
    case 'branch_meeting':
    case 'committee':
      out.push(...voteEffects(event.type, event.date, event.data, after, p));
      break;
    case 'branch-transfer':
      out.push({ kind: 'deadline.move' }, { kind: 'roster.move' });
      break;
    default:
      break;
  }
  if (before && !isTerminal(before.stage) && isTerminal(after.stage)) out.push({ kind: 'deadline.cancel' });
  else if (before && ASSESSED.includes(before.stage) && !ASSESSED.includes(after.stage))
    out.push({ kind: 'deadline.cancel', deadline: 'assessment' });
  return out;
}

function voteEffects(
  level: VoteLevel,
  date: IsoDate,
  d: VoteData,
  after: CandidateState,
  p: Profile,
): CandidateEffect[] {
  if (!d.passed) return [];
  if (d.purpose === 'admission' && level === 'branch_meeting')
    return [{ kind: 'deadline.open', deadline: 'approval', dueOn: d.approvalDue! }];
  if (d.purpose === 'admission' && level === 'committee') {
    const out: CandidateEffect[] = [
      { kind: 'deadline.resolve', deadline: 'approval' },
      { kind: 'deadline.open', deadline: 'probation_end', dueOn: d.probationEnd! },
      { kind: 'roster.admit', joinedOn: d.probationStart! },
    ];
    const due = approvalDue(d.probationStart!, p);
    if (date > due) {
      // 细则: approve within three months of the branch meeting; later is allowed but accountable (A11).
      const facts = `${after.name}：支部大会于 ${d.probationStart} 通过接收为预备党员，应于 ${due} 前审批，实际审批日期 ${date}`;
      out.push({
        kind: 'accountability',
        situation: 'A11',
        orgId: d.orgId,
        occurredOn: date,
        facts,
        dedupeKey: `A11:${after.id}`,
      });
    }
    return out;
  }
  if (d.purpose === 'conversion' && level === 'committee') {
    return [{ kind: 'deadline.resolve', deadline: 'probation_end' }, { kind: 'roster.convert' }];
  }
  return [];
}
