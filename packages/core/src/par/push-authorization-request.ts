import * as oauth from 'oauth4webapi';
import type { ClientConfig } from '../config/resolve-options.js';
import { SignetError } from '../errors/signet-error.js';
import { httpOptions } from '../http/http-options.js';
import { privateKeyJwt } from '../client-auth/private-key-jwt.js';
import { oauthClient } from '../client-auth/oauth-client.js';
import { withDpopNonceRetry } from '../dpop/with-nonce-retry.js';

/**
 * Pushes the signed request object to the PAR endpoint (RFC 9126) with `private_key_jwt`, and returns the
 * `request_uri` the front channel will carry instead of any parameter.
 */
export async function pushAuthorizationRequest(
  config: ClientConfig,
  as: oauth.AuthorizationServer,
  requestObject: string,
  dpop?: oauth.DPoPHandle,
): Promise<{ requestUri: string; expiresIn: number }> {
  const client = oauthClient(config);
  const auth = privateKeyJwt(config.signingKeys[0]!);
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
