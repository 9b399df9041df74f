// @signet/testing/nestjs: SignetModule wired to the test authorization server (needs @nestjs/common and @signet/nestjs).
export { SignetTestingModule } from './nestjs/signet-testing.module.js';
export type { SignetTestingModuleOptions } from './nestjs/signet-testing.module.js';
