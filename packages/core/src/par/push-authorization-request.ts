import * as oauth from 'oauth4webapi';
import type { ClientConfig } from '../config/resolve-options.js';
import { SignetError } from '../errors/signet-error.js';
import { httpOptions } from '../http/http-options.js';
import { clientAuthentication, tlsClientAuthRefusal } from '../client-auth/client-authentication.js';
import { oauthClient } from '../client-auth/oauth-client.js';
import { withDpopNonceRetry } from '../dpop/with-nonce-retry.js';

/**
 * Pushes the signed request object to the PAR endpoint (RFC 9126) with the configured client authentication
 * (`private_key_jwt`, or mutual TLS at the `mtls_endpoint_aliases` entry when there is one), and returns the
 * `request_uri` the front channel will carry instead of any parameter.
 */
export async function pushAuthorizationRequest(
  config: ClientConfig,
  as: oauth.AuthorizationServer,
  requestObject: string,
  dpop?: oauth.DPoPHandle,
): Promise<{ requestUri: string; expiresIn: number }> {
  const client = oauthClient(config);
  const auth = clientAuthentication(config);
  try {
    const result = await withDpopNonceRetry(dpop, async () => {
      const response = await oauth.pushedAuthorizationRequest(
        as,
        client,
        auth,
        { request: requestObject },
        {
          ...httpOptions(config),
          ...(dpop ? { DPoP: dpop } : {}),
        },
      );
      return oauth.processPushedAuthorizationResponse(as, client, response);
    });
    return { requestUri: result.request_uri, expiresIn: result.expires_in };
  } catch (cause) {
    const refusal = tlsClientAuthRefusal(config, cause, 'PAR endpoint');
    if (refusal) throw refusal;
    if (cause instanceof oauth.ResponseBodyError) {
      throw new SignetError(
        'ERR_PAR_REJECTED',
        `the PAR endpoint refused the request: ${cause.error}${cause.error_description ? ` (${cause.error_description})` : ''}`,
        { cause },
      );
    }
    throw new SignetError('ERR_PAR_FAILED', 'the pushed authorization request failed', { cause });
  }
}
