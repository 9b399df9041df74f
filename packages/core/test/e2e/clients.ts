import { exportJWK, generateKeyPair, type JWK } from 'jose';

/** A client's throwaway keys and the metadata dev-as registers for it. */
export interface TestClient {
  clientId: string;
  redirectUri: string;
  signingKey: JWK;
  decryptionKey?: JWK;
  metadata: Record<string, unknown>;
}

const REDIRECT_URI = 'http://127.0.0.1:1/callback';

async function privateJwk(
  alg: string,
  kid: string,
  options: { crv?: string; modulusLength?: number } = {},
): Promise<JWK> {
  const { privateKey } = await generateKeyPair(alg, { extractable: true, ...options });
  return { ...(await exportJWK(privateKey)), kid };
}

function publicOf(jwk: JWK, use: 'sig' | 'enc', alg?: string): JWK {
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...pub } = jwk;
  return { ...pub, use, ...(alg ? { alg } : {}) };
}

/** One client per case the e2e suite covers. */
export async function makeClient(
  clientId: string,
  alg: 'ES256' | 'PS256' | 'EdDSA',
  extra: { encryptResponses?: boolean; metadata?: Record<string, unknown> } = {},
): Promise<TestClient> {
  const signingKey = await privateJwk(
    alg,
    `${clientId}-sig`,
    alg === 'PS256' ? { modulusLength: 2048 } : alg === 'EdDSA' ? { crv: 'Ed25519' } : {},
  );
  const decryptionKey = extra.encryptResponses
    ? await privateJwk('ECDH-ES', `${clientId}-enc`, { crv: 'P-256' })
    : undefined;
  const keys = [
    publicOf(signingKey, 'sig', alg),
    ...(decryptionKey ? [publicOf(decryptionKey, 'enc', 'ECDH-ES')] : []),
  ];
  return {
    clientId,
    redirectUri: REDIRECT_URI,
    signingKey,
    ...(decryptionKey ? { decryptionKey } : {}),
    metadata: {
      client_id: clientId,
      redirect_uris: [REDIRECT_URI],
      response_types: ['code'],
      grant_types: ['authorization_code'],
      token_endpoint_auth_method: 'private_key_jwt',
      token_endpoint_auth_signing_alg: alg,
      request_object_signing_alg: alg,
      id_token_signed_response_alg: 'ES256',
      authorization_signed_response_alg: 'ES256',
      jwks: { keys },
      ...(decryptionKey
        ? { authorization_encrypted_response_alg: 'ECDH-ES', authorization_encrypted_response_enc: 'A256GCM' }
        : {}),
      ...extra.metadata,
    },
  };
}
