import type { Schemas } from '../../api/client';

export type VoteSession = Schemas['VoteSession'];
export type VoteSummary = Schemas['VoteSessionSummary'];
export type VoteResult = Schemas['VoteResult'];
export type Level = VoteSession['level'];
export type Purpose = VoteSession['purpose'];
export type Status = VoteSession['status'];
export type Choice = 'approve' | 'reject' | 'abstain';

/** Short names for lists and tags. */
export const LEVEL_ZH: Record<Level, string> = {
  mass_assessment: '群众评议',
  branch_meeting: '支部大会',
  committee: '党委审批',
};

/** As the service names them on the ballot paper (GET /api/ballots/paper), so slips and ballots read alike. */
const LEVEL_FULL: Record<Level, string> = {
  mass_assessment: '党外群众民主测评',
  branch_meeting: '支部大会',
  committee: '党（工）委（组织员会议）',
};

export const PURPOSE_ZH: Record<Purpose, string> = {
  admission: '接收预备党员',
  conversion: '预备党员转正',
  plan: '年度发展计划',
};

export const STATUS_ZH: Record<Status, string> = { open: '进行中', closed: '已结束', void: '已作废' };
/** Solid tags (white on dark) keep WCAG AA contrast, which antd's light preset tags do not. */
export const STATUS_COLOR: Record<Status, string> = { open: '#0b57d0', closed: '#1e6b2e', void: '#595959' };
export const TAG_PASS = '#1e6b2e';
export const TAG_FAIL = '#a8071a';
export const TAG_WARN = '#ad4e00';

export const MODE_ZH: Record<VoteSession['mode'], string> = { paper: '纸质选票', electronic: '电子无记名投票' };

export const CHOICE_ZH: Record<Choice, string> = { approve: '同意', reject: '不同意', abstain: '弃权' };

/** SPEC §4.2 VoteOutcome.reason. */
export const REASON_ZH: Record<string, string> = {
  PASSED: '通过',
  QUORUM_NOT_MET: '到会人数不足',
  INSUFFICIENT_APPROVAL: '赞成票未达到规定票数',
};

/** SPEC §7.1: the five recognised reasons a voting member is not counted as expected. */
export const EXCUSED_ZH: Record<Schemas['ExcusedDto']['reason'], string> = {
  mental_illness: '患精神疾病或其他疾病，不能表达本人意志',
  abroad_over_6_months: '出国半年以上',
  detained: '正在服刑或被羁押',
  bedridden: '年老体弱、卧床不起',
  away_over_6_months: '因工作、学习在外地半年以上',
};

/** The session's title, worded as on its ballot paper. */
export function voteTitle(v: { level: Level; purpose: Purpose }, orgName = ''): string {
  const level = v.purpose === 'plan' ? '组织员会议' : LEVEL_FULL[v.level];
  return `${orgName}${level}表决（${PURPOSE_ZH[v.purpose]}）`;
}

/** What the base of the threshold is called, per level (SPEC §4.1). */
export function expectedLabel(level: Level): string {
  return level === 'committee' ? '全体成员（应到）' : level === 'branch_meeting' ? '应到会有表决权党员' : '应到会人数';
}
