import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import * as ts from 'typescript';

/**
 * src/rules is the npm workspace package @admissions/rules (issue 10): built to src/rules/dist, linked into
 * node_modules, and required by name from the built service. These tests build it the way `npm run build` does
 * and use it the way dist/ and the exit side do: by name, from a plain node process, never through jest's mapper.
 */
const ROOT = join(__dirname, '..');
const PKG = join(ROOT, 'src', 'rules');
const DIST = join(PKG, 'dist');

type Manifest = { name: string; main: string; types: string; files: string[]; dependencies: Record<string, string> };
const manifest = (dir: string): Manifest => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;

/** Names exported by index, grouped by the file that declares them: values (exist at run time) and types. */
type Exports = Record<string, { values: string[]; types: string[] }>;
const byName = (a: string, b: string): number => a.localeCompare(b, 'en');

function declaredExports(entry: string): Exports {
  // noLib: only the export symbols are read, not checked, and the standard library is most of the parse time.
  const program = ts.createProgram([entry], { noEmit: true, noLib: true, types: [], skipLibCheck: true });
  const checker = program.getTypeChecker();
  const module = checker.getSymbolAtLocation(program.getSourceFile(entry)!)!;
  const out: Exports = {};
  for (const symbol of checker.getExportsOfModule(module)) {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    const file = basename(target.declarations![0].getSourceFile().fileName).replace(/\.d\.ts$/, '.ts');
    const group = (out[file] ??= { values: [], types: [] });
    (target.flags & ts.SymbolFlags.Value ? group.values : group.types).push(symbol.name);
  }
  for (const group of Object.values(out)) {
    group.values.sort(byName);
    group.types.sort(byName);
  }
  return out;
}

/** The README's list between its markers, in the same shape. */
function readmeExports(markdown: string): Exports {
  const block = /<!-- exports:begin -->([\s\S]*)<!-- exports:end -->/.exec(markdown);
  if (!block) throw new Error('src/rules/README.md has no <!-- exports:begin --> … <!-- exports:end --> block');
  const out: Exports = {};
  let file: string | undefined;
  for (const line of block[1].split('\n')) {
    const heading = /^### `([\w.-]+)`\s*$/.exec(line);
    if (heading) {
      file = heading[1];
      out[file] = { values: [], types: [] };
      continue;
    }
    const list = /^- (values|types): (.*)$/.exec(line);
    if (!list) continue;
    if (!file) throw new Error(`README: "${line}" before any file heading`);
    const names = [...list[2].matchAll(/`([^`]+)`/g)].map((m) => m[1]);
    out[file][list[1] as 'values' | 'types'].push(...names);
  }
  for (const group of Object.values(out)) {
    group.values.sort(byName);
    group.types.sort(byName);
  }
  return out;
}

function render(exports: Exports): string {
  const names = (label: string, list: string[]): string[] =>
    list.length ? [`- ${label}: ${list.map((n) => `\`${n}\``).join(', ')}`] : [];
  return Object.keys(exports)
    .sort(byName)
    .map((file) =>
      [`### \`${file}\``, '', ...names('values', exports[file].values), ...names('types', exports[file].types)].join(
        '\n',
      ),
    )
    .join('\n\n');
}

/** What a plain node process in the repository root gets from require('@admissions/rules'). */
const PROBE = `
const rules = require('@admissions/rules');
const create = (birthDate) =>
  rules.checkTransition({ stage: null }, { type: 'create', birthDate, applicationDate: '2026-03-01' }, '2026-03-02');
process.stdout.write(JSON.stringify({
  resolved: require.resolve('@admissions/rules'),
  keys: Object.keys(rules),
  adult: create('2000-01-01'),
  minor: create('2010-01-01'),
  passed: rules.tallyBranchMeeting({ expected: 10, present: 9, approve: 6, reject: 3 }),
  failed: rules.tallyBranchMeeting({ expected: 10, present: 7, approve: 4, reject: 3 }),
  probationEnds: [
    rules.probationEnd('2026-01-31'),
    rules.probationEnd('2024-02-29'),
    rules.probationEnd('2025-03-31', 6),
  ],
}));
`;

/** dist/ is older than a source of the package (or missing): what `npm run build -w @admissions/rules` redoes. */
function distIsStale(): boolean {
  const built = join(DIST, 'index.js');
  if (!existsSync(built) || !existsSync(join(DIST, 'index.d.ts'))) return true;
  const inputs = readdirSync(PKG).filter((f) => (f.endsWith('.ts') && !f.endsWith('.spec.ts')) || f.endsWith('.json'));
  const builtAt = statSync(built).mtimeMs;
  return inputs.some((f) => statSync(join(PKG, f)).mtimeMs > builtAt);
}

describe('@admissions/rules, the npm workspace package in src/rules', () => {
  let probe: {
    resolved: string;
    keys: string[];
    adult: unknown;
    minor: { ok: boolean; violations: { code: string }[] };
    passed: unknown;
    failed: unknown;
    probationEnds: string[];
  };

  beforeAll(() => {
    // `npm run build` does this before nest build; the service's dist/ requires what it emits.
    if (distIsStale()) execFileSync('npm', ['run', 'build', '-w', '@admissions/rules'], { cwd: ROOT, stdio: 'pipe' });
    probe = JSON.parse(execFileSync(process.execPath, ['-e', PROBE], { cwd: ROOT, encoding: 'utf8' })) as typeof probe;
  }, 60_000);

  it('declares its entry points and depends on date-fns and @date-fns/tz only, at the root’s ranges', () => {
    const pkg = manifest(PKG);
    const root = manifest(ROOT) as Manifest & { workspaces: string[] };
    expect(root.workspaces).toEqual(['src/rules', 'web']);
    expect(pkg).toMatchObject({ name: '@admissions/rules', main: 'dist/index.js', types: 'dist/index.d.ts' });
    expect(pkg.files).toEqual(['dist', 'README.md']);
    expect(Object.keys(pkg.dependencies).sort()).toEqual(['@date-fns/tz', 'date-fns']);
    for (const [name, range] of Object.entries(pkg.dependencies)) expect(range).toBe(root.dependencies[name]);
    expect(existsSync(join(DIST, 'index.js'))).toBe(true);
    expect(existsSync(join(DIST, 'index.d.ts'))).toBe(true);
  });

  it('packs its build and README, no sources or specs', () => {
    const [packed] = JSON.parse(
      execFileSync('npm', ['pack', '--dry-run', '--json'], { cwd: PKG, encoding: 'utf8' }),
    ) as [{ name: string; files: { path: string }[] }];
    const paths = packed.files.map((f) => f.path);
    expect(packed.name).toBe('@admissions/rules');
    expect(paths).toEqual(expect.arrayContaining(['package.json', 'README.md', 'dist/index.js', 'dist/index.d.ts']));
    expect(paths.filter((p) => !/^(package\.json|README\.md|dist\/[\w-]+\.(js|d\.ts)(\.map)?)$/.test(p))).toEqual([]);
    expect(paths.filter((p) => p.includes('.spec.'))).toEqual([]);
  });

  it('is required by name from the repository root through node_modules (the workspace link to src/rules/dist)', () => {
    const link = join(ROOT, 'node_modules', '@admissions', 'rules');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(realpathSync(link)).toBe(PKG);
    expect(probe.resolved).toBe(join(DIST, 'index.js'));
  });

  it('answers as the rules do: checkTransition, tallyBranchMeeting, probationEnd', () => {
    expect(probe.adult).toEqual({ ok: true, violations: [] });
    expect(probe.minor.ok).toBe(false);
    expect(probe.minor.violations.map((v) => v.code)).toEqual(['AGE_UNDER_MINIMUM']);
    expect(probe.passed).toMatchObject({ passed: true, quorumMet: true, required: 6, approve: 6, reason: 'PASSED' });
    expect(probe.failed).toMatchObject({ passed: false, reason: 'INSUFFICIENT_APPROVAL' });
    // SPEC §3: month and year arithmetic clamps to the month's last day.
    expect(probe.probationEnds).toEqual(['2027-01-31', '2025-02-28', '2026-09-30']);
  });

  it('lists every exported name in src/rules/README.md, and nothing else', () => {
    const declared = declaredExports(join(DIST, 'index.d.ts'));
    const values = Object.values(declared).flatMap((g) => g.values);
    // The declarations' values are exactly what the package exports at run time.
    expect([...probe.keys].sort(byName)).toEqual([...values].sort(byName));

    const listed = readmeExports(readFileSync(join(PKG, 'README.md'), 'utf8'));
    const all = (e: Exports): string[] => Object.values(e).flatMap((g) => [...g.values, ...g.types]);
    const missing = all(declared).filter((n) => !all(listed).includes(n));
    const extra = all(listed).filter((n) => !all(declared).includes(n));
    if (render(listed) !== render(declared)) {
      throw new Error(
        `src/rules/README.md's export list is out of date (not listed: ${missing.join(', ') || '-'}; ` +
          `not exported: ${extra.join(', ') || '-'}; or listed under the wrong file). ` +
          `Paste this between its markers:\n\n${render(declared)}\n`,
      );
    }
    expect(missing).toEqual([]);
    expect(extra).toEqual([]);
  });
});
