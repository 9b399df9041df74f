import type { JWK } from 'jose';
import type { ClientMetadata } from 'oidc-provider';
import { makeClient, type TestSigningAlg } from '../../../../tools/test-kit/clients.js';

export type SigningAlg = TestSigningAlg;

export const REDIRECT_URI = 'http://127.0.0.1:3999/cb';

/** A relying party as dev-as's suites see it: registered metadata plus the private keys behind it. */
export interface TestClient {
  id: string;
  alg: SigningAlg;
  signingKey: JWK;
  /** ECDH-ES private key, for clients that ask for encrypted JARM responses. */
  decryptionKey: JWK;
  metadata: ClientMetadata;
}

/**
 * dev-as's preset of the repository's one test client factory: everything signed with the client's algorithm
 * (assertions, request objects, JARM, ID token), refresh allowed, an encryption key published.
 */
export async function devAsClient(
  id: string,
  alg: SigningAlg,
  extra: Partial<ClientMetadata> = {},
): Promise<TestClient> {
  const client = await makeClient(id, alg, {
    redirectUris: [REDIRECT_URI],
    decryptionKey: true,
    responsesSignedWith: alg,
    metadata: {
      grant_types: ['authorization_code', 'refresh_token'],
      scope: 'openid profile email offline_access',
      ...extra,
    },
  });
  return {
    id,
    alg,
    signingKey: client.signingKey,
    decryptionKey: client.decryptionKey!,
    metadata: client.metadata as ClientMetadata,
  };
}
