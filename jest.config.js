/** Two tiers: pure rules/unit specs next to the code, and service/HTTP tests on a real database. */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }];
module.exports = {
  testTimeout: 60000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      rootDir: __dirname,
      testMatch: ['<rootDir>/src/**/*.spec.ts'],
      transform: { '^.+\\.ts$': tsJest },
    },
    {
      displayName: 'service',
      testEnvironment: 'node',
      rootDir: __dirname,
      testMatch: ['<rootDir>/test/*.e2e-spec.ts'],
      transform: { '^.+\\.ts$': tsJest },
    },
    {
      // Two service processes (dist/) on PostgreSQL and their own redis-server: run by `npm run test:pg`.
      displayName: 'cluster',
      testEnvironment: 'node',
      rootDir: __dirname,
      testMatch: ['<rootDir>/test/cluster/*.e2e-spec.ts'],
      transform: { '^.+\\.ts$': tsJest },
    },
  ],
};
