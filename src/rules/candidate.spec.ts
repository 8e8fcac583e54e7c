import {
  CandidateCommand,
  CandidateEvent,
  CandidateState,
  DecideContext,
  EventBody,
  decide,
  effectsOf,
  evolve,
  recheck,
  replay,
} from './candidate';

const NO_CONTEXT: DecideContext = { members: new Map(), plannedYears: new Set() };
const TODAY = '2026-11-21';
const formal = (id: string) => ({ id, formal: true, votingRights: true });
const WITH_MEMBERS: DecideContext = {
  members: new Map(['m1', 'm2', 'm3'].map((id) => [id, formal(id)])),
  plannedYears: new Set(),
};

/** Decides and folds a list of commands from nothing, as the writer does; throws on a refusal. */
function walk(
  commands: CandidateCommand[],
  context = WITH_MEMBERS,
): { state: CandidateState; events: CandidateEvent[] } {
  let state: CandidateState | null = null;
  const events: CandidateEvent[] = [];
  for (const command of commands) {
    const d = decide(state, command, TODAY, undefined, { ...context, history: events });
    if (!d.ok) throw new Error(`${command.type}: ${d.violations.map((v) => v.code).join(', ')}`);
    for (const body of d.events) {
      const event = {
        ...body,
        candidateId: 'c1',
        seq: events.length + 1,
        recordedAt: `t${events.length + 1}`,
        profileStamp: 'default@1',
      } as CandidateEvent;
      events.push(event);
      state = evolve(state, event);
    }
  }
  return { state: state!, events };
}

const CREATE: CandidateCommand = {
  type: 'create',
  id: 'c1',
  data: {
    orgId: 'b1',
    orgPath: '/d/c/b1/',
    name: '李明',
    gender: 'male',
    birthDate: '1995-05-01',
    applicationDate: '2024-03-01',
  },
};
const TO_DEVELOPMENT_OBJECT: CandidateCommand[] = [
  CREATE,
  { type: 'talk', data: { date: '2024-03-15', by: '书记' } },
  { type: 'activist', data: { date: '2024-04-10' } },
  { type: 'cultivators', data: { memberIds: ['m1', 'm2'] } },
  { type: 'development-object', data: { date: '2025-04-10' } },
  { type: 'introducers', data: { memberIds: ['m1', 'm3'] } },
  { type: 'political-review', data: { date: '2025-05-01', result: 'passed' } },
  { type: 'training', data: { startDate: '2025-05-10', endDate: '2025-05-12', days: 3, hours: 24, passed: true } },
  {
    type: 'publicity',
    data: { noticeId: 'n1', kind: 'admission', orgId: 'b1', startDate: '2025-06-01', end: '2025-06-07', days: 7 },
  },
  { type: 'pre-review', data: { date: '2025-06-10', result: 'passed' } },
];
const vote = (
  level: 'mass_assessment' | 'branch_meeting' | 'committee',
  date: string,
  passed = true,
  purpose: 'admission' | 'conversion' = 'admission',
): CandidateCommand => ({
  type: 'vote',
  meetingDate: date,
  outcome: {
    passed,
    quorumMet: true,
    base: 5,
    required: 3,
    approve: passed ? 5 : 1,
    reason: passed ? 'PASSED' : 'INSUFFICIENT_APPROVAL',
  },
  data: {
    voteId: 'v1',
    orgId: 'b1',
    level,
    purpose,
    approve: passed ? 5 : 1,
    reject: 0,
    abstain: 0,
    invalid: 0,
    required: 3,
    passed,
    reason: '',
  },
});

describe('decide: the events a command produces, or every violation', () => {
  it('creates an applicant, or refuses with the gates’ violations and no event', () => {
    expect(walk([CREATE]).state).toMatchObject({
      stage: 'applicant',
      name: '李明',
      orgId: 'b1',
      version: 1,
      createdAt: 't1',
    });
    const young = decide(
      null,
      { ...CREATE, data: { ...CREATE.data, birthDate: '2010-01-01' } } as CandidateCommand,
      TODAY,
      undefined,
      NO_CONTEXT,
    );
    expect(young).toEqual({ ok: false, violations: [expect.objectContaining({ code: 'AGE_UNDER_MINIMUM' })] });
  });

  it.each<[string, CandidateCommand, string[]]>([
    ['activist before a talk', { type: 'activist', data: { date: '2024-04-10' } }, ['TALK_MISSING']],
    ['a date in the future', { type: 'talk', data: { date: '2027-01-01' } }, ['DATE_IN_FUTURE']],
    ['an introducer step too early', { type: 'introducers', data: { memberIds: ['m1', 'm3'] } }, ['WRONG_STAGE']],
  ])('refuses %s', (_, command, expected) => {
    const { state } = walk([CREATE]);
    const d = decide(state, command, TODAY, undefined, WITH_MEMBERS);
    expect(d.ok ? [] : d.violations.map((v) => v.code).sort()).toEqual(expected);
  });

  it('refuses a second publicity while one is running (PUBLICITY_IN_PROGRESS)', () => {
    const { state } = walk(TO_DEVELOPMENT_OBJECT.slice(0, 9));
    const d = decide(
      state,
      {
        type: 'publicity',
        data: { noticeId: 'n2', kind: 'admission', orgId: 'b1', startDate: '2025-06-03', end: '2025-06-09', days: 7 },
      },
      '2025-06-05',
      undefined,
      WITH_MEMBERS,
    );
    expect(d.ok ? [] : d.violations.map((v) => v.code)).toEqual(['PUBLICITY_IN_PROGRESS']);
  });

  it.each<[string, 'proceed' | 'defer' | 'reject' | 'transfer', boolean, string]>([
    ['an unfounded complaint on a candidate not deferred', 'proceed', false, 'complaint-verified'],
    ['an unfounded complaint lifting its own deferral', 'proceed', true, 'resume'],
    ['a deferring finding', 'defer', false, 'defer'],
    ['a founded finding', 'reject', false, 'reject'],
    ['a finding handed to the authorities', 'transfer', false, 'transfer'],
  ])('records %s as one event', (_, outcome, held, type) => {
    let { state } = walk([CREATE, { type: 'complaint-filed', data: { complaintId: 'k1', receivedOn: '2024-04-01' } }]);
    if (held) state = { ...state, deferred: true };
    const finding =
      outcome === 'proceed'
        ? 'unfounded'
        : outcome === 'defer'
          ? 'unclear'
          : outcome === 'reject'
            ? 'founded_serious'
            : 'founded_grave';
    const d = decide(
      state,
      {
        type: 'complaint-verified',
        holdsDeferral: held,
        data: { complaintId: 'k1', finding, outcome, verifiedOn: '2024-04-05' },
      },
      TODAY,
      undefined,
      NO_CONTEXT,
    );
    expect(d.ok && d.events.map((e) => e.type)).toEqual([type]);
  });
});

describe('evolve: what each event does to the state', () => {
  it('walks to a development object with its record', () => {
    const { state } = walk(TO_DEVELOPMENT_OBJECT);
    expect(state).toMatchObject({
      stage: 'development_object',
      version: 10,
      record: {
        talkDate: '2024-03-15',
        activistDate: '2024-04-10',
        cultivatorIds: ['m1', 'm2'],
        introducerIds: ['m1', 'm3'],
        preReview: { date: '2025-06-10', result: 'passed' },
      },
    });
  });

  it('sends a candidate back to activist when pre-review fails, clearing the admission round', () => {
    const { state } = walk([
      ...TO_DEVELOPMENT_OBJECT.slice(0, -1),
      { type: 'pre-review', data: { date: '2025-06-10', result: 'failed' } },
    ]);
    expect(state.stage).toBe('activist');
    expect(state.record.admissionPublicity).toBeUndefined();
    expect(state.record.developmentObjectDate).toBeUndefined();
    expect(state.record.introducerIds).toEqual(['m1', 'm3']);
  });

  it('admits at the committee, dating probation from the branch meeting, and converts', () => {
    const admitted = walk([
      ...TO_DEVELOPMENT_OBJECT,
      vote('mass_assessment', '2025-06-15'),
      vote('branch_meeting', '2025-06-20'),
      { type: 'approval-talk', data: { date: '2025-06-25' } },
      vote('committee', '2025-07-10'),
    ]).state;
    expect(admitted).toMatchObject({
      stage: 'probationary',
      record: { probationStart: '2025-06-20', probationEnd: '2026-06-20' },
    });
  });

  it('counts complaints open and closed, defers and resumes', () => {
    const { state } = walk([
      CREATE,
      { type: 'complaint-filed', data: { complaintId: 'k1', receivedOn: '2024-04-01' } },
      { type: 'complaint-filed', data: { complaintId: 'k2', receivedOn: '2024-04-01' } },
      {
        type: 'complaint-verified',
        holdsDeferral: false,
        data: { complaintId: 'k1', finding: 'unfounded', outcome: 'proceed', verifiedOn: '2024-04-05' },
      },
      { type: 'defer', data: { date: '2024-04-06', reason: '待查' } },
    ]);
    expect(state).toMatchObject({ openComplaints: 1, deferred: true, record: { deferredOn: '2024-04-06' } });
  });

  it('moves the candidate to another branch and clears cultivators and introducers', () => {
    const { state } = walk([
      ...TO_DEVELOPMENT_OBJECT.slice(0, 6),
      {
        type: 'branch-transfer',
        data: { date: '2025-05-01', reason: '调动', fromOrgId: 'b1', toOrgId: 'b2', toOrgPath: '/d/c/b2/' },
      },
    ]);
    expect(state).toMatchObject({ orgId: 'b2', orgPath: '/d/c/b2/', stage: 'development_object' });
    expect(state.record.cultivatorIds).toBeUndefined();
  });

  it('never changes the state it is given', () => {
    const { state, events } = walk(TO_DEVELOPMENT_OBJECT.slice(0, 3));
    const copy = JSON.parse(JSON.stringify(state));
    evolve(state, { ...events[1], seq: 4 });
    expect(state).toEqual(copy);
  });
});

describe('replay, amend and recheck', () => {
  it('gives the state the events were folded into', () => {
    const { state, events } = walk(TO_DEVELOPMENT_OBJECT);
    expect(replay(events)).toEqual(state);
  });

  it('applies a step correction in place of the step, and rechecks the gates of the amended history', () => {
    const { events } = walk(TO_DEVELOPMENT_OBJECT.slice(0, 3));
    const fix = (date: string): CandidateEvent => ({
      type: 'step-correction',
      date: TODAY,
      data: { seq: 2, date, reason: '笔误' },
      candidateId: 'c1',
      seq: 4,
      recordedAt: 't4',
      profileStamp: 'p',
    });
    expect(replay([...events, fix('2024-03-20')])?.record.talkDate).toBe('2024-03-20');
    expect(recheck([...events, fix('2024-03-20')], TODAY, undefined, NO_CONTEXT)).toEqual([]);
    // the activist date (2024-04-10) may not precede the talk
    expect(recheck([...events, fix('2024-05-01')], TODAY, undefined, NO_CONTEXT).map((v) => v.code)).toEqual([
      'DATE_OUT_OF_ORDER',
    ]);
  });
});

describe('effectsOf: what else an event makes happen', () => {
  const effects = (commands: CandidateCommand[]) => {
    const { events } = walk(commands);
    const before = replay(events.slice(0, -1));
    return effectsOf(before, events.at(-1) as EventBody, replay(events)!).map(
      (e) =>
        `${e.kind}${'deadline' in e && e.deadline ? `:${e.deadline}` : ''}${'situation' in e ? `:${e.situation}` : ''}`,
    );
  };

  it.each<[string, CandidateCommand[], string[]]>([
    ['an application opens the talk deadline', [CREATE], ['deadline.open:talk']],
    [
      'a late talk resolves it and raises A01',
      [CREATE, { type: 'talk', data: { date: '2024-05-01' } }],
      ['deadline.resolve:talk', 'accountability:A01'],
    ],
    [
      'an activist gets the half-yearly assessment',
      [CREATE, { type: 'talk', data: { date: '2024-03-15' } }, { type: 'activist', data: { date: '2024-04-10' } }],
      ['deadline.open:assessment'],
    ],
    [
      'a withdrawal ends every deadline',
      [CREATE, { type: 'withdraw', data: { date: '2024-03-20' } }],
      ['deadline.cancel'],
    ],
    [
      'a committee approval opens probation, admits to the roster, late raises A11, and ends assessments',
      [
        ...TO_DEVELOPMENT_OBJECT,
        vote('mass_assessment', '2025-06-15'),
        vote('branch_meeting', '2025-06-20'),
        { type: 'approval-talk', data: { date: '2025-06-25' } },
        vote('committee', '2025-09-21'),
      ],
      [
        'deadline.resolve:approval',
        'deadline.open:probation_end',
        'roster.admit',
        'accountability:A11',
        'deadline.cancel:assessment',
      ],
    ],
  ])('%s', (_, commands, expected) => {
    expect(effects(commands)).toEqual(expected);
  });
});
