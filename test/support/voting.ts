import { Client, Reply } from './client';
import { OrgTree } from './fixtures';
import type { TestApp } from './harness';
import { walkToDevelopmentObject } from './pipeline';

/**
 * Dates of the admission walk used by the voting tests (today is 2026-11-21): publicity
 * 2025-06-01..07, pre-review 06-10, mass assessment 06-15, branch meeting 06-20, approval
 * talk 06-25, committee 07-10 (approval due 2025-09-20). Probation 2025-06-20 → 2026-06-20.
 */
export const D = {
  publicity: '2025-06-01',
  preReview: '2025-06-10',
  mass: '2025-06-15',
  branch: '2025-06-20',
  approvalTalk: '2025-06-25',
  committee: '2025-07-10',
  probationEnd: '2026-06-20',
  conversionApplication: '2026-06-21',
  visit: '2026-03-01',
  conversionMass: '2026-07-01',
  conversionBranch: '2026-07-05',
  conversionCommittee: '2026-07-20',
};

/** The body of a reply with `status` (201 by default); throws with the body otherwise. */
export async function ok<T = Record<string, unknown>>(
  res: Promise<{ status: number; body: unknown }> | { status: number; body: unknown },
  status = 201,
): Promise<T> {
  const r = await res;
  if (r.status !== status)
    throw new Error(`expected ${status}, got ${r.status}: ${JSON.stringify(r.body).slice(0, 2000)}`);
  return r.body as T;
}

export const post = (t: TestApp, token: string, url: string, body: object = {}): Promise<Reply> =>
  new Client(t, token).post(url, body);

/** Development objects walked over HTTP through one admission publicity for all, closed. */
export async function walkToPublicized(t: TestApp, tree: OrgTree, names: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const name of names) ids.push(await walkToDevelopmentObject(t, tree, { name }));
  const branch = new Client(t, tree.branch.token);
  const notice = await branch.ok<{ id: string }>('/api/publicity', {
    orgId: tree.branch.id,
    kind: 'admission',
    candidateIds: ids,
    startDate: D.publicity,
    channels: { phone: '0571-88886666', online: true },
  });
  const closed = await branch.post(`/api/publicity/${notice.id}/close`);
  if (closed.status >= 300 && closed.status !== 422) throw new Error(`publicity close → ${closed.status}`);
  return ids;
}

/** … and then each pre-reviewed. */
export async function preReviewed(t: TestApp, tree: OrgTree, names: string[]): Promise<string[]> {
  const ids = await walkToPublicized(t, tree, names);
  const committee = new Client(t, tree.committee.token);
  for (const id of ids) await committee.ok(`/api/candidates/${id}/pre-review`, { date: D.preReview, result: 'passed' });
  return ids;
}

export interface PaperVote {
  level: 'mass_assessment' | 'branch_meeting' | 'committee';
  purpose?: 'admission' | 'conversion' | 'plan';
  orgId: string;
  meetingDate: string;
  candidateIds: string[];
  expected?: number;
  bodySize?: number;
  excused?: { memberId: string; reason: string }[];
  planId?: string;
}

/** Opens a paper session, records attendance and the tellers' counts, closes it; returns the result. */
export async function paperVote(
  t: TestApp,
  token: string,
  v: PaperVote,
  attendance: { present: number } | { memberIds: string[] },
  counts:
    | { approve: number; reject?: number; abstain?: number; invalid?: number }
    | ((candidateId: string) => { approve: number; reject?: number; abstain?: number; invalid?: number }),
) {
  const as = new Client(t, token);
  const session = await as.ok<{ id: string }>('/api/votes', { purpose: 'admission', mode: 'paper', ...v });
  await as.ok(`/api/votes/${session.id}/attendance`, attendance);
  const results = v.candidateIds.map((candidateId) => {
    const c = typeof counts === 'function' ? counts(candidateId) : counts;
    return { candidateId, approve: c.approve, reject: c.reject ?? 0, abstain: c.abstain ?? 0, invalid: c.invalid ?? 0 };
  });
  await as.ok(`/api/votes/${session.id}/counts`, { results });
  return as.ok<ResultBody>(`/api/votes/${session.id}/close`);
}

export interface ResultBody {
  id: string;
  status: string;
  quorumMet: boolean;
  results: {
    candidateId: string;
    approve: number;
    reject: number;
    abstain: number;
    invalid: number;
    required: number;
    passed: boolean;
    reason: string;
    applied: boolean;
    violations?: { code: string }[];
  }[];
  receipts?: string[];
  ledgerHead?: string;
}

/** Walks pre-reviewed candidates through a passed mass assessment, branch meeting and approval talk. */
export async function throughBranchMeeting(t: TestApp, tree: OrgTree, ids: string[]): Promise<void> {
  const all = tree.members.map((m) => m.id);
  await paperVote(
    t,
    tree.branch.token,
    { level: 'mass_assessment', orgId: tree.branch.id, meetingDate: D.mass, candidateIds: ids, expected: 20 },
    { present: 20 },
    { approve: 20 },
  );
  await paperVote(
    t,
    tree.branch.token,
    { level: 'branch_meeting', orgId: tree.branch.id, meetingDate: D.branch, candidateIds: ids },
    { memberIds: all },
    { approve: all.length },
  );
  const committee = new Client(t, tree.committee.token);
  for (const id of ids)
    await committee.ok(`/api/candidates/${id}/approval-talk`, { date: D.approvalTalk, by: '党委组织委员' });
}

export { seedDevelopmentObjects } from './factories';
