import * as oauth from 'oauth4webapi';
import { SignetError } from '../errors/signet-error.js';
import { httpOptions } from '../http/http-options.js';
import { clientAuthentication } from '../client-auth/client-authentication.js';
import { ResponseProbe } from '../http/response-probe.js';
import { failureMessage } from '../errors/endpoint-failure.js';
import { narrowedMetadata, oauthClient } from '../client-auth/oauth-client.js';
import type { SignetClient } from '../client/signet-client.js';
import { clientConfig } from '../client/client-config.js';

/**
 * Revokes a token at the AS (RFC 7009) with this client's authentication (`private_key_jwt`). Returns false when
 * the AS advertises no revocation endpoint; throws `ERR_REVOCATION_FAILED` when the request fails. An unknown
 * token is a success by the RFC (§2.2).
 */
export async function revokeToken(
  client: SignetClient,
  token: string,
  hint: 'refresh_token' | 'access_token',
): Promise<boolean> {
  const config = clientConfig(client);
  const as = narrowedMetadata(config, await client.metadata());
  if (typeof as.revocation_endpoint !== 'string') return false;
  // What the endpoint answered goes into error.endpoint (log, audit), never into the message.
  const probe = new ResponseProbe(config.fetch);
  try {
    const response = await oauth.revocationRequest(
      as,
      oauthClient(config),
      clientAuthentication(config, 'revocation_endpoint'),
      token,
      {
        ...httpOptions(config, probe.fetch),
        additionalParameters: { token_type_hint: hint },
      },
    );
    await oauth.processRevocationResponse(response);
    return true;
  } catch (cause) {
    const endpoint = await probe.describe('revocation_endpoint');
    throw new SignetError('ERR_REVOCATION_FAILED', failureMessage(endpoint, cause, 'the revocation request failed'), {
      cause,
      ...(endpoint ? { endpoint } : {}),
    });
  }
}
