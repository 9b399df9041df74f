import * as oauth from 'oauth4webapi';
import { SignetError } from '../errors/signet-error.js';
import { httpOptions } from '../http/http-options.js';
import { ResponseProbe } from '../http/response-probe.js';
import { failureMessage } from '../errors/endpoint-failure.js';
import { narrowedMetadata, oauthClient } from '../client-auth/oauth-client.js';
import { withDpopNonceRetry } from '../dpop/with-nonce-retry.js';
import { unwrapResponse } from '../jarm/decrypt-response.js';
import type { SessionContext } from '../session/session-context.js';
import { clientConfig } from '../client/client-config.js';

/**
 * Fetches userinfo once, right after sign-in (OIDC Core §5.3): with the DPoP proof when the token is bound; a
 * signed response (`application/jwt`) has its `iss`, `aud` and signature checked against the AS keys, an encrypted
 * one is decrypted with this client's keys first; the `sub` must be the ID token's (§5.3.2). A refusal refuses the
 * sign-in: claims that cannot be trusted are not kept.
 */
export async function fetchUserinfo(
  ctx: SessionContext,
  accessToken: string,
  expectedSubject: string,
  dpopKey: oauth.CryptoKeyPair | undefined,
): Promise<Record<string, unknown>> {
  const config = clientConfig(ctx.client);
  const as = narrowedMetadata(config, await ctx.client.metadata());
  if (typeof as.userinfo_endpoint !== 'string')
    throw new SignetError('ERR_USERINFO_FAILED', 'userinfo is configured but the AS advertises no userinfo_endpoint');
  const client = oauthClient(config);
  const dpop = dpopKey ? oauth.DPoP(client, dpopKey) : undefined;
  let response: Response;
  const probe = new ResponseProbe(config.fetch);
  try {
    response = await withDpopNonceRetry(dpop, () =>
      oauth.userInfoRequest(as, client, accessToken, {
        ...httpOptions(config, probe.fetch),
        ...(dpop ? { DPoP: dpop } : {}),
      }),
    );
  } catch (cause) {
    const endpoint = await probe.describe('userinfo_endpoint');
    throw new SignetError('ERR_USERINFO_FAILED', failureMessage(endpoint, cause, 'the userinfo request failed'), {
      cause,
      ...(endpoint ? { endpoint } : {}),
    });
  }
  try {
    const claims = await oauth.processUserInfoResponse(as, client, expectedSubject, response, {
      [oauth.jweDecrypt]: (jwe: string) => unwrapResponse(config, jwe),
    });
    if ((response.headers.get('content-type') ?? '').toLowerCase().startsWith('application/jwt'))
      await oauth.validateApplicationLevelSignature(as, response, httpOptions(config));
    return claims as Record<string, unknown>;
  } catch (cause) {
    if (cause instanceof oauth.WWWAuthenticateChallengeError || cause instanceof oauth.ResponseBodyError) {
      const endpoint = await probe.describe('userinfo_endpoint');
      throw new SignetError('ERR_USERINFO_FAILED', 'the userinfo endpoint refused the access token', {
        cause,
        ...(endpoint ? { endpoint } : {}),
      });
    }
    throw new SignetError('ERR_USERINFO_INVALID', 'the userinfo response failed validation', { cause });
  }
}
