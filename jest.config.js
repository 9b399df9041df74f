export default {
  projects: ['<rootDir>/packages/*', '<rootDir>/apps/*'],
  reporters: ['default', '<rootDir>/tools/jest/summary-reporter.cjs'],
  maxWorkers: 2,
};
