import { ASSESSMENT_ZH, PASS_ZH, RECOMMENDATION_ZH, REVIEW_ZH } from './labels';

export type FieldKind = 'date' | 'text' | 'textarea' | 'members' | 'radio' | 'number' | 'check';

export interface FieldDef {
  name: string;
  label: string;
  kind: FieldKind;
  required?: boolean;
  options?: { value: string; label: string }[];
  /** Refused below this before submitting (counts that cannot be negative). */
  min?: number;
  /** Unit after a number (天, 学时, 个月). */
  unit?: string;
  help?: string;
  /** Checkbox text (kind check). */
  text?: string;
  /** A checkbox that must be ticked (development-object's opinionsHeard: true). */
  mustBeTrue?: boolean;
  initial?: unknown;
}

export type Rank = 'branch' | 'committee';

export interface CommandDef {
  command: string;
  /** The Chinese name: the button that opens the form is named by it. */
  label: string;
  /** The lowest role that may take it (SPEC §12). */
  rank: Rank;
  fields: FieldDef[];
  /** May run for many candidates at once (SPEC §13 batches). */
  batch?: boolean;
  /** Ends or suspends development rather than moving it forward. */
  closing?: boolean;
  /** The stage a batch usually selects from. */
  stages?: string[];
}

const options = (labels: Record<string, string>) => Object.entries(labels).map(([value, label]) => ({ value, label }));

const date = (label = '日期'): FieldDef => ({ name: 'date', label, kind: 'date', required: true, initial: 'today' });
const reason = (required = true): FieldDef => ({ name: 'reason', label: '理由', kind: 'textarea', required });

/** The single-candidate commands of SPEC §5 that the console records with a form. */
export const COMMANDS: CommandDef[] = [
  {
    command: 'talk',
    label: '谈话',
    rank: 'branch',
    batch: true,
    stages: ['applicant'],
    fields: [date('谈话日期'), { name: 'by', label: '谈话人', kind: 'text', required: true }],
  },
  {
    command: 'activist',
    label: '确定为入党积极分子',
    rank: 'branch',
    stages: ['applicant'],
    fields: [
      date('确定日期'),
      {
        name: 'recommendation',
        label: '推荐方式',
        kind: 'radio',
        required: true,
        options: options(RECOMMENDATION_ZH),
        initial: 'members',
      },
      { name: 'committeeFiledOn', label: '报上级党委备案日期', kind: 'date', required: true },
    ],
  },
  {
    command: 'cultivators',
    label: '指定培养联系人',
    rank: 'branch',
    stages: ['activist', 'development_object'],
    fields: [
      {
        name: 'memberIds',
        label: '培养联系人',
        kind: 'members',
        required: true,
        help: '一至两名正式党员，从本支部党员名册中选择',
      },
    ],
  },
  {
    command: 'assessments',
    label: '考察',
    rank: 'branch',
    batch: true,
    stages: ['activist', 'development_object'],
    fields: [
      date('考察日期'),
      {
        name: 'result',
        label: '考察结论',
        kind: 'radio',
        required: true,
        options: options(ASSESSMENT_ZH),
        initial: 'good',
      },
      { name: 'notes', label: '考察意见', kind: 'textarea' },
    ],
  },
  {
    command: 'development-object',
    label: '确定为发展对象',
    rank: 'branch',
    stages: ['activist'],
    fields: [
      date('确定日期'),
      {
        name: 'opinionsHeard',
        label: '听取意见',
        kind: 'check',
        text: '已听取党小组、培养联系人、党员和群众意见',
        mustBeTrue: true,
      },
      { name: 'committeeFiledOn', label: '报上级党委备案日期', kind: 'date', required: true },
    ],
  },
  {
    command: 'introducers',
    label: '确定入党介绍人',
    rank: 'branch',
    stages: ['development_object'],
    fields: [
      {
        name: 'memberIds',
        label: '入党介绍人',
        kind: 'members',
        required: true,
        help: '两名有表决权的正式党员，从本支部党员名册中选择',
      },
    ],
  },
  {
    command: 'political-review',
    label: '政治审查',
    rank: 'branch',
    batch: true,
    stages: ['development_object'],
    fields: [
      date('审查日期'),
      {
        name: 'result',
        label: '审查结论',
        kind: 'radio',
        required: true,
        options: options(PASS_ZH),
        initial: 'passed',
      },
      { name: 'notes', label: '说明', kind: 'textarea' },
    ],
  },
  {
    command: 'training',
    label: '集中培训',
    rank: 'branch',
    batch: true,
    stages: ['development_object'],
    fields: [
      { name: 'startDate', label: '培训开始日期', kind: 'date', required: true },
      { name: 'endDate', label: '培训结束日期', kind: 'date', required: true },
      { name: 'days', label: '培训天数', kind: 'number', required: true, min: 0, unit: '天', initial: 3 },
      { name: 'hours', label: '培训学时', kind: 'number', required: true, min: 0, unit: '学时', initial: 24 },
      { name: 'passed', label: '考核结果', kind: 'check', text: '考核合格', initial: true },
    ],
  },
  {
    command: 'pre-review',
    label: '预审',
    rank: 'committee',
    batch: true,
    stages: ['development_object'],
    fields: [
      date('预审日期'),
      {
        name: 'result',
        label: '预审结论',
        kind: 'radio',
        required: true,
        options: options(REVIEW_ZH),
        initial: 'passed',
      },
      { name: 'notes', label: '说明', kind: 'textarea' },
    ],
  },
  {
    command: 'approval-talk',
    label: '审批谈话',
    rank: 'committee',
    batch: true,
    stages: ['development_object'],
    fields: [date('谈话日期'), { name: 'by', label: '谈话人', kind: 'text', required: true }],
  },
  {
    command: 'oath',
    label: '入党宣誓',
    rank: 'branch',
    batch: true,
    stages: ['probationary'],
    fields: [date('宣誓日期')],
  },
  {
    command: 'conversion-application',
    label: '转正申请',
    rank: 'branch',
    stages: ['probationary'],
    fields: [date('申请日期')],
  },
  {
    command: 'extension',
    label: '延长预备期',
    rank: 'branch',
    stages: ['probationary'],
    fields: [
      date('决定日期'),
      {
        name: 'months',
        label: '延长期限',
        kind: 'number',
        required: true,
        unit: '个月',
        initial: 6,
        help: '六至十二个月，只能延长一次',
      },
      reason(false),
    ],
  },
  {
    command: 'cancel',
    label: '取消预备党员资格',
    rank: 'committee',
    closing: true,
    stages: ['probationary'],
    fields: [date('决定日期'), reason()],
  },
  {
    command: 'reject',
    label: '不予发展',
    rank: 'branch',
    batch: true,
    closing: true,
    stages: ['applicant', 'activist', 'development_object'],
    fields: [date('决定日期'), reason()],
  },
  {
    command: 'withdraw',
    label: '撤回',
    rank: 'branch',
    batch: true,
    closing: true,
    fields: [date('撤回日期'), reason(false)],
  },
  { command: 'defer', label: '暂缓', rank: 'branch', batch: true, closing: true, fields: [date('暂缓日期'), reason()] },
  { command: 'resume', label: '恢复', rank: 'branch', batch: true, fields: [date('恢复日期'), reason()] },
];

export const COMMAND_BY_NAME = new Map(COMMANDS.map((c) => [c.command, c]));

/** Steps the `next` list names that other areas of the console record (publicity, votes, visits). */
export const ELSEWHERE: Record<string, { label: string; path: string; area: string }> = {
  publicity: { label: '公示', path: '/publicity', area: '公示' },
  mass_assessment: { label: '党外群众民主测评', path: '/votes', area: '表决' },
  branch_meeting: { label: '支部大会表决', path: '/votes', area: '表决' },
  committee: { label: '党（工）委审批表决', path: '/votes', area: '表决' },
  visit: { label: '回访', path: '/probation', area: '预备期考察' },
};
