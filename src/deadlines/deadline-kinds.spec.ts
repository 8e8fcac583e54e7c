import { DeadlineKinds } from './deadline-kinds';
import { DEADLINE_KINDS } from './deadline.entity';

describe('DeadlineKinds', () => {
  it('takes one handler per kind: a second registration throws', () => {
    const kinds = new DeadlineKinds();
    kinds.register('talk', { lapse: true });
    expect(() => kinds.register('talk', { lapse: true })).toThrow(/talk/);
    expect(kinds.handlerFor('talk').lapse).toBe(true);
  });

  it('reports the kinds nobody registered, and stops start-up until there are none', () => {
    const kinds = new DeadlineKinds();
    expect(kinds.missing()).toEqual([...DEADLINE_KINDS]);
    for (const kind of DEADLINE_KINDS.filter((k) => k !== 'complaint' && k !== 'approval'))
      kinds.register(kind, { lapse: true });
    expect(kinds.missing()).toEqual(['complaint', 'approval']);
    expect(() => kinds.assertComplete()).toThrow(/complaint, approval/);
    expect(() => kinds.handlerFor('complaint')).toThrow(/complaint/);
    kinds.register('complaint', { lapse: true });
    kinds.register('approval', { lapse: false, onDue: async () => undefined });
    expect(kinds.missing()).toEqual([]);
    expect(() => kinds.assertComplete()).not.toThrow();
  });

  it('refuses a kind the deadlines table does not know', () => {
    expect(() => new DeadlineKinds().register('vote' as never, { lapse: true })).toThrow(/vote/);
  });
});
