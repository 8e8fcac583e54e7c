import { execFile } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const ROOT = join(__dirname, '..');
const run = promisify(execFile);
/** dependency-cruiser colours its report on a colour terminal (CI's): matched without the escape codes. */
const plain = (text: string) => text.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), '');

/** Files that break one layer rule each (SPEC §3), written into src/ for one cruise and removed. */
const PROBES: Record<string, { file: string; source: string; rule: RegExp }> = {
  cycle: {
    file: 'src/plans/__lint-probe-a.ts',
    source: "import { b } from './__lint-probe-b';\nexport const a = () => b;\n",
    rule: new RegExp(
      /error no-circular: src\/plans\/__lint-probe-a\.ts →\s*/.source +
        /src\/plans\/__lint-probe-b\.ts →\s*src\/plans\/__lint-probe-a\.ts/.source,
    ),
  },
  cycleOtherHalf: {
    file: 'src/plans/__lint-probe-b.ts',
    source: "import { a } from './__lint-probe-a';\nexport const b = () => a;\n",
    rule: /__lint-probe-b\.ts/,
  },
  internals: {
    file: 'src/probation/__lint-probe-internals.ts',
    source: "import { PublicityService } from '../publicity/publicity.service';\nexport const p = PublicityService;\n",
    rule: new RegExp(
      /error feature-through-index: src\/probation\/__lint-probe-internals\.ts → /.source +
        /src\/publicity\/publicity\.service\.ts/.source,
    ),
  },
  upward: {
    file: 'src/candidates/__lint-probe-upward.ts',
    source: "import { VotingModule } from '../voting';\nexport const v = VotingModule;\n",
    rule: /error only-downward-candidates: src\/candidates\/__lint-probe-upward\.ts → src\/voting\/index\.ts/,
  },
  sameLayer: {
    file: 'src/complaints/__lint-probe-same-layer.ts',
    source: "import { ProbationModule } from '../probation';\nexport const m = ProbationModule;\n",
    rule: new RegExp(
      /error only-downward-complaints-probation-voting: /.source +
        /src\/complaints\/__lint-probe-same-layer\.ts → src\/probation\/index\.ts/.source,
    ),
  },
  entity: {
    file: 'src/reports/__lint-probe-entity.ts',
    source: "import { Candidate } from '../candidates/candidate.entity';\nexport const c = Candidate;\n",
    rule: new RegExp(
      /error entity-inside-its-feature: src\/reports\/__lint-probe-entity\.ts → /.source +
        /src\/candidates\/candidate\.entity\.ts/.source,
    ),
  },
  platform: {
    file: 'src/database/__lint-probe-platform.ts',
    source: "import { CandidatesModule } from '../candidates';\nexport const m = CandidatesModule;\n",
    rule: /error platform-imports-no-feature: src\/database\/__lint-probe-platform\.ts → src\/candidates\/index\.ts/,
  },
  rules: {
    file: 'src/rules/__lint-probe-rules.ts',
    source: "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n",
    rule: /error rules-no-core-io: src\/rules\/__lint-probe-rules\.ts → fs/,
  },
};

describe('the layers are enforced by npm run lint (SPEC §3)', () => {
  let output: string;

  beforeAll(async () => {
    const files = Object.values(PROBES).map((p) => p.file);
    try {
      for (const p of Object.values(PROBES)) writeFileSync(join(ROOT, p.file), p.source);
      // The same command and configuration as `npm run lint`, limited to the probes.
      const res = await run('npx', ['depcruise', ...files, '--config', '.dependency-cruiser.js'], { cwd: ROOT }).catch(
        (e: { stdout: string; code: number }) => e,
      );
      expect((res as { code?: number }).code).not.toBe(0);
      output = plain(res.stdout);
    } finally {
      for (const file of files) rmSync(join(ROOT, file), { force: true });
    }
  }, 120_000);

  it.each(Object.entries(PROBES))('fails on %s', (_, probe) => {
    expect(output).toMatch(probe.rule);
  });

  it('passes on the tree as it is', async () => {
    const res = await run('npx', ['depcruise', 'src', '--config', '.dependency-cruiser.js'], { cwd: ROOT });
    expect(plain(res.stdout)).toMatch(/no dependency violations found/);
  }, 120_000);
});
