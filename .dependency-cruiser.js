/** `npm run lint`: src/rules stays pure so the exit-side system can reuse it as is (SPEC §3). */
module.exports = {
  forbidden: [
    {
      name: 'rules-are-pure',
      severity: 'error',
      comment: 'src/rules may import only its own files and date-fns: no framework, no database, no queue, no Node I/O.',
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
      name: 'no-circular',
      severity: 'warn',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '\\.spec\\.ts$' },
  },
};
