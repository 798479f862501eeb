/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  // Each rule's tests live in its folder (src/core/rules/<name>/), beside its definition and templates.
  roots: ['<rootDir>/test', '<rootDir>/src/core/rules'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: { warnOnly: false } }] },
  testTimeout: 60000,
  setupFiles: ['<rootDir>/test/zones.setup.ts'],
  setupFilesAfterEnv: ['<rootDir>/test/document-properties.setup.ts'],
  reporters: ['default', '<rootDir>/test/faults/reporter.js'],
};
