import { RulesError } from './errors';
import {
  CandidateFacts,
  Command,
  MemberFacts,
  STAGES,
  Stage,
  TERMINAL_STAGES,
  checkTransition,
  commandsFor,
} from './gates';
import { Profile, defaultProfile } from './profile';

const ASOF = '2026-06-30';

// Roster members as the service resolves them.
const A: MemberFacts = { id: 'm-a', formal: true, votingRights: true };
const B: MemberFacts = { id: 'm-b', formal: true, votingRights: true };
const C: MemberFacts = { id: 'm-c', formal: true, votingRights: true };
const D: MemberFacts = { id: 'm-d', formal: true, votingRights: true };
const P: MemberFacts = { id: 'm-p', formal: false, votingRights: false }; // probationary member
const S: MemberFacts = { id: 'm-s', formal: true, votingRights: false }; // formal, under 留党察看

// One candidate's timeline, snapshot by snapshot.
const applicant: CandidateFacts = {
  stage: 'applicant',
  deferred: false,
  openComplaints: 0,
  birthDate: '1995-06-15',
  applicationDate: '2024-01-10',
};
const talked: CandidateFacts = { ...applicant, talkDate: '2024-01-25' };
const activist: CandidateFacts = {
  ...talked,
  stage: 'activist',
  activistDate: '2024-03-01',
  cultivators: [A, B],
  assessments: ['2024-09-01', '2025-03-01'],
};
const devObj: CandidateFacts = {
  ...activist,
  stage: 'development_object',
  developmentObjectDate: '2025-03-01',
  introducers: [C, D],
  politicalReview: { date: '2025-03-20', result: 'passed' },
  trainings: [{ startDate: '2025-04-01', endDate: '2025-04-03', days: 3, hours: 24, passed: true }],
};
const published: CandidateFacts = {
  ...devObj,
  admissionPublicity: { startDate: '2025-04-10', end: '2025-04-16', passed: true },
};
const preReviewed: CandidateFacts = { ...published, preReview: { date: '2025-04-20', result: 'passed' } };
const MASS_OK = { date: '2025-04-25', passed: true };
const BRANCH_OK = { date: '2025-05-06', passed: true };
const massPassed: CandidateFacts = { ...preReviewed, votes: { admission: { mass_assessment: MASS_OK } } };
const branchPassed: CandidateFacts = {
  ...massPassed,
  votes: { admission: { mass_assessment: MASS_OK, branch_meeting: BRANCH_OK } },
};
const approvalTalked: CandidateFacts = { ...branchPassed, approvalTalkDate: '2025-05-15' };
const ADMISSION_VOTES = {
  mass_assessment: MASS_OK,
  branch_meeting: BRANCH_OK,
  committee: { date: '2025-06-10', passed: true },
};
const probationary: CandidateFacts = {
  ...approvalTalked,
  stage: 'probationary',
  votes: { admission: ADMISSION_VOTES },
  probationStart: '2025-05-06',
  probationEnd: '2026-05-06',
  oathDate: '2025-07-01',
  visits: [{ date: '2025-12-01', qualifying: true }],
  extensionsUsed: 0,
};
const applied: CandidateFacts = { ...probationary, conversionApplicationDate: '2026-05-06' };
const convPublished: CandidateFacts = {
  ...applied,
  conversionPublicity: { startDate: '2026-05-07', end: '2026-05-13', passed: true },
};
const convMass: CandidateFacts = {
  ...convPublished,
  votes: { admission: ADMISSION_VOTES, conversion: { mass_assessment: { date: '2026-05-20', passed: true } } },
};
const convVoted = (mass: boolean, branch: boolean): CandidateFacts => ({
  ...convPublished,
  votes: {
    admission: ADMISSION_VOTES,
    conversion: {
      mass_assessment: { date: '2026-05-20', passed: mass },
      branch_meeting: { date: '2026-05-25', passed: branch },
    },
  },
});

const blocked = (f: CandidateFacts): CandidateFacts => ({ ...f, deferred: true, openComplaints: 2 });

function profileWith(edit: (p: Profile) => void): Profile {
  const p = defaultProfile();
  edit(p);
  return p;
}
const planRequired = profileWith((p) => (p.plan.required = true));
const city = profileWith((p) => {
  p.publicity = { minDays: 15, maxDays: 15, defaultDays: 15 };
  p.plan.required = true;
});
const noVisitRule = profileWith((p) => (p.probation.visitRequired = false));
const twoCultivators = profileWith((p) => (p.activist.cultivators.min = 2));

type Case = [title: string, facts: CandidateFacts, command: Command, codes: string[], asOf?: string, profile?: Profile];

const seen = new Set<string>();
function codes(facts: CandidateFacts, command: Command, asOf = ASOF, profile?: Profile): string[] {
  const r = checkTransition(facts, command, asOf, profile);
  expect(r.ok).toBe(r.violations.length === 0);
  for (const v of r.violations) {
    seen.add(v.code);
    expect(v.message).toMatch(/[\u4e00-\u9fff]/); // zh-CN message
  }
  return r.violations.map((v) => v.code).sort();
}

function runCases(cases: Case[]): void {
  // Rest parameters: cases have 4 to 6 elements, and a longer parameter list would make
  // jest pass its `done` callback into the missing slots.
  it.each(cases)('%s', (...c: Case) => {
    const [, facts, command, expected, asOf, profile] = c;
    expect(codes(facts, command, asOf ?? ASOF, profile)).toEqual([...expected].sort());
  });
}

function thrown(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof RulesError) return e.code;
    throw e;
  }
  return undefined;
}

const none: CandidateFacts = { stage: null };

describe('0 create', () => {
  runCases([
    [
      'exactly 18 on the application date',
      none,
      { type: 'create', birthDate: '2006-03-15', applicationDate: '2024-03-15' },
      [],
    ],
    [
      'one day short of 18',
      none,
      { type: 'create', birthDate: '2006-03-16', applicationDate: '2024-03-15' },
      ['AGE_UNDER_MINIMUM'],
    ],
    [
      'born 29 Feb: not 18 on 27 Feb',
      none,
      { type: 'create', birthDate: '2004-02-29', applicationDate: '2022-02-27' },
      ['AGE_UNDER_MINIMUM'],
    ],
    [
      'born 29 Feb: 18 on 28 Feb of a common year (clamped year arithmetic)',
      none,
      { type: 'create', birthDate: '2004-02-29', applicationDate: '2022-02-28' },
      [],
    ],
    [
      'born 29 Feb: 18 on 1 March',
      none,
      { type: 'create', birthDate: '2004-02-29', applicationDate: '2022-03-01' },
      [],
    ],
    [
      'removed less than 5 years before (one day short)',
      none,
      {
        type: 'create',
        birthDate: '1990-01-01',
        applicationDate: '2024-05-31',
        priorRemoval: { kind: 'removed', on: '2019-06-01' },
      },
      ['REAPPLICATION_TOO_SOON'],
    ],
    [
      'removed exactly 5 years before',
      none,
      {
        type: 'create',
        birthDate: '1990-01-01',
        applicationDate: '2024-06-01',
        priorRemoval: { kind: 'removed', on: '2019-06-01' },
      },
      [],
    ],
    [
      'persuaded on 29 Feb: the ban ends 28 Feb five years on',
      none,
      {
        type: 'create',
        birthDate: '1990-01-01',
        applicationDate: '2025-02-28',
        priorRemoval: { kind: 'persuaded', on: '2020-02-29' },
      },
      [],
    ],
    [
      'persuaded on 29 Feb: 27 Feb is too soon',
      none,
      {
        type: 'create',
        birthDate: '1990-01-01',
        applicationDate: '2025-02-27',
        priorRemoval: { kind: 'persuaded', on: '2020-02-29' },
      },
      ['REAPPLICATION_TOO_SOON'],
    ],
    [
      'application date in the future',
      none,
      { type: 'create', birthDate: '1990-01-01', applicationDate: '2026-07-01' },
      ['DATE_IN_FUTURE'],
    ],
    ['application date = asOf', none, { type: 'create', birthDate: '1990-01-01', applicationDate: ASOF }, []],
    [
      'born after applying',
      none,
      { type: 'create', birthDate: '2024-03-16', applicationDate: '2024-03-15' },
      ['AGE_UNDER_MINIMUM', 'DATE_OUT_OF_ORDER'],
    ],
    [
      'several at once',
      none,
      {
        type: 'create',
        birthDate: '2010-01-01',
        applicationDate: '2026-07-01',
        priorRemoval: { kind: 'removed', on: '2024-01-01' },
      },
      ['AGE_UNDER_MINIMUM', 'DATE_IN_FUTURE', 'REAPPLICATION_TOO_SOON'],
    ],
    [
      'an existing candidate (deferral and complaints are moot)',
      blocked(applicant),
      { type: 'create', birthDate: '1990-01-01', applicationDate: '2024-01-10' },
      ['WRONG_STAGE'],
    ],
    [
      'a stricter minimum age',
      none,
      { type: 'create', birthDate: '2005-01-01', applicationDate: '2024-01-01' },
      ['AGE_UNDER_MINIMUM'],
      ASOF,
      profileWith((p) => (p.application.minAge = 20)),
    ],
  ]);
});

describe('1 talk', () => {
  runCases([
    ['within the month', applicant, { type: 'talk', date: '2024-01-25', by: '张书记' }, []],
    ['on the application day', applicant, { type: 'talk', date: '2024-01-10' }, []],
    ['late talk is allowed (A01 is raised elsewhere)', applicant, { type: 'talk', date: '2024-04-01' }, []],
    ['before the application', applicant, { type: 'talk', date: '2024-01-09' }, ['DATE_OUT_OF_ORDER']],
    ['in the future', applicant, { type: 'talk', date: '2026-07-01' }, ['DATE_IN_FUTURE']],
    ['from activist', activist, { type: 'talk', date: '2024-01-25' }, ['WRONG_STAGE']],
    ['before the candidate exists', none, { type: 'talk', date: '2024-01-25' }, ['WRONG_STAGE']],
    [
      'deferred with open complaints',
      blocked(applicant),
      { type: 'talk', date: '2024-01-25' },
      ['CANDIDATE_DEFERRED', 'OPEN_COMPLAINT'],
    ],
  ]);
});

describe('2 activist', () => {
  runCases([
    [
      'after the talk',
      talked,
      { type: 'activist', date: '2024-03-01', recommendation: 'members', committeeFiledOn: '2024-03-05' },
      [],
    ],
    ['on the talk day', talked, { type: 'activist', date: '2024-01-25' }, []],
    ['without a talk', applicant, { type: 'activist', date: '2024-03-01' }, ['TALK_MISSING']],
    ['before the talk', talked, { type: 'activist', date: '2024-01-24' }, ['DATE_OUT_OF_ORDER']],
    [
      'filed with the committee before the decision',
      talked,
      { type: 'activist', date: '2024-03-01', committeeFiledOn: '2024-02-28' },
      ['DATE_OUT_OF_ORDER'],
    ],
    [
      'filed in the future',
      talked,
      { type: 'activist', date: '2024-03-01', committeeFiledOn: '2026-07-01' },
      ['DATE_IN_FUTURE'],
    ],
    ['from activist', activist, { type: 'activist', date: '2024-03-01' }, ['WRONG_STAGE']],
    [
      'no talk, deferred, complaint',
      blocked(applicant),
      { type: 'activist', date: '2024-03-01' },
      ['CANDIDATE_DEFERRED', 'OPEN_COMPLAINT', 'TALK_MISSING'],
    ],
  ]);
});

describe('3 cultivators', () => {
  runCases([
    ['one formal member', activist, { type: 'cultivators', members: [A] }, []],
    ['two formal members', activist, { type: 'cultivators', members: [A, B] }, []],
    ['formal without voting rights is still formal', activist, { type: 'cultivators', members: [S] }, []],
    ['the same member twice counts once', activist, { type: 'cultivators', members: [A, A] }, []],
    ['none', activist, { type: 'cultivators', members: [] }, ['CULTIVATOR_COUNT']],
    ['three', activist, { type: 'cultivators', members: [A, B, C] }, ['CULTIVATOR_COUNT']],
    ['a probationary member', activist, { type: 'cultivators', members: [A, P] }, ['CULTIVATOR_NOT_FORMAL']],
    [
      'three incl. a probationary member',
      activist,
      { type: 'cultivators', members: [A, B, P] },
      ['CULTIVATOR_COUNT', 'CULTIVATOR_NOT_FORMAL'],
    ],
    ['from development object', devObj, { type: 'cultivators', members: [A] }, []],
    ['from applicant', applicant, { type: 'cultivators', members: [A] }, ['WRONG_STAGE']],
    ['from probationary', probationary, { type: 'cultivators', members: [A] }, ['WRONG_STAGE']],
    [
      'a profile requiring two',
      activist,
      { type: 'cultivators', members: [A] },
      ['CULTIVATOR_COUNT'],
      ASOF,
      twoCultivators,
    ],
  ]);
});

describe('4 assessments', () => {
  runCases([
    ['half-yearly', activist, { type: 'assessments', date: '2024-09-01', result: 'good', notes: '表现良好' }, []],
    ['on the activist day', activist, { type: 'assessments', date: '2024-03-01' }, []],
    ['before becoming an activist', activist, { type: 'assessments', date: '2024-02-29' }, ['DATE_OUT_OF_ORDER']],
    ['from development object', devObj, { type: 'assessments', date: '2025-04-01' }, []],
    ['from applicant', applicant, { type: 'assessments', date: '2024-09-01' }, ['WRONG_STAGE']],
  ]);
});

describe('5 development-object', () => {
  const leap: CandidateFacts = { ...activist, activistDate: '2024-02-29' };
  runCases([
    [
      'exactly 12 months after',
      activist,
      { type: 'development-object', date: '2025-03-01', opinionsHeard: true, committeeFiledOn: '2025-03-03' },
      [],
    ],
    ['one day short', activist, { type: 'development-object', date: '2025-02-28' }, ['ACTIVIST_PERIOD_TOO_SHORT']],
    [
      'activist on 29 Feb: 28 Feb next year is a full year',
      leap,
      { type: 'development-object', date: '2025-02-28' },
      [],
    ],
    [
      'activist on 29 Feb: 27 Feb is short',
      leap,
      { type: 'development-object', date: '2025-02-27' },
      ['ACTIVIST_PERIOD_TOO_SHORT'],
    ],
    [
      'no cultivator',
      { ...activist, cultivators: [] },
      { type: 'development-object', date: '2025-03-01' },
      ['CULTIVATOR_COUNT'],
    ],
    [
      'three cultivators',
      { ...activist, cultivators: [A, B, C] },
      { type: 'development-object', date: '2025-03-01' },
      ['CULTIVATOR_COUNT'],
    ],
    [
      'plan required, not in plan',
      activist,
      { type: 'development-object', date: '2025-03-01' },
      ['NOT_IN_PLAN'],
      ASOF,
      planRequired,
    ],
    [
      'plan required, in plan',
      { ...activist, inPlan: true },
      { type: 'development-object', date: '2025-03-01' },
      [],
      ASOF,
      planRequired,
    ],
    [
      'plan not required, not in plan',
      { ...activist, inPlan: false },
      { type: 'development-object', date: '2025-03-01' },
      [],
    ],
    [
      'before becoming an activist',
      activist,
      { type: 'development-object', date: '2024-02-01' },
      ['ACTIVIST_PERIOD_TOO_SHORT', 'DATE_OUT_OF_ORDER'],
    ],
    [
      'filed before the decision',
      activist,
      { type: 'development-object', date: '2025-03-01', committeeFiledOn: '2025-02-01' },
      ['DATE_OUT_OF_ORDER'],
    ],
    ['in the future', activist, { type: 'development-object', date: '2026-07-01' }, ['DATE_IN_FUTURE']],
    [
      'every gate at once',
      { ...blocked(activist), cultivators: [] },
      { type: 'development-object', date: '2025-01-01' },
      ['ACTIVIST_PERIOD_TOO_SHORT', 'CANDIDATE_DEFERRED', 'CULTIVATOR_COUNT', 'NOT_IN_PLAN', 'OPEN_COMPLAINT'],
      ASOF,
      planRequired,
    ],
    ['from development object', devObj, { type: 'development-object', date: '2025-03-01' }, ['WRONG_STAGE']],
    ['from applicant', applicant, { type: 'development-object', date: '2025-03-01' }, ['WRONG_STAGE']],
  ]);
});

describe('6 introducers', () => {
  runCases([
    ['two formal members with voting rights', devObj, { type: 'introducers', members: [C, D] }, []],
    ['one', devObj, { type: 'introducers', members: [C] }, ['INTRODUCER_COUNT']],
    ['three', devObj, { type: 'introducers', members: [A, C, D] }, ['INTRODUCER_COUNT']],
    ['the same member twice', devObj, { type: 'introducers', members: [C, C] }, ['INTRODUCER_COUNT']],
    ['formal but without voting rights', devObj, { type: 'introducers', members: [C, S] }, ['INTRODUCER_NOT_FORMAL']],
    ['a probationary member', devObj, { type: 'introducers', members: [C, P] }, ['INTRODUCER_NOT_FORMAL']],
    [
      'one probationary member',
      devObj,
      { type: 'introducers', members: [P] },
      ['INTRODUCER_COUNT', 'INTRODUCER_NOT_FORMAL'],
    ],
    ['from activist', activist, { type: 'introducers', members: [C, D] }, ['WRONG_STAGE']],
  ]);
});

describe('7 political-review', () => {
  runCases([
    ['passed', devObj, { type: 'political-review', date: '2025-03-20', result: 'passed', notes: '' }, []],
    [
      'a failed review is recorded, not refused',
      devObj,
      { type: 'political-review', date: '2025-03-20', result: 'failed' },
      [],
    ],
    [
      'before becoming a development object',
      devObj,
      { type: 'political-review', date: '2025-02-28', result: 'passed' },
      ['DATE_OUT_OF_ORDER'],
    ],
    ['from activist', activist, { type: 'political-review', date: '2025-03-20', result: 'passed' }, ['WRONG_STAGE']],
  ]);
});

describe('8 training', () => {
  const t = { type: 'training' as const, days: 3, hours: 24, passed: true };
  runCases([
    ['three days', devObj, { ...t, startDate: '2025-04-01', endDate: '2025-04-03' }, []],
    ['one day', devObj, { ...t, startDate: '2025-04-01', endDate: '2025-04-01' }, []],
    ['ends before it starts', devObj, { ...t, startDate: '2025-04-03', endDate: '2025-04-01' }, ['DATE_OUT_OF_ORDER']],
    [
      'before becoming a development object',
      devObj,
      { ...t, startDate: '2025-02-20', endDate: '2025-02-22' },
      ['DATE_OUT_OF_ORDER'],
    ],
    ['ends in the future', devObj, { ...t, startDate: '2026-06-29', endDate: '2026-07-01' }, ['DATE_IN_FUTURE']],
    ['from activist', activist, { ...t, startDate: '2025-04-01', endDate: '2025-04-03' }, ['WRONG_STAGE']],
  ]);
});

describe('9 publicity (admission)', () => {
  const pub = { type: 'publicity' as const, kind: 'admission' as const, startDate: '2025-04-10' };
  const tr = (days: number, hours: number, passed = true) => ({
    startDate: '2025-04-01',
    endDate: '2025-04-03',
    days,
    hours,
    passed,
  });
  runCases([
    ['all prerequisites met', devObj, pub, []],
    ['15 days', devObj, { ...pub, days: 15 }, []],
    ['6 days', devObj, { ...pub, days: 6 }, ['PUBLICITY_DAYS_OUT_OF_RANGE']],
    ['16 days', devObj, { ...pub, days: 16 }, ['PUBLICITY_DAYS_OUT_OF_RANGE']],
    ['one introducer', { ...devObj, introducers: [C] }, pub, ['INTRODUCER_COUNT']],
    ['no introducers', { ...devObj, introducers: undefined }, pub, ['INTRODUCER_COUNT']],
    [
      'political review failed',
      { ...devObj, politicalReview: { date: '2025-03-20', result: 'failed' } },
      pub,
      ['POLITICAL_REVIEW_NOT_PASSED'],
    ],
    ['no political review', { ...devObj, politicalReview: undefined }, pub, ['POLITICAL_REVIEW_NOT_PASSED']],
    ['2 days and 23 hours', { ...devObj, trainings: [tr(2, 23)] }, pub, ['TRAINING_INSUFFICIENT']],
    ['3 days, no hours recorded', { ...devObj, trainings: [tr(3, 0)] }, pub, []],
    ['24 hours in under 3 days', { ...devObj, trainings: [tr(0, 24)] }, pub, []],
    ['totals over several trainings', { ...devObj, trainings: [tr(2, 10), tr(1, 10)] }, pub, []],
    ['half days add up', { ...devObj, trainings: [tr(1.5, 12), tr(1.5, 11)] }, pub, []],
    ['a failed training does not count', { ...devObj, trainings: [tr(3, 24, false)] }, pub, ['TRAINING_INSUFFICIENT']],
    [
      'passed plus failed short of the total',
      { ...devObj, trainings: [tr(2, 16), tr(1, 8, false)] },
      pub,
      ['TRAINING_INSUFFICIENT'],
    ],
    ['no training', { ...devObj, trainings: [] }, pub, ['TRAINING_INSUFFICIENT']],
    ['starts before the training ended', devObj, { ...pub, startDate: '2025-04-02' }, ['DATE_OUT_OF_ORDER']],
    ['starts the day the training ended', devObj, { ...pub, startDate: '2025-04-03' }, []],
    [
      'starts before the political review',
      { ...devObj, trainings: [tr(3, 24)], politicalReview: { date: '2025-04-12', result: 'passed' } },
      pub,
      ['DATE_OUT_OF_ORDER'],
    ],
    ['example city: default 15 days', devObj, pub, [], ASOF, city],
    ['example city: 7 days', devObj, { ...pub, days: 7 }, ['PUBLICITY_DAYS_OUT_OF_RANGE'], ASOF, city],
    [
      'every gate at once',
      {
        ...blocked(devObj),
        introducers: [C],
        politicalReview: { date: '2025-03-20', result: 'failed' },
        trainings: [],
      },
      { ...pub, startDate: '2026-07-01', days: 20 },
      [
        'CANDIDATE_DEFERRED',
        'DATE_IN_FUTURE',
        'INTRODUCER_COUNT',
        'OPEN_COMPLAINT',
        'POLITICAL_REVIEW_NOT_PASSED',
        'PUBLICITY_DAYS_OUT_OF_RANGE',
        'TRAINING_INSUFFICIENT',
      ],
    ],
    ['admission publicity from probationary', probationary, pub, ['WRONG_STAGE']],
  ]);
});

describe('16 publicity (conversion)', () => {
  const pub = { type: 'publicity' as const, kind: 'conversion' as const, startDate: '2026-05-07' };
  runCases([
    ['application and visit recorded', applied, pub, []],
    ['no conversion application', probationary, pub, ['CONVERSION_APPLICATION_MISSING']],
    ['no visit', { ...applied, visits: [] }, pub, ['VISIT_RECORD_MISSING']],
    [
      'only a non-qualifying visit',
      { ...applied, visits: [{ date: '2025-12-01', qualifying: false }] },
      pub,
      ['VISIT_RECORD_MISSING'],
    ],
    ['no visit, visits not required by the profile', { ...applied, visits: [] }, pub, [], ASOF, noVisitRule],
    [
      'neither',
      { ...probationary, visits: undefined },
      pub,
      ['CONVERSION_APPLICATION_MISSING', 'VISIT_RECORD_MISSING'],
    ],
    ['before the application', applied, { ...pub, startDate: '2026-05-05' }, ['DATE_OUT_OF_ORDER']],
    ['conversion publicity from development object', devObj, pub, ['WRONG_STAGE']],
  ]);
});

describe('10 pre-review', () => {
  runCases([
    ['after publicity', published, { type: 'pre-review', date: '2025-04-20', result: 'passed' }, []],
    ['the day after the last day', published, { type: 'pre-review', date: '2025-04-17', result: 'passed' }, []],
    [
      'a failed pre-review is recorded, not refused',
      published,
      { type: 'pre-review', date: '2025-04-20', result: 'failed' },
      [],
    ],
    [
      'on the last day of publicity',
      published,
      { type: 'pre-review', date: '2025-04-16', result: 'passed' },
      ['DATE_OUT_OF_ORDER'],
    ],
    [
      'publicity not passed',
      { ...published, admissionPublicity: { end: '2025-04-16', passed: false } },
      { type: 'pre-review', date: '2025-04-20' },
      ['PUBLICITY_NOT_PASSED'],
    ],
    ['no publicity', devObj, { type: 'pre-review', date: '2025-04-20' }, ['PUBLICITY_NOT_PASSED']],
    [
      'publicity still running',
      published,
      { type: 'pre-review', date: '2025-04-16' },
      ['DATE_OUT_OF_ORDER', 'PUBLICITY_NOT_PASSED'],
      '2025-04-16',
    ],
    [
      'open complaint (reported once)',
      { ...published, openComplaints: 1 },
      { type: 'pre-review', date: '2025-04-20' },
      ['OPEN_COMPLAINT'],
    ],
    ['from activist', activist, { type: 'pre-review', date: '2025-04-20' }, ['WRONG_STAGE']],
    [
      'political review failed after publicity',
      { ...published, politicalReview: { date: '2025-04-18', result: 'failed' } },
      { type: 'pre-review', date: '2025-04-20', result: 'passed' },
      ['POLITICAL_REVIEW_NOT_PASSED'],
    ],
  ]);
});

describe('11 votes (admission)', () => {
  runCases([
    [
      'mass assessment after pre-review',
      preReviewed,
      { type: 'mass_assessment', purpose: 'admission', meetingDate: '2025-04-25' },
      [],
    ],
    [
      'mass assessment on the pre-review day',
      preReviewed,
      { type: 'mass_assessment', purpose: 'admission', meetingDate: '2025-04-20' },
      [],
    ],
    [
      'mass assessment without pre-review',
      published,
      { type: 'mass_assessment', purpose: 'admission', meetingDate: '2025-04-25' },
      ['PRE_REVIEW_MISSING'],
    ],
    [
      'mass assessment after a failed pre-review',
      { ...published, preReview: { date: '2025-04-20', result: 'failed' } },
      { type: 'mass_assessment', purpose: 'admission', meetingDate: '2025-04-25' },
      ['PRE_REVIEW_MISSING'],
    ],
    [
      'mass assessment before pre-review',
      preReviewed,
      { type: 'mass_assessment', purpose: 'admission', meetingDate: '2025-04-19' },
      ['DATE_OUT_OF_ORDER'],
    ],
    [
      'mass assessment in the future',
      preReviewed,
      { type: 'mass_assessment', purpose: 'admission', meetingDate: '2026-07-01' },
      ['DATE_IN_FUTURE'],
    ],
    [
      'admission vote from probationary',
      probationary,
      { type: 'mass_assessment', purpose: 'admission', meetingDate: '2025-04-25' },
      ['WRONG_STAGE'],
    ],
    ...(['mass_assessment', 'branch_meeting', 'committee'] as const).map((type): Case => [
      `${type} after a political review failed, whenever recorded`,
      { ...approvalTalked, politicalReview: { date: '2025-05-20', result: 'failed' } },
      { type, purpose: 'admission', meetingDate: '2025-06-10' },
      ['POLITICAL_REVIEW_NOT_PASSED'],
    ]),

    [
      'branch meeting after the mass assessment passed',
      massPassed,
      { type: 'branch_meeting', purpose: 'admission', meetingDate: '2025-05-06' },
      [],
    ],
    [
      'branch meeting after the mass assessment failed',
      { ...preReviewed, votes: { admission: { mass_assessment: { date: '2025-04-25', passed: false } } } },
      { type: 'branch_meeting', purpose: 'admission', meetingDate: '2025-05-06' },
      ['MASS_ASSESSMENT_NOT_PASSED'],
    ],
    [
      'branch meeting without a mass assessment',
      preReviewed,
      { type: 'branch_meeting', purpose: 'admission', meetingDate: '2025-05-06' },
      ['MASS_ASSESSMENT_NOT_PASSED'],
    ],
    [
      'branch meeting before the mass assessment',
      massPassed,
      { type: 'branch_meeting', purpose: 'admission', meetingDate: '2025-04-24' },
      ['DATE_OUT_OF_ORDER'],
    ],
    [
      'branch meeting with neither',
      published,
      { type: 'branch_meeting', purpose: 'admission', meetingDate: '2025-05-06' },
      ['MASS_ASSESSMENT_NOT_PASSED', 'PRE_REVIEW_MISSING'],
    ],

    [
      'committee after the approval talk',
      approvalTalked,
      { type: 'committee', purpose: 'admission', meetingDate: '2025-06-10' },
      [],
    ],
    [
      'committee without the approval talk',
      branchPassed,
      { type: 'committee', purpose: 'admission', meetingDate: '2025-06-10' },
      ['APPROVAL_TALK_MISSING'],
    ],
    [
      'committee after a failed branch meeting',
      {
        ...approvalTalked,
        votes: { admission: { mass_assessment: MASS_OK, branch_meeting: { date: '2025-05-06', passed: false } } },
      },
      { type: 'committee', purpose: 'admission', meetingDate: '2025-06-10' },
      ['BRANCH_MEETING_NOT_PASSED'],
    ],
    [
      'committee with neither',
      massPassed,
      { type: 'committee', purpose: 'admission', meetingDate: '2025-06-10' },
      ['APPROVAL_TALK_MISSING', 'BRANCH_MEETING_NOT_PASSED'],
    ],
    [
      'committee past 3 months is allowed (A11)',
      approvalTalked,
      { type: 'committee', purpose: 'admission', meetingDate: '2025-08-07' },
      [],
    ],
    [
      'committee exactly 6 months after',
      approvalTalked,
      { type: 'committee', purpose: 'admission', meetingDate: '2025-11-06' },
      [],
    ],
    [
      'committee 6 months and a day after',
      approvalTalked,
      { type: 'committee', purpose: 'admission', meetingDate: '2025-11-07' },
      ['APPROVAL_TOO_LATE'],
    ],
    [
      'committee before the approval talk',
      approvalTalked,
      { type: 'committee', purpose: 'admission', meetingDate: '2025-05-14' },
      ['DATE_OUT_OF_ORDER'],
    ],
  ]);

  const monthEnd: CandidateFacts = {
    ...preReviewed,
    votes: { admission: { mass_assessment: MASS_OK, branch_meeting: { date: '2025-08-31', passed: true } } },
    approvalTalkDate: '2025-09-05',
  };
  runCases([
    [
      'branch meeting 31 Aug: 28 Feb is within 6 months',
      monthEnd,
      { type: 'committee', purpose: 'admission', meetingDate: '2026-02-28' },
      [],
    ],
    [
      'branch meeting 31 Aug: 1 March is too late',
      monthEnd,
      { type: 'committee', purpose: 'admission', meetingDate: '2026-03-01' },
      ['APPROVAL_TOO_LATE'],
    ],
    [
      'a stricter profile (maxMonths 4)',
      approvalTalked,
      { type: 'committee', purpose: 'admission', meetingDate: '2025-09-07' },
      ['APPROVAL_TOO_LATE'],
      ASOF,
      profileWith((p) => (p.approval.maxMonths = 4)),
    ],
  ]);
});

describe('12 approval-talk', () => {
  runCases([
    [
      'after the branch meeting passed',
      branchPassed,
      { type: 'approval-talk', date: '2025-05-15', by: '李组织员' },
      [],
    ],
    ['on the branch meeting day', branchPassed, { type: 'approval-talk', date: '2025-05-06' }, []],
    [
      'before the branch meeting',
      massPassed,
      { type: 'approval-talk', date: '2025-05-15' },
      ['BRANCH_MEETING_NOT_PASSED'],
    ],
    [
      'after a failed branch meeting',
      {
        ...massPassed,
        votes: { admission: { mass_assessment: MASS_OK, branch_meeting: { date: '2025-05-06', passed: false } } },
      },
      { type: 'approval-talk', date: '2025-05-15' },
      ['BRANCH_MEETING_NOT_PASSED'],
    ],
    [
      'dated before the branch meeting',
      branchPassed,
      { type: 'approval-talk', date: '2025-05-05' },
      ['DATE_OUT_OF_ORDER'],
    ],
    ['from probationary', probationary, { type: 'approval-talk', date: '2025-05-15' }, ['WRONG_STAGE']],
  ]);
});

describe('13 oath, 14 visit', () => {
  runCases([
    ['oath after approval', probationary, { type: 'oath', date: '2025-07-01' }, []],
    ['oath on the approval day', probationary, { type: 'oath', date: '2025-06-10' }, []],
    ['oath before approval', probationary, { type: 'oath', date: '2025-06-09' }, ['DATE_OUT_OF_ORDER']],
    ['oath from development object', approvalTalked, { type: 'oath', date: '2025-07-01' }, ['WRONG_STAGE']],
    ['visit during probation', probationary, { type: 'visit', date: '2025-12-01' }, []],
    ['visit before probation', probationary, { type: 'visit', date: '2025-05-05' }, ['DATE_OUT_OF_ORDER']],
    ['visit in the future', probationary, { type: 'visit', date: '2026-07-01' }, ['DATE_IN_FUTURE']],
    ['visit from development object', devObj, { type: 'visit', date: '2025-12-01' }, ['WRONG_STAGE']],
  ]);
});

describe('15 conversion-application', () => {
  const leap: CandidateFacts = { ...probationary, probationStart: '2024-02-29', probationEnd: undefined };
  runCases([
    ['on the probation end', probationary, { type: 'conversion-application', date: '2026-05-06' }, []],
    ['the day before', probationary, { type: 'conversion-application', date: '2026-05-05' }, ['PROBATION_NOT_ENDED']],
    ['end computed from a 29 Feb start: 28 Feb', leap, { type: 'conversion-application', date: '2025-02-28' }, []],
    [
      'end computed from a 29 Feb start: 27 Feb',
      leap,
      { type: 'conversion-application', date: '2025-02-27' },
      ['PROBATION_NOT_ENDED'],
    ],
    [
      'extended probation',
      { ...probationary, probationEnd: '2026-11-06', extensionsUsed: 1 },
      { type: 'conversion-application', date: '2026-06-01' },
      ['PROBATION_NOT_ENDED'],
    ],
    ['from development object', devObj, { type: 'conversion-application', date: '2026-05-06' }, ['WRONG_STAGE']],
  ]);
});

describe('16 votes (conversion)', () => {
  runCases([
    [
      'mass assessment after publicity',
      convPublished,
      { type: 'mass_assessment', purpose: 'conversion', meetingDate: '2026-05-20' },
      [],
    ],
    [
      'mass assessment the day after publicity',
      convPublished,
      { type: 'mass_assessment', purpose: 'conversion', meetingDate: '2026-05-14' },
      [],
    ],
    [
      'mass assessment on the last day of publicity',
      convPublished,
      { type: 'mass_assessment', purpose: 'conversion', meetingDate: '2026-05-13' },
      ['DATE_OUT_OF_ORDER'],
    ],
    [
      'no conversion application',
      probationary,
      { type: 'mass_assessment', purpose: 'conversion', meetingDate: '2026-05-20' },
      ['CONVERSION_APPLICATION_MISSING'],
    ],
    [
      'no qualifying visit',
      { ...convPublished, visits: [] },
      { type: 'mass_assessment', purpose: 'conversion', meetingDate: '2026-05-20' },
      ['VISIT_RECORD_MISSING'],
    ],
    [
      'branch meeting after the mass assessment',
      convMass,
      { type: 'branch_meeting', purpose: 'conversion', meetingDate: '2026-05-25' },
      [],
    ],
    [
      'branch meeting is held even when the mass assessment failed (conversionDecision)',
      {
        ...convMass,
        votes: { admission: ADMISSION_VOTES, conversion: { mass_assessment: { date: '2026-05-20', passed: false } } },
      },
      { type: 'branch_meeting', purpose: 'conversion', meetingDate: '2026-05-25' },
      [],
    ],
    [
      'branch meeting before the mass assessment',
      convMass,
      { type: 'branch_meeting', purpose: 'conversion', meetingDate: '2026-05-19' },
      ['DATE_OUT_OF_ORDER'],
    ],
    [
      'committee after both passed',
      convVoted(true, true),
      { type: 'committee', purpose: 'conversion', meetingDate: '2026-06-10' },
      [],
    ],
    [
      'committee after the mass assessment failed',
      convVoted(false, true),
      { type: 'committee', purpose: 'conversion', meetingDate: '2026-06-10' },
      ['MASS_ASSESSMENT_NOT_PASSED'],
    ],
    [
      'committee after the branch meeting failed',
      convVoted(true, false),
      { type: 'committee', purpose: 'conversion', meetingDate: '2026-06-10' },
      ['BRANCH_MEETING_NOT_PASSED'],
    ],
    [
      'committee with nothing in place',
      { ...probationary, visits: [] },
      { type: 'committee', purpose: 'conversion', meetingDate: '2026-06-10' },
      [
        'BRANCH_MEETING_NOT_PASSED',
        'CONVERSION_APPLICATION_MISSING',
        'MASS_ASSESSMENT_NOT_PASSED',
        'VISIT_RECORD_MISSING',
      ],
    ],
    [
      'committee before the branch meeting',
      convVoted(true, true),
      { type: 'committee', purpose: 'conversion', meetingDate: '2026-05-24' },
      ['DATE_OUT_OF_ORDER'],
    ],
    [
      'conversion vote from development object',
      devObj,
      { type: 'branch_meeting', purpose: 'conversion', meetingDate: '2026-05-25' },
      ['WRONG_STAGE'],
    ],
  ]);
});

describe('17 extension', () => {
  runCases([
    ['6 months', probationary, { type: 'extension', date: '2026-05-30', months: 6 }, []],
    ['12 months', probationary, { type: 'extension', date: '2026-05-30', months: 12 }, []],
    ['5 months', probationary, { type: 'extension', date: '2026-05-30', months: 5 }, ['EXTENSION_OUT_OF_RANGE']],
    ['13 months', probationary, { type: 'extension', date: '2026-05-30', months: 13 }, ['EXTENSION_OUT_OF_RANGE']],
    ['6.5 months', probationary, { type: 'extension', date: '2026-05-30', months: 6.5 }, ['EXTENSION_OUT_OF_RANGE']],
    [
      'a second extension',
      { ...probationary, extensionsUsed: 1 },
      { type: 'extension', date: '2026-05-30', months: 6 },
      ['EXTENSION_ALREADY_USED'],
    ],
    [
      'a second, too long',
      { ...probationary, extensionsUsed: 1 },
      { type: 'extension', date: '2026-05-30', months: 13 },
      ['EXTENSION_ALREADY_USED', 'EXTENSION_OUT_OF_RANGE'],
    ],
    ['before probation', probationary, { type: 'extension', date: '2025-05-01', months: 6 }, ['DATE_OUT_OF_ORDER']],
    [
      'deferred: an extension is not a step forward, so it may be decided',
      { ...probationary, deferred: true },
      { type: 'extension', date: '2026-05-30', months: 6 },
      [],
    ],
    [
      'deferred: the half-yearly assessment goes on',
      {
        stage: 'activist',
        deferred: true,
        applicationDate: '2024-01-10',
        talkDate: '2024-01-20',
        activistDate: '2024-03-01',
      },
      { type: 'assessments', date: '2024-09-01' },
      [],
    ],
    [
      'open complaint: the probationary member is still visited',
      { ...probationary, openComplaints: 1 },
      { type: 'visit', date: '2026-05-30' },
      [],
    ],
    ['from development object', devObj, { type: 'extension', date: '2026-05-30', months: 6 }, ['WRONG_STAGE']],
    [
      'a profile allowing none',
      probationary,
      { type: 'extension', date: '2026-05-30', months: 6 },
      ['EXTENSION_ALREADY_USED'],
      ASOF,
      profileWith((p) => (p.probation.extension.maxTimes = 0)),
    ],
  ]);
});

describe('18–21 cancel, reject, withdraw, defer, resume', () => {
  const deferredDevObj: CandidateFacts = { ...devObj, deferred: true, deferredOn: '2025-03-10' };
  runCases([
    ['cancel from probationary', probationary, { type: 'cancel', date: '2026-06-01', reason: '不具备党员条件' }, []],
    ['cancel while deferred with complaints', blocked(probationary), { type: 'cancel', date: '2026-06-01' }, []],
    ['cancel before probation', probationary, { type: 'cancel', date: '2025-05-01' }, ['DATE_OUT_OF_ORDER']],
    ['cancel from activist', activist, { type: 'cancel', date: '2026-06-01' }, ['WRONG_STAGE']],
    ['reject an applicant', applicant, { type: 'reject', date: '2024-02-01', reason: '不符合条件' }, []],
    ['reject an activist', activist, { type: 'reject', date: '2025-01-01' }, []],
    [
      'reject a development object with open complaints while deferred',
      blocked(devObj),
      { type: 'reject', date: '2025-05-01' },
      [],
    ],
    ['reject before the application', applicant, { type: 'reject', date: '2024-01-09' }, ['DATE_OUT_OF_ORDER']],
    ['reject a probationary member', probationary, { type: 'reject', date: '2026-06-01' }, ['WRONG_STAGE']],
    ['withdraw an applicant', applicant, { type: 'withdraw', date: '2024-02-01' }, []],
    ['withdraw an activist', activist, { type: 'withdraw', date: '2025-01-01' }, []],
    ['withdraw a development object', blocked(devObj), { type: 'withdraw', date: '2025-05-01' }, []],
    ['withdraw a probationary member', probationary, { type: 'withdraw', date: '2026-06-01' }, []],
    ['withdraw in the future', applicant, { type: 'withdraw', date: '2026-07-01' }, ['DATE_IN_FUTURE']],
    ['defer', devObj, { type: 'defer', date: '2025-04-01', reason: '举报核实中' }, []],
    ['defer with an open complaint', { ...devObj, openComplaints: 1 }, { type: 'defer', date: '2025-04-01' }, []],
    ['defer when already deferred', deferredDevObj, { type: 'defer', date: '2025-04-01' }, ['ALREADY_DEFERRED']],
    ['resume', deferredDevObj, { type: 'resume', date: '2025-04-01' }, []],
    [
      'resume with an open complaint',
      { ...deferredDevObj, openComplaints: 1 },
      { type: 'resume', date: '2025-04-01' },
      [],
    ],
    ['resume when not deferred', devObj, { type: 'resume', date: '2025-04-01' }, ['NOT_DEFERRED']],
    ['resume before the deferral', deferredDevObj, { type: 'resume', date: '2025-03-09' }, ['DATE_OUT_OF_ORDER']],
    ['resume before the candidate exists', none, { type: 'resume', date: '2025-03-09' }, ['WRONG_STAGE']],
  ]);
});

describe('terminal stages: CANDIDATE_CLOSED for any command', () => {
  const commands: Command[] = [
    { type: 'talk', date: '2024-01-25' },
    { type: 'withdraw', date: '2026-01-01' },
    { type: 'resume', date: '2026-01-01' },
    { type: 'defer', date: '2026-01-01' },
    { type: 'cancel', date: '2026-01-01' },
    { type: 'committee', purpose: 'conversion', meetingDate: '2026-07-01' },
    { type: 'create', birthDate: '1990-01-01', applicationDate: '2026-01-01' },
  ];
  const cases: [Stage, Command][] = TERMINAL_STAGES.flatMap((s) => commands.map((c): [Stage, Command] => [s, c]));
  it.each(cases)('%s: %j', (stage, command) => {
    expect(codes({ ...blocked(probationary), stage }, command)).toEqual(['CANDIDATE_CLOSED']);
  });
});

describe('invalid input throws RulesError', () => {
  /** What is wrong, the facts, the command, the date it is checked on, and the code it throws. */
  const row = (title: string, facts: unknown, command: unknown, asOf: string, error: string) => ({
    title,
    facts,
    command,
    asOf,
    error,
  });
  const talk = { type: 'talk', date: '2024-01-25' };
  it.each([
    row('unknown command', applicant, { type: 'promote', date: '2024-01-25' }, ASOF, 'UNKNOWN_COMMAND'),
    row('inherited property as command', applicant, { type: 'toString', date: '2024-01-25' }, ASOF, 'UNKNOWN_COMMAND'),
    row('malformed asOf', applicant, talk, '2026-02-30', 'INVALID_DATE'),
    row('malformed command date', applicant, { type: 'talk', date: '2024/01/25' }, ASOF, 'INVALID_DATE'),
    row('malformed fact date', { ...applicant, applicationDate: '2024-13-01' }, talk, ASOF, 'INVALID_DATE'),
    row('missing command date', applicant, { type: 'talk' }, ASOF, 'INVALID_COMMAND'),
    row(
      'unknown publicity kind',
      devObj,
      { type: 'publicity', kind: 'final', startDate: '2025-04-10' },
      ASOF,
      'INVALID_COMMAND',
    ),
    row(
      'unknown vote purpose',
      devObj,
      { type: 'committee', purpose: 'plan', meetingDate: '2025-04-10' },
      ASOF,
      'INVALID_COMMAND',
    ),
    row(
      'negative training days',
      devObj,
      { type: 'training', startDate: '2025-04-01', endDate: '2025-04-03', days: -1, hours: 24, passed: true },
      ASOF,
      'INVALID_COUNT',
    ),
    row('negative open complaints', { ...applicant, openComplaints: -1 }, talk, ASOF, 'INVALID_COUNT'),
    row('unknown stage', { ...applicant, stage: 'member' }, talk, ASOF, 'INVALID_COMMAND'),
  ])('$title → $error', ({ facts, command, asOf, error }) => {
    expect(thrown(() => checkTransition(facts as CandidateFacts, command as Command, asOf))).toBe(error);
  });
});

describe('commandsFor and stages', () => {
  it('lists the stages', () => {
    expect(STAGES).toEqual([
      'applicant',
      'activist',
      'development_object',
      'probationary',
      'full_member',
      'rejected',
      'cancelled',
      'withdrawn',
      'transferred',
    ]);
    expect(TERMINAL_STAGES).toEqual(['full_member', 'rejected', 'cancelled', 'withdrawn', 'transferred']);
  });

  it.each<{ stage: Stage | null; commands: string[] }>([
    { stage: null, commands: ['create'] },
    { stage: 'applicant', commands: ['talk', 'activist', 'reject', 'withdraw', 'defer', 'resume'] },
    {
      stage: 'activist',
      commands: ['cultivators', 'assessments', 'development-object', 'reject', 'withdraw', 'defer', 'resume'],
    },
    {
      stage: 'development_object',
      commands: [
        'cultivators',
        'assessments',
        'introducers',
        'political-review',
        'training',
        'publicity',
        'pre-review',
        'mass_assessment',
        'branch_meeting',
        'committee',
        'approval-talk',
        'reject',
        'withdraw',
        'defer',
        'resume',
      ],
    },
    {
      stage: 'probationary',
      commands: [
        'publicity',
        'mass_assessment',
        'branch_meeting',
        'committee',
        'oath',
        'visit',
        'conversion-application',
        'extension',
        'cancel',
        'withdraw',
        'defer',
        'resume',
      ],
    },
    { stage: 'full_member', commands: [] },
    { stage: 'rejected', commands: [] },
    { stage: 'cancelled', commands: [] },
    { stage: 'withdrawn', commands: [] },
    { stage: 'transferred', commands: [] },
  ])('$stage → $commands', ({ stage, commands }) => {
    expect(commandsFor(stage)).toEqual(commands);
  });
});

describe('coverage of the gate codes', () => {
  it('every code of SPEC §5 and §7.4 was produced by some case above', () => {
    const all = [
      'AGE_UNDER_MINIMUM',
      'REAPPLICATION_TOO_SOON',
      'TALK_MISSING',
      'CULTIVATOR_COUNT',
      'CULTIVATOR_NOT_FORMAL',
      'ACTIVIST_PERIOD_TOO_SHORT',
      'NOT_IN_PLAN',
      'INTRODUCER_COUNT',
      'INTRODUCER_NOT_FORMAL',
      'POLITICAL_REVIEW_NOT_PASSED',
      'TRAINING_INSUFFICIENT',
      'PUBLICITY_NOT_PASSED',
      'PUBLICITY_DAYS_OUT_OF_RANGE',
      'OPEN_COMPLAINT',
      'PRE_REVIEW_MISSING',
      'MASS_ASSESSMENT_NOT_PASSED',
      'BRANCH_MEETING_NOT_PASSED',
      'APPROVAL_TALK_MISSING',
      'APPROVAL_TOO_LATE',
      'PROBATION_NOT_ENDED',
      'CONVERSION_APPLICATION_MISSING',
      'VISIT_RECORD_MISSING',
      'EXTENSION_OUT_OF_RANGE',
      'EXTENSION_ALREADY_USED',
      'CANDIDATE_CLOSED',
      'CANDIDATE_DEFERRED',
      'WRONG_STAGE',
      'DATE_IN_FUTURE',
      'DATE_OUT_OF_ORDER',
      'ALREADY_DEFERRED',
      'NOT_DEFERRED',
    ];
    expect([...seen].sort()).toEqual([...all].sort());
  });
});
