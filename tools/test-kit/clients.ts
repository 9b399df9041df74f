import { exportJWK, generateKeyPair, type JWK } from 'jose';

/** The client signing algorithms the suites register clients with. */
export type TestSigningAlg = 'ES256' | 'PS256' | 'EdDSA';

/** A relying party as the suites see it: the dev-as registration plus the throwaway private keys behind it. */
export interface TestClient {
  clientId: string;
  alg: TestSigningAlg;
  /** The first registered redirect URI. */
  redirectUri: string;
  signingKey: JWK;
  /** The ECDH-ES private key, when the client has one (`encryptResponses` or `decryptionKey`). */
  decryptionKey?: JWK;
  metadata: Record<string, unknown>;
}

/** How a test client differs from a plain FAPI 2.0 one (private_key_jwt, PAR, JARM signed with ES256). */
export interface TestClientOptions {
  /** Registered redirect URIs; default one loopback URI nothing listens on. */
  redirectUris?: string[];
  /** Ask for encrypted JARM responses (ECDH-ES, A256GCM) to a fresh client key. */
  encryptResponses?: boolean;
  /** Make and publish an ECDH-ES key even without encrypted responses. */
  decryptionKey?: boolean;
  /** The algorithm of JARM responses and ID tokens; default ES256. */
  responsesSignedWith?: TestSigningAlg;
  /** Registration metadata merged last (grant types, scope, DPoP, ...). */
  metadata?: Record<string, unknown>;
}

const DEFAULT_REDIRECT_URI = 'http://127.0.0.1:1/callback';

const KEY_OPTIONS: Record<TestSigningAlg, { crv?: string; modulusLength?: number }> = {
  ES256: {},
  PS256: { modulusLength: 2048 },
  EdDSA: { crv: 'Ed25519' },
};

async function privateJwk(alg: string, kid: string, options: { crv?: string; modulusLength?: number }): Promise<JWK> {
  const { privateKey } = await generateKeyPair(alg, { extractable: true, ...options });
  return { ...(await exportJWK(privateKey)), kid };
}

function publicOf(jwk: JWK, use: 'sig' | 'enc', alg: string): JWK {
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...pub } = jwk;
  return { ...pub, use, alg };
}

/**
 * The one test client factory of the repository: a fresh key for `alg` (and an ECDH-ES key when asked), the
 * metadata dev-as (or any oidc-provider) registers for it, FAPI 2.0 style.
 */
export async function makeClient(
  clientId: string,
  alg: TestSigningAlg = 'ES256',
  options: TestClientOptions = {},
): Promise<TestClient> {
  const redirectUris = options.redirectUris ?? [DEFAULT_REDIRECT_URI];
  const signingKey = await privateJwk(alg, `${clientId}-sig`, KEY_OPTIONS[alg]);
  const decryptionKey =
    options.encryptResponses || options.decryptionKey
      ? await privateJwk('ECDH-ES', `${clientId}-enc`, { crv: 'P-256' })
      : undefined;
  const responseAlg = options.responsesSignedWith ?? 'ES256';
  return {
    clientId,
    alg,
    redirectUri: redirectUris[0] ?? DEFAULT_REDIRECT_URI,
    signingKey,
    ...(decryptionKey ? { decryptionKey } : {}),
    metadata: {
      client_id: clientId,
      redirect_uris: redirectUris,
      response_types: ['code'],
      grant_types: ['authorization_code'],
      token_endpoint_auth_method: 'private_key_jwt',
      token_endpoint_auth_signing_alg: alg,
      request_object_signing_alg: alg,
      id_token_signed_response_alg: responseAlg,
      authorization_signed_response_alg: responseAlg,
      jwks: {
        keys: [publicOf(signingKey, 'sig', alg), ...(decryptionKey ? [publicOf(decryptionKey, 'enc', 'ECDH-ES')] : [])],
      },
      ...(options.encryptResponses
        ? { authorization_encrypted_response_alg: 'ECDH-ES', authorization_encrypted_response_enc: 'A256GCM' }
        : {}),
      ...options.metadata,
    },
  };
}
