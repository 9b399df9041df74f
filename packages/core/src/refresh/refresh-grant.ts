import * as oauth from 'oauth4webapi';
import { SignetError } from '../errors/signet-error.js';
import { httpOptions } from '../http/http-options.js';
import { clientAuthentication, tlsClientAuthRefusal } from '../client-auth/client-authentication.js';
import { checkCertificateBinding } from '../mtls/check-certificate-binding.js';
import { ResponseProbe } from '../http/response-probe.js';
import { failureMessage } from '../errors/endpoint-failure.js';
import { narrowedMetadata, oauthClient } from '../client-auth/oauth-client.js';
import { withDpopNonceRetry } from '../dpop/with-nonce-retry.js';
import { verifyIdTokenSignature } from '../token/verify-id-token-signature.js';
import type { SessionContext } from '../session/session-context.js';
import { clientConfig } from '../client/client-config.js';

/** Why a refresh did not yield tokens: the grant is gone (end the session) or the request failed (keep it). */
export type RefreshRefusal = SignetError & {
  code: 'ERR_GRANT_REVOKED' | 'ERR_GRANT_REFRESH_FAILED' | 'ERR_ID_TOKEN_INVALID';
};

/**
 * The refresh token grant (RFC 6749 §6) through oauth4webapi: the configured client authentication
 * (`private_key_jwt` or mutual TLS at the token endpoint's mTLS alias), the DPoP proof of the key the grant
 * is bound to (and the AS nonce retry). An ID token in the answer is validated by oauth4webapi (iss, aud, exp,
 * iat, algorithm), its signature here against the AS keys, and its `sub` must be the session's (OIDC Core §12.2).
 */
export async function refreshGrant(
  ctx: SessionContext,
  refreshToken: string,
  expectedSubject: string,
  dpop: oauth.DPoPHandle | undefined,
): Promise<oauth.TokenEndpointResponse> {
  const config = clientConfig(ctx.client);
  const as = narrowedMetadata(config, await ctx.client.metadata());
  const client = oauthClient(config);
  let response: oauth.TokenEndpointResponse;
  const probe = new ResponseProbe(config.fetch);
  try {
    response = await withDpopNonceRetry(dpop, async () =>
      oauth.processRefreshTokenResponse(
        as,
        client,
        await oauth.refreshTokenGrantRequest(as, client, clientAuthentication(config, 'token_endpoint'), refreshToken, {
          ...httpOptions(config, probe.fetch),
          ...(dpop ? { DPoP: dpop } : {}),
        }),
      ),
    );
  } catch (cause) {
    // An expired client certificate (refused before sending) and a refused one keep their own codes.
    if (cause instanceof SignetError) throw cause;
    const endpoint = await probe.describe('token_endpoint');
    const evidence = endpoint ? { endpoint } : {};
    const refusal = tlsClientAuthRefusal(config, cause, 'token endpoint', endpoint);
    if (refusal) throw refusal;
    if (cause instanceof oauth.ResponseBodyError && cause.error === 'invalid_grant')
      throw new SignetError('ERR_GRANT_REVOKED', 'the authorization server refused the refresh token (invalid_grant)', {
        cause,
        ...evidence,
      });
    if (cause instanceof oauth.OperationProcessingError && /id token|id_token|jwt/i.test(cause.message))
      throw new SignetError('ERR_ID_TOKEN_INVALID', `the refreshed ID token is invalid: ${cause.message}`, { cause });
    throw new SignetError('ERR_GRANT_REFRESH_FAILED', failureMessage(endpoint, cause, 'the refresh request failed'), {
      cause,
      ...evidence,
    });
  }
  if (response.id_token !== undefined) {
    await verifyIdTokenSignature(
      response.id_token,
      await ctx.client.keySet(),
      config.responseAlgorithms,
      'the refreshed ID token signature does not verify',
    );
    const claims = oauth.getValidatedIdTokenClaims(response);
    if (claims?.sub !== expectedSubject)
      throw new SignetError('ERR_ID_TOKEN_INVALID', 'the refreshed ID token names another subject', { field: 'sub' });
  }
  if (dpop && response.token_type.toLowerCase() !== 'dpop')
    throw new SignetError('ERR_DPOP_FAILED', `a DPoP-bound grant was refreshed into a "${response.token_type}" token`);
  // RFC 8705 §3: a refreshed token bound to another certificate is refused before the grant holds it.
  if (config.tls?.certificate)
    checkCertificateBinding(response.access_token, config.tls.certificate.thumbprint, config.requireCertificateBinding);
  return response;
}
