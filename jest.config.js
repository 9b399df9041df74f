export default {
  projects: ['<rootDir>/packages/*', '<rootDir>/apps/*', '<rootDir>/tools/consumer'],
  reporters: ['default', '<rootDir>/tools/jest/summary-reporter.cjs'],
  maxWorkers: 2,
  // testTimeout is a global option: in a project's config (jest.preset.js) a multi-project run ignores it.
  testTimeout: 30_000,
};
