/**
 * `npm run lint`: the layers of SPEC §3, at error level (probes in test/architecture.e2e-spec.ts).
 *
 * - src/rules stays pure so the exit-side system can reuse it as is;
 * - the platform (common, database, auth, config, office, types) imports no feature;
 * - a feature imports another only through its index.ts, and only downward:
 *     organizations → deadlines, accountability → candidates → plans, publicity
 *       → complaints, probation, voting → reports, public, jobs → health
 * - an entity file is imported only inside its own feature (the composition root — src/*.ts
 *   and src/demo — assembles them through each feature's index);
 * - no cycles.
 */
const PLATFORM = '(common|database|auth|config|office|types)';
const LAYERS = [
  ['organizations'],
  ['deadlines', 'accountability', 'accounts'],
  ['candidates'],
  ['plans', 'publicity'],
  ['complaints', 'probation', 'voting'],
  ['reports', 'public', 'jobs'],
  ['health'],
];
const FEATURES = LAYERS.flat();
const any = (names) => `(${names.join('|')})`;

/** A feature may not import one in its own layer or above. */
const downward = LAYERS.map((layer, i) => ({
  name: `only-downward-${layer.join('-')}`,
  severity: 'error',
  comment: `${layer.join(', ')} may import only the features below: ${LAYERS.slice(0, i).flat().join(', ') || 'none'}.`,
  from: { path: `^src/${any(layer)}/` },
  to: { path: `^src/${any(LAYERS.slice(i).flat())}/`, pathNot: '^src/$1/' },
}));

module.exports = {
  forbidden: [
    ...downward,
    {
      name: 'feature-through-index',
      severity: 'error',
      comment: 'Another feature is used only through its index.ts, never its internals.',
      from: { path: `^src/${any(FEATURES)}/` },
      to: { path: `^src/${any(FEATURES)}/`, pathNot: ['^src/$1/', `^src/${any(FEATURES)}/index\\.ts$`] },
    },
    {
      name: 'entity-inside-its-feature',
      severity: 'error',
      comment: 'An entity file is imported only inside its own feature (its table has one owner).',
      from: { path: '^src/([^/]+)/', pathNot: '^src/demo/' },
      to: { path: '^src/[^/]+/.*\\.entit(y|ies)\\.ts$', pathNot: '^src/$1/' },
    },
    {
      name: 'platform-imports-no-feature',
      severity: 'error',
      comment: 'The platform (database, HTTP, auth, config, clock) imports no feature, nor the composition root.',
      // Migrations are the schema's history, written once: one reuses the ledger's MAC (a pure function).
      from: { path: `^src/${PLATFORM}/`, pathNot: '^src/database/migrations/' },
      to: { path: `^src/(${FEATURES.join('|')}|demo)/|^src/[^/]+\\.ts$` },
    },
    {
      name: 'rules-are-pure',
      severity: 'error',
      comment:
        'src/rules may import only its own files and date-fns: no framework, no database, no queue, no Node I/O.',
      from: { path: '^src/rules/', pathNot: '\\.spec\\.ts$' },
      to: {
        pathNot: ['^src/rules/', 'node_modules/date-fns/', 'node_modules/@date-fns/'],
      },
    },
    {
      name: 'rules-no-core-io',
      severity: 'error',
      comment: 'No Node core modules (fs, path, http, crypto…) in the rules.',
      from: { path: '^src/rules/', pathNot: '\\.spec\\.ts$' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'rules-by-package-name',
      severity: 'error',
      // With src/rules/dist built, a relative import resolves into the excluded dist/ and this rule cannot see it:
      // eslint's no-restricted-imports (eslint.config.mjs) catches that case.
      comment:
        'Outside src/rules the rules are imported by name (@admissions/rules), never by a relative path: ' +
        'nest build excludes src/rules and takes the package from node_modules (its built dist/).',
      from: { path: '^src/', pathNot: '^src/rules/' },
      to: { path: '^src/rules/', dependencyTypesNot: ['aliased-tsconfig-paths'] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: ['\\.spec\\.ts$', '^src/rules/dist/'] },
  },
};
