import type { Schemas } from '../../api/client';
import { dateZh } from '../../common/format';

export type Stage = Schemas['Candidate']['stage'];
export type DeadlineKind = Schemas['Deadline']['kind'];

/** The five stages of SPEC §5, in order (the candidate page's Steps). */
export const PIPELINE: Stage[] = ['applicant', 'activist', 'development_object', 'probationary', 'full_member'];
/** Terminal stages that end the file before full membership. */
export const CLOSED: Stage[] = ['rejected', 'cancelled', 'withdrawn', 'transferred'];

/** Deadline kinds (SPEC §10) as a clerk names them. */
export const DEADLINE_ZH: Record<DeadlineKind, string> = {
  talk: '入党谈话（收到申请一个月内）',
  assessment: '入党积极分子半年考察',
  publicity_end: '公示期满',
  complaint: '举报核实（一周内）',
  approval: '党委审批（支部大会后三个月内）',
  probation_end: '预备期满，讨论转正',
};

/** Timeline event types (the service's command and event names). */
export const EVENT_ZH: Record<string, string> = {
  create: '提交入党申请',
  talk: '谈话',
  activist: '确定为入党积极分子',
  cultivators: '指定培养联系人',
  assessments: '考察',
  'development-object': '确定为发展对象',
  introducers: '确定入党介绍人',
  'political-review': '政治审查',
  training: '集中培训',
  publicity: '公示',
  'publicity-closed': '公示结束',
  'pre-review': '预审',
  mass_assessment: '党外群众民主测评',
  branch_meeting: '支部大会表决',
  committee: '党（工）委审批表决',
  'approval-talk': '审批谈话',
  oath: '入党宣誓',
  visit: '回访',
  'conversion-application': '转正申请',
  extension: '延长预备期',
  cancel: '取消预备党员资格',
  reject: '不予发展',
  withdraw: '撤回',
  defer: '暂缓',
  resume: '恢复',
  transfer: '移交有关部门',
  'complaint-filed': '收到举报',
  'complaint-verified': '举报核实',
  correction: '更正个人信息',
  'step-correction': '更正环节',
  'branch-transfer': '转接组织关系',
};

export const GENDER_ZH: Record<string, string> = { male: '男', female: '女' };
export const RECOMMENDATION_ZH: Record<string, string> = { members: '党员推荐', organization: '群团组织推优' };
export const ASSESSMENT_ZH: Record<string, string> = { good: '好', fair: '一般', poor: '差' };
export const PASS_ZH: Record<string, string> = { passed: '合格', failed: '不合格' };
export const REVIEW_ZH: Record<string, string> = { passed: '通过', failed: '未通过' };
export const FINDING_ZH: Record<string, string> = {
  unfounded: '反映不实，如期发展',
  founded_minor: '问题属实（情节轻微），暂缓发展',
  founded_serious: '问题属实（情节严重），不予发展',
  founded_grave: '问题属实（情节特别严重），移交有关部门',
  unclear: '一时难以查清，暂缓发展',
};
export const CONVERSION_DECISION_ZH: Record<string, string> = {
  report_for_approval: '两项表决均通过，报党委审批转正',
  extend: '一项表决未通过，应延长预备期',
  branch_committee_decides: '两项表决均未通过，由支部委员会研究延长预备期或取消预备党员资格',
  cancel: '延长预备期后仍未通过，应取消预备党员资格',
};
export const PERSONAL_FIELD_ZH: Record<string, string> = {
  name: '姓名',
  gender: '性别',
  birthDate: '出生日期',
  ethnicity: '民族',
  education: '学历',
  occupation: '职业',
  workUnit: '工作单位',
  frontline: '一线',
  highKnowledge: '高知识群体',
  idNumber: '身份证号码',
};

/** ISO dates inside a service message (2026-11-10) in the console's Chinese format. */
export const datesZh = (text: string): string => text.replace(/\b\d{4}-\d{2}-\d{2}\b/g, (d) => dateZh(d));

/** Whole days from today to an ISO date (negative: in the past), by calendar date. */
export function daysFromToday(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number);
  const due = Date.UTC(y, m - 1, d);
  const now = new Date();
  const today = Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
  return Math.round((due - today) / 86_400_000);
}

/** Status colours dark enough to read on their tint (WCAG AA), for tags and status text. */
export const TONE = {
  red: { color: '#a8071a', background: '#fff1f0', borderColor: '#ffa39e' },
  orange: { color: '#873800', background: '#fff7e6', borderColor: '#ffd591' },
  green: { color: '#135200', background: '#f6ffed', borderColor: '#b7eb8f' },
  blue: { color: '#003eb3', background: '#e6f4ff', borderColor: '#91caff' },
  grey: { color: '#434343', background: '#fafafa', borderColor: '#d9d9d9' },
} as const;
export type Tone = keyof typeof TONE;

export const STAGE_TONE: Record<Stage, Tone> = {
  applicant: 'grey',
  activist: 'blue',
  development_object: 'blue',
  probationary: 'orange',
  full_member: 'green',
  rejected: 'red',
  cancelled: 'red',
  withdrawn: 'grey',
  transferred: 'red',
};
