import { generateRpKeys, startDevAs, toPublicJwks, type DevAs, type Jwks } from '@signet/dev-as';
import type { ClientMetadata } from 'oidc-provider';
import type { JWK } from 'jose';

/** Where the sample believes it lives; supertest talks to the server directly, so nothing listens here. */
export const REDIRECT_URI = 'http://127.0.0.1:39999/callback';
export const COOKIE_SECRET = 'sample-rp-e2e-cookie-secret-0123456789';

/** The clients the suites use, all for the same redirect URI and keys. */
export const CLIENTS = {
  /** FAPI 2.0, signed (not encrypted) JARM. */
  plain: 'sample-rp',
  /** FAPI 2.0 with encrypted JARM (ECDH-ES + A256GCM). */
  encrypted: 'sample-rp-enc',
  /** FAPI 1.0 Advanced: request objects by value allowed. */
  fapi1: 'sample-rp-fapi1',
} as const;

export interface SampleAs {
  as: DevAs;
  signingKey: JWK;
  decryptionKey: JWK;
}

function client(clientId: string, rp: Jwks, extra: Partial<ClientMetadata> = {}): ClientMetadata {
  return {
    client_id: clientId,
    redirect_uris: [REDIRECT_URI],
    response_types: ['code'],
    grant_types: ['authorization_code'],
    token_endpoint_auth_method: 'private_key_jwt',
    token_endpoint_auth_signing_alg: 'ES256',
    scope: 'openid profile email',
    jwks: toPublicJwks(rp) as ClientMetadata['jwks'],
    id_token_signed_response_alg: 'ES256',
    authorization_signed_response_alg: 'ES256',
    ...extra,
  };
}

/** A real dev-as on an ephemeral loopback port with the three sample clients registered. */
export async function startSampleAs(): Promise<SampleAs> {
  const rp = await generateRpKeys();
  const as = await startDevAs({
    profile: (clientId) => (clientId === CLIENTS.fapi1 ? 'fapi1-advanced' : 'fapi2'),
    clients: [
      client(CLIENTS.plain, rp),
      client(CLIENTS.encrypted, rp, {
        authorization_encrypted_response_alg: 'ECDH-ES',
        authorization_encrypted_response_enc: 'A256GCM',
      }),
      client(CLIENTS.fapi1, rp),
    ],
  });
  return {
    as,
    signingKey: rp.keys.find((k) => k.use === 'sig')!,
    decryptionKey: rp.keys.find((k) => k.use === 'enc')!,
  };
}
