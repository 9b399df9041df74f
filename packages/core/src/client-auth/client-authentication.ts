import * as oauth from 'oauth4webapi';
import type { ClientConfig } from '../config/resolve-options.js';
import { SignetError } from '../errors/signet-error.js';
import { checkCertificateCurrent } from '../mtls/client-certificate.js';
import { privateKeyJwtAt } from './private-key-jwt.js';
import type { AuthenticatedEndpoint } from './assertion-audience.js';
import type { EndpointFailure } from '../errors/endpoint-failure.js';

/**
 * The configured client authentication for a call to `endpoint` (PAR, token, refresh, revocation). Under
 * `private_key_jwt` the assertion's `aud` follows the `clientAssertionAudience` compatibility option, which is
 * why the endpoint must be named. Under
 * `tls_client_auth` / `self_signed_tls_client_auth` the body carries only `client_id`: the certificate is
 * presented by the TLS connection (config.fetch), and is refused here first if it is no longer valid.
 */
export function clientAuthentication(config: ClientConfig, endpoint: AuthenticatedEndpoint): oauth.ClientAuth {
  if (config.clientAuth === 'private_key_jwt') return privateKeyJwtAt(config, endpoint);
  checkCertificateCurrent(config.tls!.certificate!);
  return oauth.TlsClientAuth();
}

/**
 * Under mutual-TLS client authentication an `invalid_client` answer is about the certificate (none reached the
 * AS, untrusted, unregistered, or another client's): say so with its own code. Anything else: undefined.
 */
export function tlsClientAuthRefusal(
  config: ClientConfig,
  cause: unknown,
  endpoint: string,
  failure?: EndpointFailure,
): SignetError | undefined {
  if (config.clientAuth === 'private_key_jwt') return undefined;
  const invalidClient =
    (cause instanceof oauth.ResponseBodyError && cause.error === 'invalid_client') ||
    (cause instanceof oauth.WWWAuthenticateChallengeError &&
      cause.cause.some((challenge) => challenge.parameters.error === 'invalid_client'));
  if (!invalidClient) return undefined;
  // The server's error_description stays in `error.endpoint` (log, audit), never in a message a browser may see.
  return new SignetError(
    'ERR_TLS_CLIENT_AUTH_REJECTED',
    `the ${endpoint} refused the client certificate (${config.clientAuth}): invalid_client`,
    { cause, ...(failure ? { endpoint: failure } : {}) },
  );
}
