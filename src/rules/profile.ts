import { RulesError } from './errors';
import { DEFAULT_EXIT_PROFILE, ExitProfileFields, exitProfileProblems } from './exit';
import { Threshold, atLeastAsStrict } from './threshold';

/**
 * A rules profile (SPEC §4.1). The default is the national floor plus the seed-004
 * city practices the spec adopts; a profile may tighten the floor, never loosen it.
 */
export interface Profile extends ExitProfileFields {
  id: string;
  /** Recorded with every decision made under this profile. */
  version: string;
  /** Human-readable Chinese name of the profile. */
  name: string;
  timeZone: string;
  application: {
    /** Full years on the application date (Party Constitution). */
    minAge: number;
    /** 细则: talk within one month of receiving the application. */
    talkWithinMonths: number;
    /** 不合格党员组织处置办法 (2024): no re-application within 5 years of 劝退 / 除名. */
    reapplyBanYears: number;
  };
  activist: {
    /** 细则: "一年以上" — the development-object date may be exactly activistDate + 12 months. */
    minMonths: number;
    assessmentEveryMonths: number;
    cultivators: { min: number; max: number };
  };
  developmentObject: {
    /** Exactly this many formal members with voting rights. */
    introducers: number;
    /** 细则: ≥ 3 days OR ≥ 24 class hours of passed concentrated training. */
    training: { minDays: number; minHours: number };
  };
  publicity: { minDays: number; maxDays: number; defaultDays: number };
  complaints: { verifyWithinDays: number };
  votes: {
    massAssessment: { admission: Threshold; conversion: Threshold };
    branchMeeting: { quorum: Threshold; approval: Threshold };
    committee: { approval: Threshold };
  };
  approval: { withinMonths: number; maxMonths: number };
  probation: {
    months: number;
    extension: { minMonths: number; maxMonths: number; maxTimes: number };
    visitRequired: boolean;
  };
  plan: { required: boolean };
}

const HALF_INCLUSIVE: Threshold = { num: 1, den: 2, inclusive: true };
const MORE_THAN_HALF: Threshold = { num: 1, den: 2, inclusive: false };
const TWO_THIRDS_INCLUSIVE: Threshold = { num: 2, den: 3, inclusive: true };

function buildDefault(): Profile {
  return {
    id: 'default',
    version: '1',
    name: '全国标准（默认规则）',
    timeZone: 'Asia/Shanghai',
    application: { minAge: 18, talkWithinMonths: 1, reapplyBanYears: 5 },
    activist: { minMonths: 12, assessmentEveryMonths: 6, cultivators: { min: 1, max: 2 } },
    developmentObject: { introducers: 2, training: { minDays: 3, minHours: 24 } },
    publicity: { minDays: 7, maxDays: 15, defaultDays: 7 },
    complaints: { verifyWithinDays: 7 },
    votes: {
      massAssessment: { admission: { ...HALF_INCLUSIVE }, conversion: { ...HALF_INCLUSIVE } },
      branchMeeting: { quorum: { ...MORE_THAN_HALF }, approval: { ...MORE_THAN_HALF } },
      committee: { approval: { ...TWO_THIRDS_INCLUSIVE } },
    },
    approval: { withinMonths: 3, maxMonths: 6 },
    probation: { months: 12, extension: { minMonths: 6, maxMonths: 12, maxTimes: 1 }, visitRequired: true },
    plan: { required: false },
    ...(clone(DEFAULT_EXIT_PROFILE) as ExitProfileFields),
  };
}

/** A fresh, mutable copy of the default profile. */
export function defaultProfile(): Profile {
  return buildDefault();
}

let cachedDefault: Profile | undefined;
/** The shared read-only default used when a rule is called without a profile. */
export function resolveProfile(profile?: Profile): Profile {
  if (profile) return profile;
  if (!cachedDefault) cachedDefault = deepFreeze(buildDefault());
  return cachedDefault;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

/** Defines an own property, so a JSON key like "__proto__" stays data and is reported as unknown. */
function setOwn(o: Record<string, unknown>, k: string, value: unknown): void {
  Object.defineProperty(o, k, { value, enumerable: true, writable: true, configurable: true });
}

function clone<T>(v: T): T {
  if (Array.isArray(v)) return v.map((x) => clone(x)) as unknown as T;
  if (isPlainObject(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) setOwn(out, k, clone(x));
    return out as T;
  }
  return v;
}

function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null) {
    for (const x of Object.values(v)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}

function isThresholdShape(v: unknown): boolean {
  return isPlainObject(v) && Object.keys(v).sort().join(',') === 'den,inclusive,num';
}

/**
 * Omitted fields (at any depth) take the default; present ones are kept as given. A
 * threshold is atomic: when given it must be complete ({num, den, inclusive}), as in the
 * exit-side fields — filling half a fraction from the default would guess at the intent.
 */
function deepFill(def: unknown, given: unknown): unknown {
  if (given === undefined) return clone(def);
  if (isPlainObject(def) && isPlainObject(given) && !isThresholdShape(def)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(def)) setOwn(out, k, deepFill(def[k], hasOwn(given, k) ? given[k] : undefined));
    for (const k of Object.keys(given)) if (!hasOwn(def, k)) setOwn(out, k, clone(given[k]));
    return out;
  }
  return clone(given);
}

/**
 * A default that depends on a field the profile tightened follows it, so a pure tightening
 * parses: publicity fixed at 15 days makes the default 15, a 2-month approval limit makes
 * the approval deadline 2 months. A value the profile gives itself is kept (and checked).
 */
function fitDependentDefaults(given: Record<string, unknown>, filled: Record<string, unknown>): void {
  const section = (o: Record<string, unknown>, k: string) =>
    isPlainObject(o[k]) ? (o[k] as Record<string, unknown>) : undefined;
  const pub = section(filled, 'publicity');
  if (pub && !hasOwn(section(given, 'publicity') ?? {}, 'defaultDays')) {
    const { minDays, maxDays, defaultDays } = pub;
    if (
      typeof minDays === 'number' &&
      typeof maxDays === 'number' &&
      typeof defaultDays === 'number' &&
      minDays <= maxDays
    ) {
      pub.defaultDays = Math.min(Math.max(defaultDays, minDays), maxDays);
    }
  }
  const approval = section(filled, 'approval');
  if (approval && !hasOwn(section(given, 'approval') ?? {}, 'withinMonths')) {
    const { withinMonths, maxMonths } = approval;
    if (typeof withinMonths === 'number' && typeof maxMonths === 'number')
      approval.withinMonths = Math.min(withinMonths, maxMonths);
  }
}

const EXIT_KEYS = new Set(Object.keys(DEFAULT_EXIT_PROFILE));

/** Type check against the default's shape; unknown keys are problems. */
function checkShape(def: unknown, value: unknown, path: string, problems: string[]): void {
  if (isPlainObject(def)) {
    if (!isPlainObject(value)) {
      problems.push(`${path}: 应为对象`);
      return;
    }
    for (const k of Object.keys(value)) {
      if (!hasOwn(def, k)) problems.push(`${path ? `${path}.` : ''}${k}: 未知字段`);
    }
    for (const k of Object.keys(def)) {
      const sub = path ? `${path}.${k}` : k;
      if (!path && EXIT_KEYS.has(k)) continue; // exit-side fields: exitProfileProblems
      checkShape(def[k], value[k], sub, problems);
    }
    return;
  }
  if (value === undefined) {
    problems.push(`${path}: 缺少该字段`);
    return;
  }
  if (typeof def === 'number') {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
      problems.push(`${path}: 应为非负整数（现为 ${JSON.stringify(value)}）`);
    }
  } else if (typeof def === 'boolean') {
    if (typeof value !== 'boolean') problems.push(`${path}: 应为 true 或 false（现为 ${JSON.stringify(value)}）`);
  } else if (typeof def === 'string') {
    if (typeof value !== 'string' || value.trim() === '') problems.push(`${path}: 应为非空字符串`);
  }
}

function get(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const k of path.split('.')) {
    if (!isPlainObject(cur)) return undefined;
    cur = hasOwn(cur, k) ? cur[k] : undefined;
  }
  return cur;
}

function int(obj: unknown, path: string): number | undefined {
  const v = get(obj, path);
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : undefined;
}

function threshold(obj: unknown, path: string, problems: string[]): Threshold | undefined {
  const num = int(obj, `${path}.num`);
  const den = int(obj, `${path}.den`);
  const inclusive = get(obj, `${path}.inclusive`);
  if (num === undefined || den === undefined || typeof inclusive !== 'boolean') return undefined;
  if (den === 0 || num > den) {
    problems.push(`${path}: 比例应满足 0 ≤ num ≤ den 且 den > 0（现为 ${num}/${den}）`);
    return undefined;
  }
  return { num, den, inclusive };
}

function describe(t: Threshold): string {
  return `${t.num}/${t.den}${t.inclusive ? '（含）' : '（不含，须超过）'}`;
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Every floor violation in a shape-checked, filled profile. */
function floorProblems(p: unknown, problems: string[]): void {
  const min = (path: string, floor: number, what: string) => {
    const v = int(p, path);
    if (v !== undefined && v < floor) problems.push(`${path}: ${what}不得少于 ${floor}（现为 ${v}）`);
  };
  const max = (path: string, ceiling: number, what: string) => {
    const v = int(p, path);
    if (v !== undefined && v > ceiling) problems.push(`${path}: ${what}不得超过 ${ceiling}（现为 ${v}）`);
  };
  const le = (a: string, b: string, what: string) => {
    const x = int(p, a);
    const y = int(p, b);
    if (x !== undefined && y !== undefined && x > y) problems.push(`${a}: ${what}（${x} > ${y}）`);
  };

  const tz = get(p, 'timeZone');
  if (typeof tz === 'string' && tz.trim() !== '' && !isTimeZone(tz)) problems.push(`timeZone: 无效的时区 ${tz}`);

  // Party Constitution: 年满十八岁
  min('application.minAge', 18, '入党年龄下限');
  // 细则: talk within one month; 0 months would make the talk due the day of the application.
  min('application.talkWithinMonths', 1, '谈话时限（月）');
  max('application.talkWithinMonths', 1, '谈话时限（月）');
  min('application.reapplyBanYears', 5, '劝退或除名后重新申请的间隔年数');

  min('activist.minMonths', 12, '入党积极分子培养考察期（月）');
  min('activist.assessmentEveryMonths', 1, '考察间隔（月）');
  max('activist.assessmentEveryMonths', 6, '考察间隔（月）');
  min('activist.cultivators.min', 1, '培养联系人人数下限');
  max('activist.cultivators.max', 2, '培养联系人人数上限');
  le('activist.cultivators.min', 'activist.cultivators.max', '培养联系人人数下限不得大于上限');

  const introducers = int(p, 'developmentObject.introducers');
  if (introducers !== undefined && introducers !== 2) {
    problems.push(`developmentObject.introducers: 入党介绍人必须为 2 名（现为 ${introducers}）`);
  }
  min('developmentObject.training.minDays', 3, '集中培训天数');
  min('developmentObject.training.minHours', 24, '集中培训学时');

  min('publicity.minDays', 7, '公示天数下限');
  max('publicity.maxDays', 15, '公示天数上限');
  const pMin = int(p, 'publicity.minDays');
  const pMax = int(p, 'publicity.maxDays');
  const pDef = int(p, 'publicity.defaultDays');
  if (pDef !== undefined) {
    if (pDef < 7 || pDef > 15) problems.push(`publicity.defaultDays: 默认公示天数应在 7 至 15 天之间（现为 ${pDef}）`);
    else if ((pMin !== undefined && pDef < pMin) || (pMax !== undefined && pDef > pMax)) {
      problems.push(`publicity.defaultDays: 默认公示天数应在下限与上限之间（现为 ${pDef}）`);
    }
  }
  le('publicity.minDays', 'publicity.maxDays', '公示天数下限不得大于上限');

  min('complaints.verifyWithinDays', 1, '举报核实时限（天）');
  max('complaints.verifyWithinDays', 7, '举报核实时限（天）');

  const floors: [string, Threshold, string][] = [
    ['votes.massAssessment.admission', HALF_INCLUSIVE, '接收预备党员党外群众民主测评'],
    ['votes.massAssessment.conversion', HALF_INCLUSIVE, '预备党员转正党外群众民主测评'],
    ['votes.branchMeeting.quorum', MORE_THAN_HALF, '支部大会到会人数'],
    ['votes.branchMeeting.approval', MORE_THAN_HALF, '支部大会表决'],
    ['votes.committee.approval', TWO_THIRDS_INCLUSIVE, '党（工）委/组织员会议表决'],
  ];
  for (const [path, floor, what] of floors) {
    const t = threshold(p, path, problems);
    if (t && !atLeastAsStrict(t, floor)) {
      problems.push(`${path}: ${what}标准不得低于 ${describe(floor)}（现为 ${describe(t)}）`);
    }
  }

  min('approval.withinMonths', 1, '审批时限（月）');
  max('approval.withinMonths', 3, '审批时限（月）');
  min('approval.maxMonths', 1, '审批最长期限（月）');
  max('approval.maxMonths', 6, '审批最长期限（月）');
  le('approval.withinMonths', 'approval.maxMonths', '审批时限不得大于最长期限');

  const months = int(p, 'probation.months');
  if (months !== undefined && months !== 12) problems.push(`probation.months: 预备期必须为 12 个月（现为 ${months}）`);
  min('probation.extension.minMonths', 6, '延长预备期下限（月）');
  max('probation.extension.maxMonths', 12, '延长预备期上限（月）');
  le('probation.extension.minMonths', 'probation.extension.maxMonths', '延长预备期下限不得大于上限');
  max('probation.extension.maxTimes', 1, '延长预备期次数');
}

/**
 * Validates an already-parsed profile file, fills omitted fields (at any depth) from the
 * default, and returns the full profile. Throws RulesError('PROFILE_INVALID') whose
 * `details` lists every problem.
 */
export function parseProfile(json: unknown): Profile {
  if (!isPlainObject(json)) {
    throw new RulesError('PROFILE_INVALID', '规则配置无效：应为 JSON 对象', ['(根): 应为 JSON 对象']);
  }
  const def = buildDefault();
  const filled = deepFill(def, json) as Record<string, unknown>;
  fitDependentDefaults(json, filled);
  const problems: string[] = [];
  checkShape(def, filled, '', problems);
  floorProblems(filled, problems);
  // The exit-side fields are validated on the input as given (omissions are fine there).
  problems.push(...exitProfileProblems(json));
  if (problems.length > 0) {
    throw new RulesError(
      'PROFILE_INVALID',
      `规则配置无效（${problems.length} 处问题）：${problems.join('；')}`,
      problems,
    );
  }
  return filled as unknown as Profile;
}
