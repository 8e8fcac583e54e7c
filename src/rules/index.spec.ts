import { readFileSync, readdirSync } from 'fs';
import { join } from 'path';
import * as rules from './index';

describe('src/rules/index.ts exports the SPEC §4 names', () => {
  it.each([
    // §4.1
    'defaultProfile',
    'parseProfile',
    'passes',
    'required',
    // §4.2
    'tallyMassAssessment',
    'tallyBranchMeeting',
    'tallyCommittee',
    // §4.3
    'ageOn',
    'talkDue',
    'earliestDevelopmentObjectDate',
    'assessmentDueDates',
    'publicityWindow',
    'complaintDue',
    'approvalDue',
    'probationEnd',
    'todayIn',
    // §4.4
    'checkTransition',
    'commandsFor',
    'STAGES',
    'TERMINAL_STAGES',
    // §4.5
    'complaintOutcome',
    'conversionDecision',
    // §4.6 (exit side, re-exported)
    'gradeEvaluation',
    'applyExcellentQuota',
    'threeNoStatus',
    'disposalFor',
    'DEFAULT_EXIT_PROFILE',
    'exitProfileProblems',
    // shared
    'RulesError',
    'isIsoDate',
    'addMonths',
    'addYears',
    'addDays',
  ])('%s', (name) => {
    expect((rules as Record<string, unknown>)[name]).toBeDefined();
  });
});

describe('src/rules is pure (SPEC §3)', () => {
  const dir = __dirname;
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'));
  it.each(files)('%s imports only date-fns and sibling files', (file) => {
    const src = readFileSync(join(dir, file), 'utf8');
    const specifiers = [...src.matchAll(/(?:from\s+|require\(\s*|import\(\s*|import\s+)['"]([^'"]+)['"]/g)].map(
      (m) => m[1],
    );
    for (const s of specifiers) {
      expect(s.startsWith('./') || s === 'date-fns' || s.startsWith('date-fns/') || s.startsWith('@date-fns/')).toBe(
        true,
      );
    }
    expect(src).not.toMatch(/@(Injectable|Entity|Column|ApiProperty|Module)\(/);
  });
});
