export { startDevAs } from './server.js';
export { loadOrCreateDevMtls } from './dev-mtls.js';
export type { DevMtls } from './dev-mtls.js';
export { generateAsKeys, generateJwk, generateRpKeys, loadOrCreateDevKeys, toPublicJwks } from './keys.js';
export type { DevKeys, Jwks } from './keys.js';
export { DEFAULT_ACCOUNTS } from './accounts.js';
export { DEFAULT_RESOURCE_INDICATOR, ROUTES } from './configuration.js';
export { DEFAULT_CLIENT_ID, DEFAULT_REDIRECT_URI, sampleClientMetadata } from './sample-client.js';
export type { SampleClientEnv } from './sample-client.js';
export type {
  AccountClaims,
  DevAs,
  DevAsCounters,
  DevAsLogger,
  DevAsMtlsOptions,
  DevAsOptions,
  DevAsProfile,
  DevAsQuirks,
  DevAsTtl,
} from './types.js';
