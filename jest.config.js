/** Two tiers: pure rules/unit specs next to the code, and service/HTTP tests on a real database. */
// The @nestjs/swagger CLI plugin runs in tests as in `nest build` (options from nest-cli.json): without
// it every request schema in the OpenAPI document would be empty.
const tsJest = [
  'ts-jest',
  {
    tsconfig: 'tsconfig.json',
    diagnostics: false,
    astTransformers: { before: ['<rootDir>/test/openapi-client/swagger-plugin.transformer.js'] },
  },
];
// src/rules/dist is the built @admissions/rules package (npm run build): never a test, never a module to load in
// place of the source that moduleNameMapper points at.
const builtRules = '<rootDir>/src/rules/dist/';
const ignore = {
  testPathIgnorePatterns: ['/node_modules/', builtRules],
  modulePathIgnorePatterns: [builtRules],
};
module.exports = {
  testTimeout: 60000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      rootDir: __dirname,
      testMatch: ['<rootDir>/src/**/*.spec.ts'],
      transform: { '^.+\\.ts$': tsJest },
      moduleNameMapper: { '^@admissions/rules$': '<rootDir>/src/rules/index.ts' },
      ...ignore,
    },
    {
      displayName: 'service',
      testEnvironment: 'node',
      rootDir: __dirname,
      testMatch: ['<rootDir>/test/*.e2e-spec.ts'],
      transform: { '^.+\\.ts$': tsJest },
      moduleNameMapper: { '^@admissions/rules$': '<rootDir>/src/rules/index.ts' },
      ...ignore,
    },
    {
      // Two service processes (dist/) on PostgreSQL and their own redis-server: run by `npm run test:pg`.
      displayName: 'cluster',
      testEnvironment: 'node',
      rootDir: __dirname,
      testMatch: ['<rootDir>/test/cluster/*.e2e-spec.ts'],
      transform: { '^.+\\.ts$': tsJest },
      moduleNameMapper: { '^@admissions/rules$': '<rootDir>/src/rules/index.ts' },
      ...ignore,
    },
  ],
};
