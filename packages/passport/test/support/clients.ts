import { exportJWK, generateKeyPair, type JWK } from 'jose';

/** A relying party's throwaway ES256 key and the dev-as registration that goes with it. */
export interface TestClient {
  clientId: string;
  signingKey: JWK;
  metadata: Record<string, unknown>;
}

/** Registers `clientId` for every given redirect URI, FAPI 2.0 style: private_key_jwt, PAR, JARM. */
export async function makeClient(clientId: string, redirectUris: string[]): Promise<TestClient> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const signingKey = { ...(await exportJWK(privateKey)), kid: `${clientId}-sig` };
  const { d: _d, ...publicKey } = signingKey;
  return {
    clientId,
    signingKey,
    metadata: {
      client_id: clientId,
      redirect_uris: redirectUris,
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
