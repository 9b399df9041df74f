import * as oauth from 'oauth4webapi';
import type { ClientConfig } from '../config/resolve-options.js';
import { SignetError } from '../errors/signet-error.js';
import { checkCertificateCurrent } from '../mtls/client-certificate.js';
import { privateKeyJwt } from './private-key-jwt.js';

/**
 * The configured client authentication for PAR, token, refresh and revocation requests. Under
 * `tls_client_auth` / `self_signed_tls_client_auth` the body carries only `client_id`: the certificate is
 * presented by the TLS connection (config.fetch), and is refused here first if it is no longer valid.
 */
export function clientAuthentication(config: ClientConfig): oauth.ClientAuth {
  if (config.clientAuth === 'private_key_jwt') return privateKeyJwt(config.signingKeys[0]!);
  checkCertificateCurrent(config.tls!.certificate!);
  return oauth.TlsClientAuth();
}

/**
 * Under mutual-TLS client authentication an `invalid_client` answer is about the certificate (none reached the
 * AS, untrusted, unregistered, or another client's): say so with its own code. Anything else: undefined.
 */
export function tlsClientAuthRefusal(config: ClientConfig, cause: unknown, endpoint: string): SignetError | undefined {
  if (config.clientAuth === 'private_key_jwt') return undefined;
  let description: string | undefined;
  if (cause instanceof oauth.ResponseBodyError && cause.error === 'invalid_client')
    description = cause.error_description;
  else if (
    cause instanceof oauth.WWWAuthenticateChallengeError &&
    cause.cause.some((challenge) => challenge.parameters.error === 'invalid_client')
  )
    description = cause.cause.find((c) => c.parameters.error === 'invalid_client')?.parameters.error_description;
  else return undefined;
  return new SignetError(
    'ERR_TLS_CLIENT_AUTH_REJECTED',
    `the ${endpoint} refused the client certificate (${config.clientAuth}): invalid_client${description ? ` (${description})` : ''}`,
    { cause },
  );
}
