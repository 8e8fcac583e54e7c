import { readFileSync } from 'fs';
import { join } from 'path';
import { RulesError } from './errors';
import { Profile, defaultProfile, parseProfile } from './profile';

const readJson = (name: string): unknown =>
  JSON.parse(readFileSync(join(__dirname, '..', '..', 'config', 'rules', name), 'utf8')) as unknown;

function problemsOf(json: unknown): string[] {
  try {
    parseProfile(json);
  } catch (e) {
    if (e instanceof RulesError && e.code === 'PROFILE_INVALID') return e.details;
    throw e;
  }
  return [];
}

/** Sets `path` (dotted) to `value` on a fresh default profile. */
function withField(path: string, value: unknown): Record<string, unknown> {
  const p = defaultProfile() as unknown as Record<string, unknown>;
  const keys = path.split('.');
  let cur = p;
  for (const k of keys.slice(0, -1)) cur = cur[k] as Record<string, unknown>;
  cur[keys[keys.length - 1]] = value;
  return p;
}

describe('defaultProfile (SPEC §4.1 table)', () => {
  it('holds the national floor and the seed-004 practices', () => {
    const p = defaultProfile();
    expect(p).toMatchObject({
      id: 'default',
      timeZone: 'Asia/Shanghai',
      application: { minAge: 18, talkWithinMonths: 1, reapplyBanYears: 5 },
      activist: { minMonths: 12, assessmentEveryMonths: 6, cultivators: { min: 1, max: 2 } },
      developmentObject: { introducers: 2, training: { minDays: 3, minHours: 24 } },
      publicity: { minDays: 7, maxDays: 15, defaultDays: 7 },
      complaints: { verifyWithinDays: 7 },
      votes: {
        massAssessment: {
          admission: { num: 1, den: 2, inclusive: true },
          conversion: { num: 1, den: 2, inclusive: true },
        },
        branchMeeting: { quorum: { num: 1, den: 2, inclusive: false }, approval: { num: 1, den: 2, inclusive: false } },
        committee: { approval: { num: 2, den: 3, inclusive: true } },
      },
      approval: { withinMonths: 3, maxMonths: 6 },
      probation: { months: 12, extension: { minMonths: 6, maxMonths: 12, maxTimes: 1 }, visitRequired: true },
      plan: { required: false },
      threeNo: { months: 6 },
      disposal: { rectifyMonths: 6 },
    });
    expect(typeof p.version).toBe('string');
    expect(p.evaluation).toBeDefined();
  });

  it('returns a fresh copy every time', () => {
    const a = defaultProfile();
    a.publicity.defaultDays = 15;
    a.votes.committee.approval.num = 3;
    const b = defaultProfile();
    expect(b.publicity.defaultDays).toBe(7);
    expect(b.votes.committee.approval.num).toBe(2);
  });
});

describe('config/rules/*.json', () => {
  it('default.json is the default profile written out in full', () => {
    const json = readJson('default.json');
    expect(json).toEqual(defaultProfile());
    expect(parseProfile(json)).toEqual(defaultProfile());
  });

  it('example-city.json: publicity fixed at 15 days, plan required, everything else the default', () => {
    const city = parseProfile(readJson('example-city.json'));
    const expected: Profile = {
      ...defaultProfile(),
      id: 'example-city',
      name: city.name,
      version: city.version,
      publicity: { minDays: 15, maxDays: 15, defaultDays: 15 },
      plan: { required: true },
    };
    expect(city).toEqual(expected);
  });
});

describe('parseProfile fills omitted fields from the default', () => {
  it('an empty object is the default', () => {
    expect(parseProfile({})).toEqual(defaultProfile());
  });

  it('fills at every depth', () => {
    const p = parseProfile({ id: 'x', publicity: { defaultDays: 10 }, probation: { extension: { maxMonths: 9 } } });
    expect(p.id).toBe('x');
    expect(p.publicity).toEqual({ minDays: 7, maxDays: 15, defaultDays: 10 });
    expect(p.probation).toEqual({
      months: 12,
      extension: { minMonths: 6, maxMonths: 9, maxTimes: 1 },
      visitRequired: true,
    });
    expect(p.votes).toEqual(defaultProfile().votes);
  });

  it('does not alias the input', () => {
    const input = { publicity: { minDays: 10, maxDays: 15, defaultDays: 10 } };
    const p = parseProfile(input);
    p.publicity.minDays = 12;
    expect(input.publicity.minDays).toBe(10);
  });

  it.each`
    path                                 | value
    ${'votes.branchMeeting.quorum'}      | ${{ num: 2, den: 3, inclusive: true }}
    ${'votes.branchMeeting.quorum'}      | ${{ num: 2, den: 4, inclusive: false }}
    ${'votes.branchMeeting.approval'}    | ${{ num: 1, den: 2, inclusive: false }}
    ${'votes.branchMeeting.approval'}    | ${{ num: 501, den: 1000, inclusive: true }}
    ${'votes.branchMeeting.approval'}    | ${{ num: 2, den: 3, inclusive: true }}
    ${'votes.committee.approval'}        | ${{ num: 2, den: 3, inclusive: false }}
    ${'votes.committee.approval'}        | ${{ num: 4, den: 6, inclusive: true }}
    ${'votes.committee.approval'}        | ${{ num: 3, den: 4, inclusive: true }}
    ${'votes.massAssessment.admission'}  | ${{ num: 1, den: 2, inclusive: false }}
    ${'votes.massAssessment.conversion'} | ${{ num: 3, den: 5, inclusive: true }}
    ${'publicity'}                       | ${{ minDays: 15, maxDays: 15, defaultDays: 15 }}
    ${'publicity'}                       | ${{ minDays: 7, maxDays: 7, defaultDays: 7 }}
    ${'publicity'}                       | ${{ minDays: 10, maxDays: 12, defaultDays: 11 }}
    ${'activist.minMonths'}              | ${18}
    ${'activist.assessmentEveryMonths'}  | ${3}
    ${'activist.cultivators'}            | ${{ min: 2, max: 2 }}
    ${'developmentObject.training'}      | ${{ minDays: 5, minHours: 40 }}
    ${'complaints.verifyWithinDays'}     | ${5}
    ${'complaints.verifyWithinDays'}     | ${1}
    ${'approval'}                        | ${{ withinMonths: 2, maxMonths: 4 }}
    ${'approval'}                        | ${{ withinMonths: 3, maxMonths: 3 }}
    ${'probation.extension'}             | ${{ minMonths: 6, maxMonths: 9, maxTimes: 0 }}
    ${'probation.extension'}             | ${{ minMonths: 12, maxMonths: 12, maxTimes: 1 }}
    ${'probation.visitRequired'}         | ${false}
    ${'plan.required'}                   | ${true}
    ${'application.minAge'}              | ${20}
    ${'application.reapplyBanYears'}     | ${10}
    ${'timeZone'}                        | ${'Asia/Urumqi'}
  `('accepts a tightening: $path = $value', ({ path, value }) => {
    expect(problemsOf(withField(path, value))).toEqual([]);
  });
});

describe('parseProfile never loosens the national floor', () => {
  it.each`
    path                                     | value
    ${'publicity.minDays'}                   | ${6}
    ${'publicity.maxDays'}                   | ${16}
    ${'publicity.defaultDays'}               | ${6}
    ${'publicity.defaultDays'}               | ${16}
    ${'votes.branchMeeting.quorum'}          | ${{ num: 1, den: 2, inclusive: true }}
    ${'votes.branchMeeting.quorum'}          | ${{ num: 2, den: 4, inclusive: true }}
    ${'votes.branchMeeting.quorum'}          | ${{ num: 499, den: 1000, inclusive: false }}
    ${'votes.branchMeeting.approval'}        | ${{ num: 1, den: 2, inclusive: true }}
    ${'votes.branchMeeting.approval'}        | ${{ num: 2, den: 5, inclusive: false }}
    ${'votes.committee.approval'}            | ${{ num: 3, den: 5, inclusive: true }}
    ${'votes.committee.approval'}            | ${{ num: 665, den: 1000, inclusive: false }}
    ${'votes.committee.approval'}            | ${{ num: 1, den: 2, inclusive: false }}
    ${'votes.massAssessment.admission'}      | ${{ num: 1, den: 3, inclusive: true }}
    ${'votes.massAssessment.conversion'}     | ${{ num: 49, den: 100, inclusive: false }}
    ${'activist.minMonths'}                  | ${11}
    ${'activist.assessmentEveryMonths'}      | ${7}
    ${'activist.assessmentEveryMonths'}      | ${0}
    ${'activist.cultivators.min'}            | ${0}
    ${'activist.cultivators.max'}            | ${3}
    ${'developmentObject.introducers'}       | ${1}
    ${'developmentObject.introducers'}       | ${3}
    ${'developmentObject.training.minDays'}  | ${2}
    ${'developmentObject.training.minHours'} | ${23}
    ${'complaints.verifyWithinDays'}         | ${8}
    ${'complaints.verifyWithinDays'}         | ${0}
    ${'approval.withinMonths'}               | ${4}
    ${'approval.maxMonths'}                  | ${7}
    ${'probation.months'}                    | ${11}
    ${'probation.months'}                    | ${13}
    ${'probation.extension.minMonths'}       | ${5}
    ${'probation.extension.maxMonths'}       | ${13}
    ${'probation.extension.maxTimes'}        | ${2}
    ${'application.minAge'}                  | ${17}
    ${'application.talkWithinMonths'}        | ${2}
    ${'application.talkWithinMonths'}        | ${0}
    ${'application.reapplyBanYears'}         | ${4}
  `('rejects $path = $value', ({ path, value }) => {
    const problems = problemsOf(withField(path, value));
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.join('\n')).toContain(path.split('.').slice(0, 3).join('.'));
  });

  it.each`
    path                      | value                                            | why
    ${'publicity'}            | ${{ minDays: 10, maxDays: 15, defaultDays: 8 }}  | ${'default below min'}
    ${'publicity'}            | ${{ minDays: 7, maxDays: 10, defaultDays: 12 }}  | ${'default above max'}
    ${'publicity'}            | ${{ minDays: 12, maxDays: 10, defaultDays: 11 }} | ${'min above max'}
    ${'approval'}             | ${{ withinMonths: 3, maxMonths: 2 }}             | ${'within above max'}
    ${'probation.extension'}  | ${{ minMonths: 10, maxMonths: 8, maxTimes: 1 }}  | ${'min above max'}
    ${'activist.cultivators'} | ${{ min: 2, max: 1 }}                            | ${'min above max'}
  `('rejects an inconsistent range: $path ($why)', ({ path, value }) => {
    expect(problemsOf(withField(path, value)).length).toBeGreaterThan(0);
  });
});

describe('parseProfile validates shape', () => {
  it.each`
    json                                                          | fragment
    ${{ extra: 1 }}                                               | ${'extra'}
    ${{ publicity: { minDays: 7, days: 10 } }}                    | ${'publicity.days'}
    ${{
      votes: { committee: { approval: { num: 2, den: 3, inclusive: true, x: 1 } } },
    }} | ${'votes.committee.approval.x'}
    ${{ publicity: { minDays: '7' } }}                            | ${'publicity.minDays'}
    ${{ publicity: { minDays: 7.5 } }}                            | ${'publicity.minDays'}
    ${{ publicity: { minDays: null } }}                           | ${'publicity.minDays'}
    ${{ publicity: 7 }}                                           | ${'publicity'}
    ${{ plan: { required: 'yes' } }}                              | ${'plan.required'}
    ${{ id: '' }}                                                 | ${'id'}
    ${{ version: 2 }}                                             | ${'version'}
    ${{ timeZone: 'Mars/Olympus_Mons' }}                          | ${'timeZone'}
    ${{ votes: { committee: { approval: { num: 3, den: 4 } } } }} | ${'votes.committee.approval.inclusive'}
    ${{
      votes: { committee: { approval: { num: 3, den: 0, inclusive: true } } },
    }} | ${'votes.committee.approval'}
    ${{
      votes: { committee: { approval: { num: 4, den: 3, inclusive: true } } },
    }} | ${'votes.committee.approval'}
    ${{
      votes: { branchMeeting: { quorum: { num: -1, den: 2, inclusive: true } } },
    }} | ${'votes.branchMeeting.quorum.num'}
    ${{ threeNo: { months: 12 } }}                                | ${'threeNo'}
    ${JSON.parse('{"__proto__": {"polluted": true}}')}            | ${'__proto__'}
    ${{ publicity: { toString: 7 } }}                             | ${'publicity.toString'}
  `('reports $fragment', ({ json, fragment }) => {
    const problems = problemsOf(json);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.join('\n')).toContain(fragment);
  });

  it.each([null, [], 'default', 42, undefined])('a non-object (%p) is PROFILE_INVALID', (json) => {
    expect(problemsOf(json).length).toBe(1);
  });

  it('lists every problem, not just the first, with Chinese messages', () => {
    let error: unknown;
    try {
      parseProfile({
        unknownField: true,
        publicity: { minDays: 5, maxDays: 20 },
        votes: { committee: { approval: { num: 1, den: 2, inclusive: true } } },
        activist: { minMonths: 6 },
        probation: { months: 6 },
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RulesError);
    const e = error as RulesError;
    expect(e.code).toBe('PROFILE_INVALID');
    for (const path of [
      'unknownField',
      'publicity.minDays',
      'publicity.maxDays',
      'votes.committee.approval',
      'activist.minMonths',
      'probation.months',
    ]) {
      expect(e.details.some((d) => d.startsWith(path))).toBe(true);
    }
    expect(e.details.length).toBeGreaterThanOrEqual(6);
    expect(e.message).toMatch(/规则配置无效/);
    for (const d of e.details) expect(d).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('parseProfile: a default that depends on a tightened field follows it', () => {
  it('publicity fixed at 15 days without defaultDays parses with default 15', () => {
    expect(parseProfile({ publicity: { minDays: 15, maxDays: 15 } }).publicity).toEqual({
      minDays: 15,
      maxDays: 15,
      defaultDays: 15,
    });
    expect(parseProfile({ publicity: { minDays: 10 } }).publicity).toEqual({
      minDays: 10,
      maxDays: 15,
      defaultDays: 10,
    });
  });

  it('a 2-month approval limit brings the approval deadline to 2 months', () => {
    expect(parseProfile({ approval: { maxMonths: 2 } }).approval).toEqual({ withinMonths: 2, maxMonths: 2 });
  });

  it('a value the profile gives itself is kept, and still checked', () => {
    expect(() => parseProfile({ publicity: { minDays: 15, maxDays: 15, defaultDays: 7 } })).toThrow(RulesError);
    expect(() => parseProfile({ approval: { withinMonths: 3, maxMonths: 2 } })).toThrow(RulesError);
  });
});
