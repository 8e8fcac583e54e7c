import { Client, Reply } from './client';
import { admit } from './factories';
import type { TestApp } from './harness';
import { OrgTree } from './fixtures';

/** "Today" for pipeline tests: noon in Shanghai on 2026-11-21. */
export const TODAY = '2026-11-21';
export const NOON = `${TODAY}T04:00:00Z`;

let people = 0;

/**
 * An applicant's body. Each use is another person: an ID number belongs to one open
 * candidate at a time (SPEC §13), so every read of `idNumber` gives a new one (masked alike:
 * 3301**********1234).
 */
export const APPLICANT = {
  name: '李明',
  gender: 'male',
  birthDate: '1995-05-01',
  applicationDate: '2024-03-01',
  education: '大学本科',
  workUnit: '县第一中学',
  get idNumber(): string {
    people += 1;
    return `3301061995${String(people % 10000).padStart(4, '0')}1234`;
  },
};

/** A command on one candidate: POST /api/candidates/:id/:command. */
export function cmd(t: TestApp, token: string, id: string, command: string, body: object): Promise<Reply> {
  return new Client(t, token).post(`/api/candidates/${id}/${command}`, body);
}

/** Creates an applicant in the tree's branch and returns its id. */
export async function createApplicant(t: TestApp, tree: OrgTree, over: object = {}): Promise<string> {
  const branch = new Client(t, tree.branch.token);
  const created = await branch.ok<{ id: string }>('/api/candidates', { orgId: tree.branch.id, ...APPLICANT, ...over });
  return created.id;
}

/**
 * Walks a candidate from application to a development object ready for publicity:
 * talk, activist, cultivators, an assessment, development object (exactly one year later),
 * two introducers, political review and 3 days of training.
 */
export async function walkToDevelopmentObject(t: TestApp, tree: OrgTree, over: object = {}): Promise<string> {
  const id = await createApplicant(t, tree, over);
  const branch = new Client(t, tree.branch.token);
  const ok = (command: string, body: object) => branch.ok(`/api/candidates/${id}/${command}`, body);
  const [m1, m2, m3] = tree.members;
  await ok('talk', { date: '2024-03-15', by: '支部书记' });
  await ok('activist', { date: '2024-04-10', recommendation: 'members', committeeFiledOn: '2024-04-15' });
  await ok('cultivators', { memberIds: [m1.id, m2.id] });
  await ok('assessments', { date: '2024-10-10', result: 'good' });
  await ok('development-object', { date: '2025-04-10', opinionsHeard: true, committeeFiledOn: '2025-04-12' });
  await ok('introducers', { memberIds: [m1.id, m3.id] });
  await ok('political-review', { date: '2025-05-01', result: 'passed' });
  await ok('training', { startDate: '2025-05-10', endDate: '2025-05-12', days: 3, hours: 24, passed: true });
  return id;
}

/**
 * Test setup only: a development object walked over HTTP, then brought to probationary
 * through the candidate's writer (the HTTP walk through the three votes is in the voting tests).
 */
export async function admitDirectly(
  t: TestApp,
  tree: OrgTree,
  branchMeetingDate: string,
  over: object = {},
): Promise<string> {
  const id = await walkToDevelopmentObject(t, tree, over);
  await admit(t, tree, id, branchMeetingDate);
  return id;
}
