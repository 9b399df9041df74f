import type { Request } from 'express';
import {
  SignetError,
  type AuthorizationParameters,
  type LoginResult,
  type SignetClient,
  type SignetClientOptions,
} from '@signet/core';

/**
 * passport's verify callback: `done(null, user)` signs in, `done(null, false, info)` refuses (fail, 401),
 * `done(err)` is a fault (error).
 */
export type VerifyCallback = (err: unknown, user?: unknown, info?: unknown) => void;

/** Receives the verified login. Always called with exactly these arguments, whatever its declared length. */
export type VerifyFunction = (result: LoginResult, done: VerifyCallback) => void | Promise<void>;
/** As VerifyFunction, with the request first (`passReqToCallback: true`). */
export type VerifyFunctionWithRequest = (
  req: Request,
  result: LoginResult,
  done: VerifyCallback,
) => void | Promise<void>;

/** Options that belong to the strategy rather than to the Signet client. */
export interface StrategyOwnOptions {
  /** The name passport knows the strategy by. Default `signet`. */
  name?: string;
  /** Parameters for every login started by this strategy, computed per request; per-call options override them. */
  authorizationParameters?: (req: Request) => AuthorizationParameters | Promise<AuthorizationParameters>;
}

/** An existing client (shared with the rest of the app: one metadata cache, one store, one audit sink). */
export interface WithClient {
  client: SignetClient;
}

/** Either a client, or the options to create one (lazily, once, on the first request). */
export type ClientSource = WithClient | SignetClientOptions;

export type SignetStrategyOptions = StrategyOwnOptions & ClientSource & { passReqToCallback?: false };
export type SignetStrategyOptionsWithRequest = StrategyOwnOptions & ClientSource & { passReqToCallback: true };

/**
 * Per-call options, given to `passport.authenticate('signet', options)` or returned by a Nest guard's
 * `getAuthenticateOptions()`. Passport's own options (session, successRedirect, failWithError, ...) may sit beside
 * them; only these are sent to the AS, signed into the request object.
 */
export interface SignetAuthenticateOptions extends Omit<AuthorizationParameters, 'scope'> {
  /** Space-separated, or a list as other passport strategies accept. */
  scope?: string | string[];
}

const OWN_OPTIONS = ['name', 'passReqToCallback', 'authorizationParameters'] as const;
const PER_CALL_PARAMETERS = [
  'authorizationDetails',
  'acrValues',
  'prompt',
  'loginHint',
  'maxAge',
  'claims',
  'resource',
  'responseMode',
  'extra',
  'appState',
] as const;

function invalid(field: string, problem: string): never {
  throw new SignetError('ERR_CONFIG_INVALID', `SignetStrategy ${field}: ${problem}`, { field });
}

/** Checks at construction what can be checked without I/O; client options are validated by core on first use. */
export function assertStrategyOptions(
  options: unknown,
  verify: unknown,
): asserts options is SignetStrategyOptions | SignetStrategyOptionsWithRequest {
  if (typeof options === 'function' || typeof options !== 'object' || options === null) {
    invalid(
      'options',
      'expected an object: new SignetStrategy({ client }, verify) or new SignetStrategy({ issuer, clientId, redirectUri, signingKeys }, verify)',
    );
  }
  if (typeof verify !== 'function')
    invalid('verify', 'a verify function (result, done) is required as the second argument');
  const o = options as Record<string, unknown>;
  if (o.name !== undefined && (typeof o.name !== 'string' || o.name === ''))
    invalid('name', 'must be a non-empty string');
  if (o.passReqToCallback !== undefined && typeof o.passReqToCallback !== 'boolean')
    invalid('passReqToCallback', 'must be a boolean');
  if (o.authorizationParameters !== undefined && typeof o.authorizationParameters !== 'function') {
    invalid('authorizationParameters', 'must be a function (req) => parameters');
  }
  if ('client' in o) {
    const client = o.client as Partial<SignetClient> | null | undefined;
    if (!client || typeof client.authorize !== 'function' || typeof client.callback !== 'function') {
      invalid('client', 'must be a SignetClient (await SignetClient.create(options))');
    }
    const mixed = Object.keys(o).filter((key) => key !== 'client' && !(OWN_OPTIONS as readonly string[]).includes(key));
    if (mixed.length > 0)
      invalid('client', `give either a client or client options, not both (also got: ${mixed.join(', ')})`);
  }
}

/** The client options once the strategy's own options are taken out. */
export function clientOptionsOf(
  options: SignetClientOptions & StrategyOwnOptions & { passReqToCallback?: boolean },
): SignetClientOptions {
  const { name: _name, passReqToCallback: _req, authorizationParameters: _params, ...clientOptions } = options;
  return clientOptions;
}

/** The authorization parameters among the per-call options; everything else (passport's own options) is left. */
export function pickAuthorizationParameters(options: unknown): AuthorizationParameters {
  if (typeof options !== 'object' || options === null) return {};
  const source = options as Record<string, unknown>;
  const picked: Record<string, unknown> = {};
  for (const key of PER_CALL_PARAMETERS) if (source[key] !== undefined) picked[key] = source[key];
  if (Array.isArray(source.scope)) picked.scope = source.scope.join(' ');
  else if (source.scope !== undefined) picked.scope = source.scope;
  return picked as AuthorizationParameters;
}
