import { RELAY_FIELD } from '@signet/core/http';

/** Route metadata: the authorization parameters of a `@SignetLogin()` route. */
export const SIGNET_LOGIN_METADATA = 'SIGNET:LOGIN';
/** Route metadata: the options of a `@SignetCallback()` route. */
export const SIGNET_CALLBACK_METADATA = 'SIGNET:CALLBACK';
/** Route metadata: what `@SignetAuthenticated()` requires of the session. */
export const SIGNET_AUTHORIZE_METADATA = 'SIGNET:AUTHORIZE';

/** Route metadata: which named client a `@SignetLogin()` / `@SignetCallback()` route uses. */
export const SIGNET_CLIENT_NAME_METADATA = 'SIGNET:CLIENT_NAME';

/** Injection token of the `SignetClient` (see `@InjectSignetClient()`). */
export const SIGNET_CLIENT = Symbol.for('SIGNET:CLIENT');

/**
 * The name of the module's unnamed client in the registry (`SignetClientsService`): the single-client form's
 * client, or the named client called `default`. Routes that name no client use it.
 */
export const SIGNET_DEFAULT_CLIENT = 'default';

/** Injection token of one named client of `forRoot({ clients })` (see `@InjectSignetClient(name)`). */
export function signetClientToken(name: string): symbol {
  return Symbol.for(`SIGNET:CLIENT:${name}`);
}

/**
 * Where the guards leave their findings on the request: `{ authorization?, result?, session? }`.
 * One namespaced property rather than several, so a Fastify request keeps one extra key.
 */
export const SIGNET_REQUEST_KEY = 'signet';

/**
 * Form field the relay pages add when they re-post an authorization response to the callback: core's
 * `RELAY_FIELD`, the convention every Signet adapter shares. The callback guard reads it to pick the delivery
 * channel and removes it before core sees the parameters (core refuses any parameter it does not expect).
 */
export const SIGNET_RELAY_FIELD = RELAY_FIELD;

/** Default session cookie name. */
export const SIGNET_SESSION_COOKIE = 'signet.session';
