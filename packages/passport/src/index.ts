// @signet/passport: a Passport strategy over @signet/core. Every export is listed by name.
export { SignetStrategy } from './strategy/signet-strategy.js';
export type {
  SignetStrategyOptions,
  SignetStrategyOptionsWithRequest,
  SignetAuthenticateOptions,
  StrategyOwnOptions,
  ClientSource,
  WithClient,
  VerifyCallback,
  VerifyFunction,
  VerifyFunctionWithRequest,
} from './strategy/strategy-options.js';
export { signetClientFromEnvironment } from './strategy/client-from-environment.js';
export type { EnvironmentClient } from './strategy/client-from-environment.js';
export { outcomeOf, errorFromFailure } from './strategy/outcome.js';
export type { SignetFailure, Outcome } from './strategy/outcome.js';
export {
  RELAY_FIELD,
  FRAGMENT_RELAY_VALUE,
  FORM_POST_RELAY_VALUE,
  FRAGMENT_RELAY_HTML,
  FRAGMENT_RELAY_CSP,
  FORM_POST_RELAY_CSP,
} from './relay/relay-pages.js';
export { nodeCookieJar } from './http/cookie-jar.js';
