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
export type { EnvironmentClient, EnvironmentClientSelection } from './strategy/client-from-environment.js';
export { outcomeOf, errorFromFailure } from './strategy/outcome.js';
export type { SignetFailure, Outcome } from './strategy/outcome.js';
// The pages, the relay convention and the cookie jar are core's (`@signet/core/http`): this package builds none.
export { nodeCookieJar } from '@signet/core/http';
export { startSignetSession, signetSession, endSignetSession } from './session/signet-session.js';
export type { RequestGrant, SignetSessionCookieOptions } from './session/signet-session.js';
