import { RELAY_FIELD } from '@signet/core/http';

/** Route metadata: the authorization parameters of a `@SignetLogin()` route. */
export const SIGNET_LOGIN_METADATA = 'SIGNET:LOGIN';
/** Route metadata: the options of a `@SignetCallback()` route. */
export const SIGNET_CALLBACK_METADATA = 'SIGNET:CALLBACK';
/** Route metadata: what `@SignetAuthenticated()` requires of the session. */
export const SIGNET_AUTHORIZE_METADATA = 'SIGNET:AUTHORIZE';

/** Injection token of the `SignetClient` (see `@InjectSignetClient()`). */
export const SIGNET_CLIENT = Symbol.for('SIGNET:CLIENT');

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
