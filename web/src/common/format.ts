import dayjs from 'dayjs';
import type { Schemas } from '../api/client';

type Stage = Schemas['Candidate']['stage'];

/** 2026-11-10 → 2026年11月10日 (SPEC: dates in Chinese format). Empty for no date. */
export function dateZh(value: string | null | undefined): string {
  if (!value) return '';
  const d = dayjs(value);
  return d.isValid() ? d.format('YYYY年M月D日') : value;
}

/** An instant, in the browser's time: 2026年11月10日 14:05. */
export function dateTimeZh(value: string | null | undefined): string {
  if (!value) return '';
  const d = dayjs(value);
  return d.isValid() ? d.format('YYYY年M月D日 HH:mm') : value;
}

/** A date field's value for the API: YYYY-MM-DD. */
export const isoDate = (d: dayjs.Dayjs | null | undefined): string | undefined => d?.format('YYYY-MM-DD');

/** Every stage as a clerk names it, the closed ones included (SPEC §5). */
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

export const ROLE_ZH: Record<string, string> = {
  admin: '系统管理员',
  department: '组织部',
  committee: '党委',
  branch: '党支部',
  reviewer: '回访员',
};
