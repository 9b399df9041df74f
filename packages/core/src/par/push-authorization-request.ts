import * as oauth from 'oauth4webapi';
import type { ClientConfig } from '../config/resolve-options.js';
import { SignetError } from '../errors/signet-error.js';
import { failureMessage } from '../errors/endpoint-failure.js';
import { httpOptions } from '../http/http-options.js';
import { clientAuthentication, tlsClientAuthRefusal } from '../client-auth/client-authentication.js';
import { ResponseProbe } from '../http/response-probe.js';
import { oauthClient } from '../client-auth/oauth-client.js';
import { withDpopNonceRetry } from '../dpop/with-nonce-retry.js';

/**
 * Pushes the signed request object to the PAR endpoint (RFC 9126) with the configured client authentication
 * (`private_key_jwt`, or mutual TLS at the `mtls_endpoint_aliases` entry when there is one), and returns the
 * `request_uri` the front channel will carry instead of any parameter.
 * A refusal carries what the endpoint answered (`error.endpoint`: status, body kind, sanitized OAuth error); its
 * message names only the endpoint, the status and the kind of body, never the server's words.
 */
export async function pushAuthorizationRequest(
  config: ClientConfig,
  as: oauth.AuthorizationServer,
  requestObject: string,
  dpop?: oauth.DPoPHandle,
): Promise<{ requestUri: string; expiresIn: number }> {
  const client = oauthClient(config);
  const auth = clientAuthentication(config, 'pushed_authorization_request_endpoint');
  const probe = new ResponseProbe(config.fetch);
  try {
    const result = await withDpopNonceRetry(dpop, async () => {
      const response = await oauth.pushedAuthorizationRequest(
        as,
        client,
        auth,
        { request: requestObject },
        {
          ...httpOptions(config, probe.fetch),
          ...(dpop ? { DPoP: dpop } : {}),
        },
      );
      return oauth.processPushedAuthorizationResponse(as, client, response);
    });
    return { requestUri: result.request_uri, expiresIn: result.expires_in };
  } catch (cause) {
    if (cause instanceof SignetError) throw cause;
    const endpoint = await probe.describe('pushed_authorization_request_endpoint');
    const refusal = tlsClientAuthRefusal(config, cause, 'PAR endpoint', endpoint);
    if (refusal) throw refusal;
    const rejected = cause instanceof oauth.ResponseBodyError || cause instanceof oauth.WWWAuthenticateChallengeError;
    const message = failureMessage(endpoint, cause, 'the pushed authorization request could not be made');
    throw new SignetError(rejected ? 'ERR_PAR_REJECTED' : 'ERR_PAR_FAILED', message, {
      cause,
      ...(endpoint ? { endpoint } : {}),
    });
  }
}
