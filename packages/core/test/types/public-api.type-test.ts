// Type tests of @signet/core's public API, compiled by `npm run typecheck` (never run). Each `@ts-expect-error`
// fails the type-check when the API loosens (the error disappears), so these pin what callers may and may not do.
import {
  CONTENT_ENCRYPTION_ALGORITHMS,
  ERROR_CODES,
  FAPI_SIGNING_ALGORITHMS,
  SignetClient,
  SignetError,
  verifyJarmResponse,
  type AuthorizationParameters,
  type CallbackInput,
  type LoginResult,
  type ResponseMode,
  type SignetClientOptions,
  type SignetClientSettings,
  type SignetErrorCode,
  type SigningAlgorithm,
} from '@signet/core';
import { HTTP_STATUS, httpStatusOf } from '@signet/core/http';

/** Compiles only when `value` has exactly type `T` (no wider, no narrower). */
function exact<T>(value: T): <U extends T>(check: T extends U ? true : false) => void {
  void value;
  return () => undefined;
}

declare const client: SignetClient;
declare const result: LoginResult;
declare const jws: string;

const options: SignetClientOptions = {
  issuer: 'https://as.example',
  clientId: 'app',
  redirectUri: 'https://app.example/callback',
  signingKeys: ['{"kty":"EC"}'],
};
void options;

// -- creating a client: the four required options, the closed vocabularies
// @ts-expect-error signingKeys is required
void SignetClient.create({ issuer: 'https://as.example', clientId: 'app', redirectUri: 'https://app.example/cb' });
// @ts-expect-error only JARM response modes exist: plain `query` is not one
void SignetClient.create({ ...options, responseMode: 'query' });
// @ts-expect-error only the two FAPI profiles exist
void SignetClient.create({ ...options, profile: 'oauth2' });
// @ts-expect-error client authentication is private_key_jwt or mutual TLS, never a shared secret
void SignetClient.create({ ...options, clientAuth: 'client_secret_basic' });
// @ts-expect-error dpop is a boolean or an object, not a string
void SignetClient.create({ ...options, dpop: 'on' });

// @ts-expect-error RS256 is not a FAPI algorithm
const rs256: SigningAlgorithm = 'RS256';
void rs256;
const mode: ResponseMode = 'fragment.jwt';
void mode;

// -- the client's configuration is private; its views are read-only
// @ts-expect-error the resolved configuration (keys, stores, hooks) is not part of the API
void client.config;
// @ts-expect-error settings are read-only
client.settings.issuer = 'https://evil.example';
// @ts-expect-error the shared store cannot be replaced through the view
client.shared.store = client.shared.store;
exact(client.settings.dpop)<false | 'client' | 'per-login'>(true);
const settings: SignetClientSettings = client.settings;
void settings;

// -- authorize and callback take typed inputs and give typed results
const parameters: AuthorizationParameters = { scope: 'openid', authorizationDetails: [{ type: 'payment' }] };
void client.authorize(parameters);
// @ts-expect-error scope is a space-separated string
void client.authorize({ scope: ['openid'] });
// @ts-expect-error every authorization_details entry has a string type
void client.authorize({ authorizationDetails: [{ amount: 1 }] });
// @ts-expect-error appState is string-valued: it travels in a cookie, never objects
void client.authorize({ appState: { n: 1 } });
exact(client.authorize())<Promise<import('@signet/core').AuthorizationRequest>>(true);
const input: CallbackInput = { delivery: 'form_post', params: new URLSearchParams() };
void client.callback(input);
// @ts-expect-error the delivery channel is one of three, decided by the adapter
void client.callback({ delivery: 'hash', params: {} });
exact(result.tokens.accessToken)<string>(true);
exact(result.subject)<string | undefined>(true);

// -- the standalone JARM verification takes narrow, required options
// @ts-expect-error clientId, algorithms and getKey are required
void verifyJarmResponse(jws, { issuer: 'https://as.example' });

// -- errors: a closed union of codes, each with a status at the edge
new SignetError('ERR_USAGE_INVALID');
// @ts-expect-error a code that is not in the catalog
new SignetError('ERR_SOMETHING');
declare const code: SignetErrorCode;
// Every code has a status: indexing the catalog by any code is an HTTP status, never undefined.
const status: 400 | 401 | 403 | 404 | 405 | 409 | 413 | 415 | 500 | 502 | 503 = HTTP_STATUS[code];
void status;
exact(httpStatusOf(new SignetError(code)))<number>(true);
// @ts-expect-error the catalog is closed: a code exists only where it is declared (and documented)
ERROR_CODES.ERR_NEW = 'x';

// -- the algorithm registry is read-only
// @ts-expect-error nobody adds an algorithm to the FAPI list
FAPI_SIGNING_ALGORITHMS.push('HS256');
// @ts-expect-error nor to the content encryption list
CONTENT_ENCRYPTION_ALGORITHMS.push('A128CBC-HS256');

// -- internals stay out of the entry points
// @ts-expect-error the configuration accessor is internal to core
import { clientConfig } from '@signet/core';
void clientConfig;
// @ts-expect-error the per-request HTTP options and client authentication are core's plumbing, not protocol API
import { clientAuthentication, httpOptions } from '@signet/core';
void [clientAuthentication, httpOptions];
