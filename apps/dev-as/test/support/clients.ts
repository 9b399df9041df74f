import type { JWK } from 'jose';
import type { ClientMetadata } from 'oidc-provider';
import { generateJwk, toPublicJwks } from '../../src/keys.js';

export type SigningAlg = 'ES256' | 'PS256' | 'EdDSA';

export const REDIRECT_URI = 'http://127.0.0.1:3999/cb';

/** A relying party as tests see it: registered metadata plus the private keys behind it. */
export interface TestClient {
  id: string;
  alg: SigningAlg;
  signingKey: JWK;
  /** ECDH-ES private key, for clients that ask for encrypted JARM responses. */
  decryptionKey: JWK;
  metadata: ClientMetadata;
}

const KEY_OPTIONS: Record<SigningAlg, { crv?: string; modulusLength?: number }> = {
  ES256: {},
  PS256: { modulusLength: 2048 },
  EdDSA: { crv: 'Ed25519' },
};

/** One client per algorithm, everything signed with that algorithm (assertions, request objects, JARM, ID token). */
export async function makeClient(
  id: string,
  alg: SigningAlg,
  extra: Partial<ClientMetadata> = {},
): Promise<TestClient> {
  const [signingKey, decryptionKey] = await Promise.all([
    generateJwk(alg, 'sig', KEY_OPTIONS[alg]),
    generateJwk('ECDH-ES', 'enc', { crv: 'P-256' }),
  ]);
  const metadata: ClientMetadata = {
    client_id: id,
    redirect_uris: [REDIRECT_URI],
    response_types: ['code'],
    grant_types: ['authorization_code', 'refresh_token'],
    token_endpoint_auth_method: 'private_key_jwt',
    token_endpoint_auth_signing_alg: alg,
    request_object_signing_alg: alg,
    authorization_signed_response_alg: alg,
    id_token_signed_response_alg: alg,
    scope: 'openid profile email offline_access',
    jwks: toPublicJwks({ keys: [signingKey, decryptionKey] }) as ClientMetadata['jwks'],
    ...extra,
  };
  return { id, alg, signingKey, decryptionKey, metadata };
}
