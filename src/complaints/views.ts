import { Complaint, ComplaintVerification } from './complaint.entity';

export interface VerificationView {
  round: number;
  verifiedOn: string;
  finding: string;
  outcome: string;
  summary: string;
  reply: string | null;
  due: string;
  late: boolean;
  nextDue: string | null;
  verifiedBy: { sub: string; name: string };
  recordedAt: string;
}

/** Staff view (committee and department only): includes the content. */
export interface ComplaintView {
  id: string;
  candidateId: string;
  candidateName: string | null;
  noticeId: string | null;
  source: string;
  channel: string;
  receivedOn: string;
  content: string;
  contact: string | null;
  complainant: string | null;
  trackingCode: string;
  status: 'open' | 'verified';
  due: string;
  round: number;
  late: boolean;
  finding: string | null;
  outcome: string | null;
  verifiedOn: string | null;
  verifications: VerificationView[];
  createdAt: string;
  updatedAt: string;
}

/** What the complainant may see: never the content, the findings or anyone's identity. */
export interface ComplaintStatusView {
  status: 'open' | 'verified';
  receivedOn: string;
  due: string;
  reply?: string;
}

export const toVerificationView = (v: ComplaintVerification): VerificationView => ({
  round: v.round,
  verifiedOn: v.verifiedOn,
  finding: v.finding,
  outcome: v.outcome,
  summary: v.summary,
  reply: v.reply,
  due: v.dueOn,
  late: !!v.late,
  nextDue: v.nextDueOn,
  verifiedBy: { sub: v.verifiedBy, name: v.verifiedByName },
  recordedAt: v.recordedAt,
});

export const toComplaintView = (
  c: Complaint,
  candidateName: string | null,
  verifications: ComplaintVerification[],
): ComplaintView => ({
  id: c.id,
  candidateId: c.candidateId,
  candidateName,
  noticeId: c.noticeId,
  source: c.source,
  channel: c.channel,
  receivedOn: c.receivedOn,
  content: c.content,
  contact: c.contact,
  complainant: c.complainant,
  trackingCode: c.trackingCode,
  status: c.status,
  due: c.dueOn,
  round: c.round,
  late: !!c.late,
  finding: c.finding,
  outcome: c.outcome,
  verifiedOn: c.verifiedOn,
  verifications: verifications.map(toVerificationView),
  createdAt: c.createdAt,
  updatedAt: c.updatedAt,
});

export function toComplaintStatus(c: Complaint, verifications: ComplaintVerification[]): ComplaintStatusView {
  const reply = [...verifications].sort((a, b) => b.round - a.round).find((v) => v.reply)?.reply;
  return { status: c.status, receivedOn: c.receivedOn, due: c.dueOn, ...(reply ? { reply } : {}) };
}
