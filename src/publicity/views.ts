import { PublicityEntry, PublicityNotice } from './publicity-notice.entity';
import { NoticeChannels, NoticeContent, noticePath, noticeText, noticeTitle } from './notice-text';

export interface NoticePersonView {
  candidateId: string;
  name: string;
  gender: 'male' | 'female';
  birthYearMonth: string;
  education: string | null;
  workUnit: string | null;
}

/** Staff view of a notice. */
export interface NoticeView {
  id: string;
  orgId: string;
  issuer: string;
  kind: string;
  title: string;
  startDate: string;
  end: string;
  days: number;
  channels: NoticeChannels;
  status: 'open' | 'closed';
  /** start ≤ today ≤ end and not closed: the public may file complaints. */
  acceptingComplaints: boolean;
  closedOn: string | null;
  candidateCount: number;
  candidates: NoticePersonView[];
  url: string;
  profile: string;
  createdAt: string;
}

/** The public view: whitelisted, nothing internal (no org path, author, profile). */
export type PublicNoticeView = Omit<NoticeView, 'closedOn' | 'candidateCount' | 'profile' | 'createdAt'> & {
  text: string;
};

export type PublicNoticeSummary = Omit<PublicNoticeView, 'candidates' | 'text'> & { candidateCount: number };

export const acceptingComplaints = (n: PublicityNotice, today: string): boolean =>
  n.status === 'open' && n.startDate <= today && today <= n.endDate;

export const toPersonView = (e: PublicityEntry): NoticePersonView => ({
  candidateId: e.candidateId,
  name: e.name,
  gender: e.gender,
  birthYearMonth: e.birthYearMonth,
  education: e.education,
  workUnit: e.workUnit,
});

export function noticeContent(n: PublicityNotice, entries: PublicityEntry[]): NoticeContent {
  return {
    id: n.id,
    kind: n.kind,
    issuer: n.issuer,
    startDate: n.startDate,
    end: n.endDate,
    days: n.days,
    channels: JSON.parse(n.channels) as NoticeChannels,
    people: entries.map(toPersonView),
  };
}

function common(n: PublicityNotice, firstName: string, today: string) {
  return {
    id: n.id,
    orgId: n.orgId,
    issuer: n.issuer,
    kind: n.kind,
    title: noticeTitle(n.kind, firstName, n.candidateCount),
    startDate: n.startDate,
    end: n.endDate,
    days: n.days,
    channels: JSON.parse(n.channels) as NoticeChannels,
    status: n.status,
    acceptingComplaints: acceptingComplaints(n, today),
    url: noticePath(n.id),
  };
}

export const toNoticeView = (n: PublicityNotice, entries: PublicityEntry[], today: string): NoticeView => ({
  ...common(n, entries[0]?.name ?? '', today),
  closedOn: n.closedOn,
  candidateCount: n.candidateCount,
  candidates: entries.map(toPersonView),
  profile: n.profileStamp,
  createdAt: n.createdAt,
});

export const toPublicNoticeView = (n: PublicityNotice, entries: PublicityEntry[], today: string): PublicNoticeView => ({
  ...common(n, entries[0]?.name ?? '', today),
  candidates: entries.map(toPersonView),
  text: noticeText(noticeContent(n, entries)),
});

/** A list row: the title needs the first name only. */
export const toPublicNoticeSummary = (n: PublicityNotice, firstName: string, today: string): PublicNoticeSummary => ({
  ...common(n, firstName, today),
  candidateCount: n.candidateCount,
});
