import type { VotePurpose } from '@admissions/rules';
import { zhDate } from '../office/docx';

export interface NoticeChannels {
  phone?: string;
  address?: string;
  online?: true;
}

/** The personal data a notice may publish (SPEC §5), and nothing else. */
export interface NoticePerson {
  name: string;
  gender: 'male' | 'female';
  /** YYYY-MM */
  birthYearMonth: string;
  education: string | null;
  workUnit: string | null;
}

export interface NoticeContent {
  id: string;
  kind: VotePurpose;
  issuer: string;
  startDate: string;
  end: string;
  days: number;
  channels: NoticeChannels;
  people: NoticePerson[];
}

const GENDER_ZH = { male: '男', female: '女' } as const;

export { zhDate };

/** 1990-05 → 1990年5月 */
export function zhYearMonth(ym: string): string {
  const [y, m] = ym.split('-').map(Number);
  return `${y}年${m}月`;
}

/** 关于张三等3名同志拟发展为中共预备党员的公示 */
export function noticeTitle(kind: VotePurpose, firstName: string, count: number): string {
  const who = count === 1 ? `${firstName}同志` : `${firstName}等${count}名同志`;
  return `关于${who}${kind === 'admission' ? '拟发展为中共预备党员' : '拟转为中共正式党员'}的公示`;
}

/** 张三，男，1990年5月生，大学本科学历，某某公司 */
export function personLine(p: NoticePerson): string {
  const parts = [p.name, GENDER_ZH[p.gender], `${zhYearMonth(p.birthYearMonth)}生`];
  if (p.education) parts.push(p.education.endsWith('学历') ? p.education : `${p.education}学历`);
  if (p.workUnit) parts.push(p.workUnit);
  return parts.join('，');
}

export const noticePath = (id: string) => `/notices/${id}`;

/** The notice in formal Chinese, one paragraph per line. */
export function noticeText(n: NoticeContent): string {
  const intro =
    n.kind === 'admission'
      ? '根据《中国共产党发展党员工作细则》有关规定，经党支部研究，拟将下列同志发展为中共预备党员，现予以公示。'
      : '根据《中国共产党发展党员工作细则》有关规定，下列同志预备期已满，本人提出转正申请，经党支部研究，拟转为中共正式党员，现予以公示。';
  const lines = [noticeTitle(n.kind, n.people[0]?.name ?? '', n.people.length), '', intro, ''];
  n.people.forEach((p, i) => lines.push(`${i + 1}. ${personLine(p)}。`));
  lines.push('');
  lines.push(`公示时间：${zhDate(n.startDate)}至${zhDate(n.end)}（共${n.days}天）。`);
  lines.push('公示期间，党员和群众可通过来电、来信、来访或网上反映等方式，向党组织反映公示对象的有关情况和问题。');
  if (n.channels.phone) lines.push(`联系电话：${n.channels.phone}`);
  if (n.channels.address) lines.push(`来信来访地址：${n.channels.address}`);
  // Every notice is posted online with its complaint form (SPEC §6), so this channel is always open.
  lines.push(`网上反映：访问本公示网页（${noticePath(n.id)}）在线提交`);
  lines.push('反映情况和问题应实事求是，提倡署真实姓名或提供联系方式，我们将严格保密。');
  lines.push('');
  lines.push(n.issuer);
  lines.push(zhDate(n.startDate));
  return lines.join('\n');
}
