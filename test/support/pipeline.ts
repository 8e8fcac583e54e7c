import { auth, TestApp } from './harness';
import { admit } from './factories';
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

export async function cmd(t: TestApp, token: string, id: string, command: string, body: object) {
  return t.http.post(`/api/candidates/${id}/${command}`).set(auth(token)).send(body);
}

async function ok(t: TestApp, token: string, id: string, command: string, body: object) {
  const res = await cmd(t, token, id, command, body);
  if (res.status !== 201) throw new Error(`${command} → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Creates an applicant in the tree's branch and returns its id. */
export async function createApplicant(t: TestApp, tree: OrgTree, over: object = {}): Promise<string> {
  const res = await t.http
    .post('/api/candidates')
    .set(auth(tree.branch.token))
    .send({ orgId: tree.branch.id, ...APPLICANT, ...over });
  if (res.status !== 201) throw new Error(`create → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}

/**
 * Walks a candidate from application to a development object ready for publicity:
 * talk, activist, cultivators, an assessment, development object (exactly one year later),
 * two introducers, political review and 3 days of training.
 */
export async function walkToDevelopmentObject(t: TestApp, tree: OrgTree, over: object = {}): Promise<string> {
  const id = await createApplicant(t, tree, over);
  const b = tree.branch.token;
  const [m1, m2, m3] = tree.members;
  await ok(t, b, id, 'talk', { date: '2024-03-15', by: '支部书记' });
  await ok(t, b, id, 'activist', { date: '2024-04-10', recommendation: 'members', committeeFiledOn: '2024-04-15' });
  await ok(t, b, id, 'cultivators', { memberIds: [m1.id, m2.id] });
  await ok(t, b, id, 'assessments', { date: '2024-10-10', result: 'good' });
  await ok(t, b, id, 'development-object', { date: '2025-04-10', opinionsHeard: true, committeeFiledOn: '2025-04-12' });
  await ok(t, b, id, 'introducers', { memberIds: [m1.id, m3.id] });
  await ok(t, b, id, 'political-review', { date: '2025-05-01', result: 'passed' });
  await ok(t, b, id, 'training', { startDate: '2025-05-10', endDate: '2025-05-12', days: 3, hours: 24, passed: true });
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
