import { CandidateEvent, CandidateState, FINDING_ZH, STAGE_ZH } from '@admissions/rules';
import { zhDate } from '../office/docx';
import { CandidateEvent as EventRow } from './candidate-event.entity';
import { toEvent } from './projection';

/** Each event as 发展党员全程纪实表 names its step. */
const STEP_ZH: Record<CandidateEvent['type'], string> = {
  create: '递交入党申请书',
  talk: '党组织派人谈话',
  activist: '确定为入党积极分子',
  cultivators: '指定培养联系人',
  assessments: '培养教育考察',
  'development-object': '确定为发展对象',
  introducers: '确定入党介绍人',
  'political-review': '政治审查',
  training: '集中培训',
  'pre-review': '上级党委预审',
  publicity: '公示',
  'publicity-closed': '公示结束',
  mass_assessment: '党外群众民主测评',
  branch_meeting: '支部大会讨论表决',
  committee: '上级党委审批',
  'approval-talk': '审批后谈话',
  oath: '入党宣誓',
  visit: '预备期回访',
  'conversion-application': '提出转正申请',
  extension: '延长预备期',
  cancel: '取消预备党员资格',
  reject: '不予发展',
  withdraw: '撤回申请',
  defer: '暂缓',
  resume: '恢复办理',
  transfer: '移交有关部门',
  'complaint-filed': '收到公示期间的反映',
  'complaint-verified': '反映问题核实',
  correction: '更正个人信息',
  'step-correction': '更正办理记录',
  'branch-transfer': '组织关系转接',
};

const RESULT_ZH: Record<string, string> = {
  good: '好',
  fair: '一般',
  poor: '差',
  passed: '合格',
  failed: '不合格',
  members: '党员推荐',
  organization: '群团组织推优',
};

type Data = Record<string, unknown>;
const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));

/** The step's people: named in the data (谈话人) or roster members by id (联系人, 介绍人). */
function people(data: Data, names: ReadonlyMap<string, string>): string {
  if (Array.isArray(data.memberIds))
    return data.memberIds.map((id: string) => names.get(id) ?? '（已不在名册）').join('、');
  return str(data.by);
}

/** What the step found or decided, in a clerk's words. */
function result(e: CandidateEvent): string {
  const d = e.data as Data;
  const reason = d.reason ? `理由：${str(d.reason)}` : '';
  const notes = d.notes ? `；${str(d.notes)}` : '';
  switch (e.type) {
    case 'create':
      return '建立发展党员档案';
    case 'activist':
      return `${RESULT_ZH[str(d.recommendation)] ?? ''}；报上级党委备案 ${d.committeeFiledOn ? zhDate(str(d.committeeFiledOn)) : ''}`;
    case 'development-object':
      return `听取党小组、培养联系人、党员和群众意见；报上级党委备案 ${d.committeeFiledOn ? zhDate(str(d.committeeFiledOn)) : ''}`;
    case 'assessments':
    case 'political-review':
    case 'pre-review':
      return `${RESULT_ZH[str(d.result)] ?? str(d.result)}${notes}`;
    case 'training':
      return `${zhDate(str(d.startDate))}至${zhDate(str(d.endDate))}，${str(d.days)} 天 ${str(d.hours)} 学时，${d.passed ? '结业' : '未结业'}`;
    case 'publicity':
      return `${zhDate(str(d.startDate))}至${zhDate(str(d.end))}，共 ${str(d.days)} 天`;
    case 'mass_assessment':
    case 'branch_meeting':
    case 'committee':
      return (
        `同意 ${str(d.approve)}，不同意 ${str(d.reject)}，弃权 ${str(d.abstain)}，无效 ${str(d.invalid)}；` +
        `须 ${str(d.required)} 票同意，${d.passed ? '通过' : '未通过'}` +
        (d.probationStart ? `；预备期 ${zhDate(str(d.probationStart))}至${zhDate(str(d.probationEnd))}` : '')
      );
    case 'visit':
      return d.qualifying ? '回访（计入四查四看）' : '回访';
    case 'extension':
      return `延长 ${str(d.months)} 个月，预备期至 ${zhDate(str(d.probationEnd))}`;
    case 'complaint-verified':
      return FINDING_ZH[d.finding as keyof typeof FINDING_ZH] ?? str(d.finding);
    case 'correction':
      return `${reason}；更正 ${(d.changes as { field: string }[]).map((c) => c.field).join('、')}`;
    case 'step-correction':
      return `更正第 ${str(d.seq)} 条记录；${reason}`;
    case 'branch-transfer':
      return reason;
    default:
      return reason;
  }
}

/**
 * The full record's content: the head (基本情况) and one row per event — step, date, people,
 * result and the clerk who recorded it — with the roster members the rows name.
 */
export function recordRows(state: CandidateState, rows: readonly EventRow[]) {
  const events = rows.map(toEvent);
  const memberIds = events.flatMap((e) => {
    const ids = (e.data as Data).memberIds;
    return Array.isArray(ids) ? (ids as string[]) : [];
  });
  const r = state.record;
  const head = (orgName: string): [string, string | null][] => [
    ['姓名', state.name],
    ['性别', state.gender === 'male' ? '男' : '女'],
    ['出生日期', zhDate(state.birthDate)],
    ['民族', state.ethnicity],
    ['学历', state.education],
    ['职业', state.occupation],
    ['工作单位', state.workUnit],
    ['身份证号', state.idMasked],
    ['所在党支部', orgName],
    ['当前阶段', STAGE_ZH[state.stage] + (state.deferred ? '（暂缓）' : '')],
    ['申请日期', zhDate(state.applicationDate)],
    ['确定积极分子', r.activistDate ? zhDate(r.activistDate) : ''],
    ['确定发展对象', r.developmentObjectDate ? zhDate(r.developmentObjectDate) : ''],
    ['预备期', r.probationStart ? `${zhDate(r.probationStart)}至${zhDate(r.probationEnd!)}` : ''],
    ['转为正式党员', r.fullMemberOn ? zhDate(r.fullMemberOn) : ''],
    ['结束办理', r.closedOn ? zhDate(r.closedOn) : ''],
  ];
  const table = (names: ReadonlyMap<string, string>): string[][] =>
    events.map((e, i) => [
      STEP_ZH[e.type] ?? e.type,
      zhDate(e.date),
      people(e.data as Data, names),
      result(e),
      rows[i].actorName,
    ]);
  return { head, rows: table, memberIds };
}
