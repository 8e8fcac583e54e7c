import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { addDays, addMonths } from '@admissions/rules';

type Api = (method: 'GET' | 'POST', url: string, body?: object) => Promise<Record<string, unknown>>;

/** Calls the service's own HTTP surface in-process, so demo data passes every gate a clerk's would. */
function apiOf(app: NestFastifyApplication, token: string): Api {
  return async (method, url, body) => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (body) headers['content-type'] = 'application/json';
    const res = await app.inject({ method, url, headers, payload: body ? JSON.stringify(body) : undefined });
    if (res.statusCode >= 300) throw new Error(`演示数据: ${method} ${url} → ${res.statusCode} ${res.body}`);
    return res.json();
  };
}

interface Ctx {
  api: Api;
  branchId: string;
  committeeId: string;
  members: string[];
  voters: string[];
}

const PEOPLE: [string, 'male' | 'female', string, string][] = [
  ['赵晓峰', 'male', '大学本科', '县第一中学'],
  ['钱思雨', 'female', '硕士研究生', '县教育局教研室'],
  ['孙浩然', 'male', '大学本科', '县实验小学'],
  ['李佳怡', 'female', '大学专科', '县第二中学'],
  ['周子涵', 'female', '大学本科', '县职业中专'],
  ['吴俊杰', 'male', '硕士研究生', '县教师进修学校'],
  ['郑雅琴', 'female', '大学本科', '县第一中学'],
  ['王博文', 'male', '大学本科', '县实验小学'],
  ['冯欣悦', 'female', '大学本科', '县第三中学'],
];

async function create(c: Ctx, i: number, applicationDate: string): Promise<string> {
  const [name, gender, education, workUnit] = PEOPLE[i];
  const body = {
    orgId: c.branchId,
    name,
    gender,
    birthDate: `${1990 + i}-0${(i % 9) + 1}-15`,
    applicationDate,
    education,
    workUnit,
    frontline: i % 3 === 0,
  };
  return (await c.api('POST', '/api/candidates', body)).id as string;
}

/** Application → talk → activist (with cultivators and half-yearly assessments). */
async function toActivist(c: Ctx, i: number, activistOn: string): Promise<string> {
  const applied = addMonths(activistOn, -1);
  const id = await create(c, i, applied);
  await c.api('POST', `/api/candidates/${id}/talk`, { date: addDays(applied, 10), by: '支部书记' });
  await c.api('POST', `/api/candidates/${id}/activist`, {
    date: activistOn,
    recommendation: 'members',
    committeeFiledOn: addDays(activistOn, 5),
  });
  await c.api('POST', `/api/candidates/${id}/cultivators`, { memberIds: [c.members[0], c.members[1]] });
  return id;
}

/** … → development object with introducers, political review and training. */
async function toDevelopmentObject(c: Ctx, i: number, designatedOn: string): Promise<string> {
  const activistOn = addMonths(designatedOn, -13);
  const id = await toActivist(c, i, activistOn);
  await c.api('POST', `/api/candidates/${id}/assessments`, {
    date: addMonths(activistOn, 6),
    result: 'good',
    notes: '学习积极，工作表现突出',
  });
  await c.api('POST', `/api/candidates/${id}/assessments`, { date: addMonths(activistOn, 12), result: 'good' });
  await c.api('POST', `/api/candidates/${id}/development-object`, {
    date: designatedOn,
    opinionsHeard: true,
    committeeFiledOn: addDays(designatedOn, 3),
  });
  await c.api('POST', `/api/candidates/${id}/introducers`, { memberIds: [c.members[0], c.members[2]] });
  await c.api('POST', `/api/candidates/${id}/political-review`, { date: addDays(designatedOn, 10), result: 'passed' });
  await c.api('POST', `/api/candidates/${id}/training`, {
    startDate: addDays(designatedOn, 20),
    endDate: addDays(designatedOn, 22),
    days: 3,
    hours: 24,
    passed: true,
  });
  return id;
}

async function publicize(
  c: Ctx,
  id: string,
  kind: 'admission' | 'conversion',
  startDate: string,
  close: boolean,
): Promise<void> {
  const notice = await c.api('POST', '/api/publicity', {
    orgId: c.branchId,
    kind,
    candidateIds: [id],
    startDate,
    channels: { phone: '0571-8888 1234', address: '县委组织部组织科（县行政中心 3 楼）', online: true },
  });
  if (close) await c.api('POST', `/api/publicity/${notice.id as string}/close`);
}

async function paperVote(c: Ctx, v: object, attendance: object, approve: number, ids: string[]): Promise<void> {
  const session = await c.api('POST', '/api/votes', { mode: 'paper', candidateIds: ids, ...v });
  await c.api('POST', `/api/votes/${session.id as string}/attendance`, attendance);
  await c.api('POST', `/api/votes/${session.id as string}/counts`, {
    results: ids.map((candidateId) => ({ candidateId, approve, reject: 0, abstain: 0, invalid: 0 })),
  });
  await c.api('POST', `/api/votes/${session.id as string}/close`);
}

/** … → probationary through publicity, pre-review and the three votes; returns the branch-meeting date. */
async function toProbationary(c: Ctx, i: number, branchMeetingOn: string): Promise<string> {
  const designatedOn = addDays(branchMeetingOn, -50);
  const id = await toDevelopmentObject(c, i, designatedOn);
  await publicize(c, id, 'admission', addDays(designatedOn, 30), true);
  await c.api('POST', `/api/candidates/${id}/pre-review`, { date: addDays(designatedOn, 40), result: 'passed' });
  await paperVote(
    c,
    {
      level: 'mass_assessment',
      purpose: 'admission',
      orgId: c.branchId,
      meetingDate: addDays(branchMeetingOn, -5),
      expected: 20,
    },
    { present: 18 },
    16,
    [id],
  );
  await paperVote(
    c,
    { level: 'branch_meeting', purpose: 'admission', orgId: c.branchId, meetingDate: branchMeetingOn },
    { memberIds: c.voters },
    c.voters.length,
    [id],
  );
  await c.api('POST', `/api/candidates/${id}/approval-talk`, { date: addDays(branchMeetingOn, 5), by: '党委组织委员' });
  await paperVote(
    c,
    {
      level: 'committee',
      purpose: 'admission',
      orgId: c.committeeId,
      meetingDate: addDays(branchMeetingOn, 15),
      bodySize: 7,
    },
    { present: 7 },
    6,
    [id],
  );
  await c.api('POST', `/api/candidates/${id}/oath`, { date: addDays(branchMeetingOn, 20) });
  return id;
}

/** A visit by the branch secretary with the four checks (四查四看). */
async function visit(c: Ctx, id: string, date: string): Promise<void> {
  const good = { rating: 'good' };
  await c.api('POST', `/api/candidates/${id}/visits`, {
    date,
    visitors: [
      { memberId: c.members[3], role: 'secretary' },
      { memberId: c.members[0], role: 'introducer' },
    ],
    methods: ['forum', 'mass_visit'],
    checks: {
      thought: good,
      performance: { rating: 'good', notes: '教学成绩突出' },
      massOpinion: good,
      exemplary: good,
    },
    action: 'none',
  });
}

/**
 * Candidates at every stage in the demo branch, dated back from today: applicants (one with
 * the talk overdue), an activist, a development object, one in publicity today, one
 * pre-reviewed, a probationary member, a full member, and a deferred applicant.
 */
export async function seedCandidates(
  app: NestFastifyApplication,
  token: string,
  ids: { branchId: string; committeeId: string },
  today: string,
): Promise<void> {
  const api = apiOf(app, token);
  const roster = (await api('GET', `/api/organizations/${ids.branchId}/members?limit=100`)).items as {
    id: string;
    hasVote: boolean;
  }[];
  const c: Ctx = {
    api,
    ...ids,
    members: roster.filter((m) => m.hasVote).map((m) => m.id),
    voters: roster.filter((m) => m.hasVote).map((m) => m.id),
  };

  await create(c, 0, addDays(today, -10)); // applicant, talk due within the month
  await create(c, 1, addDays(today, -45)); // applicant, talk overdue
  await toActivist(c, 2, addMonths(today, -4));
  await toDevelopmentObject(c, 3, addMonths(today, -2));
  const inPublicity = await toDevelopmentObject(c, 4, addMonths(today, -2));
  await publicize(c, inPublicity, 'admission', addDays(today, -2), false); // open: see GET /api/public/notices and /notices/:id
  const preReviewed = await toDevelopmentObject(c, 5, addMonths(today, -3));
  await publicize(c, preReviewed, 'admission', addDays(today, -30), true);
  await api('POST', `/api/candidates/${preReviewed}/pre-review`, { date: addDays(today, -20), result: 'passed' });
  const probationary = await toProbationary(c, 6, addMonths(today, -5));
  await visit(c, probationary, addMonths(today, -1));

  const branchMeetingOn = addMonths(today, -16);
  const full = await toProbationary(c, 7, branchMeetingOn);
  const end = addMonths(branchMeetingOn, 12);
  await visit(c, full, addMonths(branchMeetingOn, 6));
  await api('POST', `/api/candidates/${full}/conversion-application`, { date: end });
  await publicize(c, full, 'conversion', addDays(end, 1), true);
  await paperVote(
    c,
    { level: 'mass_assessment', purpose: 'conversion', orgId: c.branchId, meetingDate: addDays(end, 10), expected: 20 },
    { present: 18 },
    17,
    [full],
  );
  await paperVote(
    c,
    { level: 'branch_meeting', purpose: 'conversion', orgId: c.branchId, meetingDate: addDays(end, 12) },
    { memberIds: c.voters },
    c.voters.length,
    [full],
  );
  await paperVote(
    c,
    { level: 'committee', purpose: 'conversion', orgId: c.committeeId, meetingDate: addDays(end, 20), bodySize: 7 },
    { present: 7 },
    7,
    [full],
  );

  const deferred = await create(c, 8, addDays(today, -20));
  await api('POST', `/api/candidates/${deferred}/defer`, {
    date: addDays(today, -5),
    reason: '群众来信反映情况，待核实',
  });
}
