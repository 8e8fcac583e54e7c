import { RulesError } from './errors';
import { complaintOutcome, conversionDecision } from './outcomes';
import { defaultProfile } from './profile';
import { tallyBranchMeeting, tallyMassAssessment, VoteOutcome } from './tally';

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof RulesError) return e.code;
    throw e;
  }
  return undefined;
}

const vote = (passed: boolean): VoteOutcome => ({
  passed,
  quorumMet: true,
  base: 10,
  required: 6,
  approve: passed ? 6 : 5,
  reason: passed ? 'PASSED' : 'INSUFFICIENT_APPROVAL',
});

describe('complaintOutcome (SPEC §4.5)', () => {
  it.each`
    finding              | outcome
    ${'unfounded'}       | ${'proceed'}
    ${'founded_minor'}   | ${'defer'}
    ${'founded_serious'} | ${'reject'}
    ${'founded_grave'}   | ${'transfer'}
    ${'unclear'}         | ${'defer'}
  `('$finding → $outcome', ({ finding, outcome }) => {
    expect(complaintOutcome(finding)).toBe(outcome);
  });

  it.each(['founded', '', 'UNFOUNDED', 'toString', undefined, 3])(
    'unknown finding %p throws INVALID_FINDING',
    (finding) => {
      expect(code(() => complaintOutcome(finding as never))).toBe('INVALID_FINDING');
    },
  );
});

describe('conversionDecision (seed 004)', () => {
  it.each`
    mass     | branch   | extensionsUsed | decision
    ${true}  | ${true}  | ${0}           | ${'report_for_approval'}
    ${true}  | ${false} | ${0}           | ${'extend'}
    ${false} | ${true}  | ${0}           | ${'extend'}
    ${false} | ${false} | ${0}           | ${'branch_committee_decides'}
    ${true}  | ${true}  | ${1}           | ${'report_for_approval'}
    ${true}  | ${false} | ${1}           | ${'cancel'}
    ${false} | ${true}  | ${1}           | ${'cancel'}
    ${false} | ${false} | ${1}           | ${'cancel'}
    ${false} | ${false} | ${2}           | ${'cancel'}
  `(
    'mass $mass, branch $branch, $extensionsUsed extension(s) used → $decision',
    ({ mass, branch, extensionsUsed, decision }) => {
      expect(conversionDecision({ mass: vote(mass), branch: vote(branch), extensionsUsed })).toBe(decision);
    },
  );

  it(
    'from real tallies: conversion mass assessment at exactly half of those present passes; ' +
      'branch at exactly half fails → extend',
    () => {
      const mass = tallyMassAssessment({
        purpose: 'conversion',
        expected: 30,
        present: 20,
        approve: 10,
        disapprove: 10,
      });
      const branch = tallyBranchMeeting({ expected: 12, present: 12, approve: 6, reject: 6 });
      expect(mass.passed).toBe(true);
      expect(branch.passed).toBe(false);
      expect(conversionDecision({ mass, branch, extensionsUsed: 0 })).toBe('extend');
    },
  );

  it('a branch meeting without quorum is a failure too', () => {
    const mass = tallyMassAssessment({ purpose: 'conversion', expected: 30, present: 20, approve: 9, disapprove: 11 });
    const branch = tallyBranchMeeting({ expected: 12, present: 6, approve: 6, reject: 0 });
    expect(branch.reason).toBe('QUORUM_NOT_MET');
    expect(conversionDecision({ mass, branch, extensionsUsed: 0 })).toBe('branch_committee_decides');
  });

  it('a profile that allows no extension cancels on any failure', () => {
    const p = defaultProfile();
    p.probation.extension.maxTimes = 0;
    expect(conversionDecision({ mass: vote(true), branch: vote(false), extensionsUsed: 0 }, p)).toBe('cancel');
    expect(conversionDecision({ mass: vote(true), branch: vote(true), extensionsUsed: 0 }, p)).toBe(
      'report_for_approval',
    );
  });

  it.each`
    input                                                                 | error
    ${{ mass: vote(true), branch: vote(true), extensionsUsed: -1 }}       | ${'INVALID_COUNT'}
    ${{ mass: vote(true), branch: vote(true), extensionsUsed: 0.5 }}      | ${'INVALID_COUNT'}
    ${{ mass: vote(true), branch: undefined, extensionsUsed: 0 }}         | ${'INVALID_VOTE_OUTCOME'}
    ${{ mass: { passed: 'yes' }, branch: vote(true), extensionsUsed: 0 }} | ${'INVALID_VOTE_OUTCOME'}
  `('throws $error', ({ input, error }) => {
    expect(code(() => conversionDecision(input))).toBe(error);
  });
});
