import type { CookieOptions } from '@signet/core';
import { MemoryCookieJar } from '../../../../tools/test-kit/cookie-jar.js';
import { exportJWK, generateKeyPair, type JWK } from 'jose';

/** One browser's cookies for the RP's site, as every instance behind the load balancer sees them. */
export class Browser extends MemoryCookieJar {
  /** The kit's names, as this suite reads them. */
  get cookies(): Map<string, string> {
    return this.values;
  }
  get attributes(): Map<string, CookieOptions> {
    return this.options;
  }
  override copy(): Browser {
    const other = new Browser();
    for (const [name, value] of this.values) other.values.set(name, value);
    return other;
  }
}

export const REDIRECT_URI = 'http://127.0.0.1:1/callback';

/** A FAPI 2.0 client registration for dev-as with a fresh ES256 key. */
export async function registerClient(
  clientId: string,
): Promise<{ clientId: string; signingKey: JWK; metadata: Record<string, unknown> }> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const signingKey = { ...(await exportJWK(privateKey)), kid: `${clientId}-sig` };
  const { d: _d, ...publicKey } = signingKey;
  return {
    clientId,
    signingKey,
    metadata: {
      client_id: clientId,
      redirect_uris: [REDIRECT_URI],
      response_types: ['code'],
      grant_types: ['authorization_code'],
      token_endpoint_auth_method: 'private_key_jwt',
      token_endpoint_auth_signing_alg: 'ES256',
      request_object_signing_alg: 'ES256',
      id_token_signed_response_alg: 'ES256',
      authorization_signed_response_alg: 'ES256',
      jwks: { keys: [{ ...publicKey, use: 'sig', alg: 'ES256' }] },
    },
  };
}
