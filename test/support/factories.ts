import { randomUUID } from 'node:crypto';
import type { CandidateCommand, VoteOutcome } from '@admissions/rules';
import { addDays } from '@admissions/rules';
import { CandidateWriter, Execution } from '../../src/candidates';
import { TransactionRunner } from '../../src/database/transaction';
import type { OrgTree } from './fixtures';
import type { TestApp } from './harness';

/**
 * State for tests that need many candidates, or candidates far along, built through the
 * candidate's one writer (the same gates and events as over HTTP, none of the requests):
 * every candidate a factory makes replays from its events.
 */
const SETUP = { sub: 'test-setup', name: '测试准备', role: 'admin' as const, scopePath: '' };

/** One command for each of `ids`, all or nothing. */
export async function run(
  t: TestApp,
  ids: readonly string[],
  command: (id: string) => CandidateCommand,
): Promise<void> {
  const writer = t.app.get(CandidateWriter);
  const items: Execution[] = ids.map((id) => ({ id, command: command(id) }));
  await t.app.get(TransactionRunner).run((em) => writer.run(em, SETUP, items));
}

const passed = (required = 1): VoteOutcome => ({
  passed: true,
  quorumMet: true,
  base: required,
  required,
  approve: required,
  reason: 'PASSED',
});

/** A passed vote at one level, as a closed session would apply it (the session itself is not made). */
export function vote(
  tree: OrgTree,
  level: 'mass_assessment' | 'branch_meeting' | 'committee',
  meetingDate: string,
): CandidateCommand {
  const orgId = level === 'committee' ? tree.committee.id : tree.branch.id;
  const data = {
    voteId: randomUUID(),
    orgId,
    level,
    purpose: 'admission' as const,
    approve: 5,
    reject: 0,
    abstain: 0,
    invalid: 0,
    required: 3,
    passed: true,
    reason: 'PASSED',
  };
  return { type: 'vote', meetingDate, outcome: passed(3), data };
}

/**
 * `n` development objects in the tree's branch, walked as walkToDevelopmentObject walks one
 * (2024-03-01 application … 2025-05-12 training), then publicized 2025-06-01..07 and
 * pre-reviewed 2025-06-10; with `approval_talk`, also through the mass assessment
 * (06-15), the branch meeting (06-20) and the approval talk (06-25).
 */
export async function seedDevelopmentObjects(
  t: TestApp,
  tree: OrgTree,
  n: number,
  upTo: 'pre_review' | 'approval_talk',
): Promise<string[]> {
  const [branch] = await t.dataSource.query(`SELECT path FROM organizations WHERE id = '${tree.branch.id}'`);
  const ids: string[] = Array.from({ length: n }, () => randomUUID());
  const [m1, m2, m3] = tree.members.map((m) => m.id);
  await run(t, ids, (id) => ({
    type: 'create',
    id,
    data: {
      orgId: tree.branch.id,
      orgPath: branch.path,
      name: `批量${ids.indexOf(id) + 1}`,
      gender: ids.indexOf(id) % 2 ? 'female' : 'male',
      birthDate: '1996-01-01',
      applicationDate: '2024-03-01',
    },
  }));
  const steps: CandidateCommand[] = [
    { type: 'talk', data: { date: '2024-03-15', by: '支部书记' } },
    { type: 'activist', data: { date: '2024-04-10', recommendation: 'members', committeeFiledOn: '2024-04-15' } },
    { type: 'cultivators', data: { memberIds: [m1, m2] } },
    { type: 'assessments', data: { date: '2024-10-10', result: 'good' } },
    { type: 'development-object', data: { date: '2025-04-10', opinionsHeard: true, committeeFiledOn: '2025-04-12' } },
    { type: 'introducers', data: { memberIds: [m1, m3] } },
    { type: 'political-review', data: { date: '2025-05-01', result: 'passed' } },
    { type: 'training', data: { startDate: '2025-05-10', endDate: '2025-05-12', days: 3, hours: 24, passed: true } },
  ];
  for (const step of steps) await run(t, ids, () => step);
  const noticeId = randomUUID();
  await run(t, ids, () => ({
    type: 'publicity',
    data: { noticeId, kind: 'admission', orgId: tree.branch.id, startDate: '2025-06-01', end: '2025-06-07', days: 7 },
  }));
  await run(t, ids, () => ({ type: 'publicity-close', data: { noticeId, kind: 'admission', date: '2025-06-08' } }));
  await run(t, ids, () => ({ type: 'pre-review', data: { date: '2025-06-10', result: 'passed' } }));
  if (upTo === 'approval_talk') {
    await run(t, ids, () => vote(tree, 'mass_assessment', '2025-06-15'));
    await run(t, ids, () => vote(tree, 'branch_meeting', '2025-06-20'));
    await run(t, ids, () => ({ type: 'approval-talk', data: { date: '2025-06-25', by: '党委组织委员' } }));
  }
  return ids;
}

/**
 * A development object (walked over HTTP by the caller) brought to probationary: publicity
 * ending two days before `branchMeetingDate`, pre-review and mass assessment the day before,
 * the branch meeting, approval talk and committee approval on that date.
 */
export async function admit(t: TestApp, tree: OrgTree, id: string, branchMeetingDate: string): Promise<void> {
  const noticeId = randomUUID();
  const start = addDays(branchMeetingDate, -8);
  const dayBefore = addDays(branchMeetingDate, -1);
  await run(t, [id], () => ({
    type: 'publicity',
    data: { noticeId, kind: 'admission', orgId: tree.branch.id, startDate: start, end: addDays(start, 6), days: 7 },
  }));
  await run(t, [id], () => ({
    type: 'publicity-close',
    data: { noticeId, kind: 'admission', date: addDays(start, 7) },
  }));
  await run(t, [id], () => ({ type: 'pre-review', data: { date: dayBefore, result: 'passed' } }));
  await run(t, [id], () => vote(tree, 'mass_assessment', dayBefore));
  await run(t, [id], () => vote(tree, 'branch_meeting', branchMeetingDate));
  await run(t, [id], () => ({ type: 'approval-talk', data: { date: branchMeetingDate, by: '党委组织委员' } }));
  await run(t, [id], () => vote(tree, 'committee', branchMeetingDate));
}
