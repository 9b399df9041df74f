import type { CookieJar, CookieOptions } from '@signet/core';
import { exportJWK, generateKeyPair, type JWK } from 'jose';

/** One browser's cookies for the RP's site, as every instance behind the load balancer sees them. */
export class Browser implements CookieJar {
  readonly cookies = new Map<string, string>();
  readonly attributes = new Map<string, CookieOptions>();

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }
  set(name: string, value: string, options: CookieOptions): void {
    this.cookies.set(name, value);
    this.attributes.set(name, options);
  }
  clear(name: string): void {
    this.cookies.delete(name);
  }
  names(): string[] {
    return [...this.cookies.keys()];
  }
  /** What an attacker who copied this browser's cookies would hold. */
  copy(): Browser {
    const other = new Browser();
    for (const [name, value] of this.cookies) other.cookies.set(name, value);
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
