// Shared Jest settings for every project: ESM + @swc/jest (see ../shared/TOOLCHAIN.md facts in README).
export function preset(dirname, overrides = {}) {
  return {
    rootDir: dirname,
    testEnvironment: 'node',
    // Real servers and child processes: on a loaded 2-core machine 5 s is too little; a hung test still fails.
    testTimeout: 30_000,
    extensionsToTreatAsEsm: ['.ts'],
    moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
    testEnvironmentOptions: { customExportConditions: ['@signet/source', 'node', 'node-addons'] },
    transform: {
      '^.+\\.ts$': [
        '@swc/jest',
        {
          jsc: {
            target: 'es2022',
            parser: { syntax: 'typescript', decorators: true },
            transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
          },
          module: { type: 'es6' },
          sourceMaps: 'inline',
        },
      ],
    },
    testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
    ...overrides,
  };
}
