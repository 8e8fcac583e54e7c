import { dateZh } from '../../common/format';
import type { CommandDef } from './commands';
import {
  ASSESSMENT_ZH,
  CONVERSION_DECISION_ZH,
  EVENT_ZH,
  FINDING_ZH,
  GENDER_ZH,
  PASS_ZH,
  PERSONAL_FIELD_ZH,
  RECOMMENDATION_ZH,
  REVIEW_ZH,
} from './labels';

type Input = Record<string, unknown>;
const s = (v: unknown) => (typeof v === 'string' ? v : '');
const join = (...parts: (string | false | undefined | null)[]) => parts.filter(Boolean).join('；');
const VOTE_PURPOSE_ZH: Record<string, string> = {
  admission: '接收预备党员',
  conversion: '预备党员转正',
  plan: '发展计划',
};
const ACTION_ZH: Record<string, string> = {
  none: '无需处理',
  criticism: '批评教育',
  admonition_talk: '诫勉谈话',
  extend_probation: '延长预备期',
  cancel: '取消预备党员资格',
};

function value(field: string, v: unknown): string {
  if (v === null || v === undefined || v === '') return '（空）';
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (field === 'gender') return GENDER_ZH[String(v)] ?? String(v);
  if (field === 'birthDate') return dateZh(String(v));
  return String(v);
}

/**
 * One line saying what a timeline event recorded, in the clerk's words. `names` names roster
 * members (cultivators, introducers, visitors), `orgs` organizations (transfers).
 */
export function summarize(
  type: string,
  raw: unknown,
  names: Map<string, string>,
  orgs: Map<string, string>,
  /** For a step correction: the command of the step it amends (to name its fields). */
  amends?: CommandDef,
): string {
  const i = (raw ?? {}) as Input;
  const people = (ids: unknown) =>
    Array.isArray(ids) ? ids.map((id) => names.get(String(id)) ?? '（已不在本支部名册）').join('、') : '';
  switch (type) {
    case 'create':
      return join(
        `${s(i.name)}，${GENDER_ZH[s(i.gender)] ?? ''}，${dateZh(s(i.birthDate))}出生`,
        s(i.workUnit) && `工作单位：${s(i.workUnit)}`,
        s(i.education) && `学历：${s(i.education)}`,
        !!i.priorRemoval && '曾被劝退或除名',
      );
    case 'talk':
    case 'approval-talk':
      return s(i.by) ? `谈话人：${s(i.by)}` : '';
    case 'activist':
    case 'development-object':
      return join(
        s(i.recommendation) && `推荐方式：${RECOMMENDATION_ZH[s(i.recommendation)] ?? s(i.recommendation)}`,
        i.opinionsHeard === true && '已听取党小组、培养联系人、党员和群众意见',
        s(i.committeeFiledOn) && `报上级党委备案：${dateZh(s(i.committeeFiledOn))}`,
      );
    case 'cultivators':
      return `培养联系人：${people(i.memberIds) || '（无）'}`;
    case 'introducers':
      return `入党介绍人：${people(i.memberIds) || '（无）'}`;
    case 'assessments':
      return join(s(i.result) && `结论：${ASSESSMENT_ZH[s(i.result)] ?? s(i.result)}`, s(i.notes));
    case 'political-review':
      return join(`结论：${PASS_ZH[s(i.result)] ?? s(i.result)}`, s(i.notes));
    case 'pre-review':
      return join(`结论：${REVIEW_ZH[s(i.result)] ?? s(i.result)}`, s(i.notes));
    case 'training':
      return `${dateZh(s(i.startDate))}至${dateZh(s(i.endDate))}，${String(i.days)} 天、${String(i.hours)} 学时，${i.passed ? '考核合格' : '考核不合格'}`;
    case 'publicity':
      return `${VOTE_PURPOSE_ZH[s(i.kind)] ?? ''}公示 ${dateZh(s(i.startDate))}至${dateZh(s(i.end))}（${String(i.days)} 天）`;
    case 'publicity-closed':
      return `${VOTE_PURPOSE_ZH[s(i.kind)] ?? ''}公示期满`;
    case 'mass_assessment':
    case 'branch_meeting':
    case 'committee':
      return join(
        `${VOTE_PURPOSE_ZH[s(i.purpose)] ?? ''}：同意 ${String(i.approve)}，不同意 ${String(i.reject)}，弃权 ${String(i.abstain ?? 0)}（需 ${String(i.required)} 票）`,
        i.passed ? '通过' : '未通过',
        s(i.conversionDecision) && CONVERSION_DECISION_ZH[s(i.conversionDecision)],
        s(i.probationStart) && `预备期自${dateZh(s(i.probationStart))}起`,
        s(i.fullMemberOn) && `自${dateZh(s(i.fullMemberOn))}起为正式党员`,
      );
    case 'visit': {
      const visitors = Array.isArray(i.visitors)
        ? people((i.visitors as { memberId: string }[]).map((v) => v.memberId))
        : '';
      return join(
        visitors && `回访人：${visitors}`,
        i.qualifying === true && '有支部书记或入党介绍人参加',
        s(i.action) && `处理：${ACTION_ZH[s(i.action)] ?? s(i.action)}`,
      );
    }
    case 'extension':
      return join(
        `延长 ${String(i.months)} 个月`,
        s(i.probationEnd) && `预备期至${dateZh(s(i.probationEnd))}`,
        s(i.reason),
      );
    case 'cancel':
    case 'reject':
    case 'withdraw':
    case 'defer':
    case 'resume':
    case 'transfer':
      return join(
        s(i.finding) && `举报核实：${FINDING_ZH[s(i.finding)] ?? s(i.finding)}`,
        s(i.reason) && `理由：${s(i.reason)}`,
      );
    case 'complaint-filed':
      return `收到举报（${dateZh(s(i.receivedOn))}）`;
    case 'complaint-verified':
      return `核实结论：${FINDING_ZH[s(i.finding)] ?? s(i.finding)}`;
    case 'correction': {
      const changes = (Array.isArray(i.changes) ? i.changes : []) as { field: string; from: unknown; to: unknown }[];
      return join(
        changes
          .map((c) => `${PERSONAL_FIELD_ZH[c.field] ?? c.field}：${value(c.field, c.from)} → ${value(c.field, c.to)}`)
          .join('，'),
        `理由：${s(i.reason)}`,
      );
    }
    case 'step-correction': {
      const amended = (i.input ?? {}) as Input;
      const fields = Object.entries(amended).map(([k, v]) => {
        const field = amends?.fields.find((f) => f.name === k);
        const shown =
          k === 'memberIds'
            ? people(v)
            : typeof v === 'boolean'
              ? v
                ? '是'
                : '否'
              : typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)
                ? dateZh(v)
                : (field?.options?.find((o) => o.value === v)?.label ?? String(v));
        return `${field?.label ?? k}改为${shown}`;
      });
      return join(
        `更正第 ${String(i.seq)} 条`,
        s(i.date) && `日期改为${dateZh(s(i.date))}`,
        fields.length > 0 && fields.join('，'),
        `理由：${s(i.reason)}`,
      );
    }
    case 'branch-transfer':
      return join(
        `由${orgs.get(s(i.fromOrgId)) ?? '原支部'}转入${orgs.get(s(i.toOrgId)) ?? '新支部'}`,
        s(i.reason) && `原因：${s(i.reason)}`,
      );
    default:
      return EVENT_ZH[type] ? '' : JSON.stringify(raw);
  }
}
