import { generateRpKeys, startDevAs, toPublicJwks, type DevAs, type DevAsProfile } from '@signet/dev-as';
import type { JWK } from 'jose';

export interface TestAs {
  as: DevAs;
  signingKey: JWK;
  decryptionKey: JWK;
}

/** A real dev-as with one client registered for `redirectUri`, its keys generated for this test. */
export async function startTestAs(options: {
  clientId?: string;
  redirectUri: string;
  encrypt?: boolean;
  profile?: DevAsProfile;
}): Promise<TestAs> {
  const rp = await generateRpKeys();
  const as = await startDevAs({
    profile: () => options.profile ?? 'fapi2',
    clients: [
      {
        client_id: options.clientId ?? 'test-rp',
        redirect_uris: [options.redirectUri],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'private_key_jwt',
        token_endpoint_auth_signing_alg: 'ES256',
        scope: 'openid profile email',
        jwks: toPublicJwks(rp) as never,
        id_token_signed_response_alg: 'ES256',
        authorization_signed_response_alg: 'ES256',
        ...(options.encrypt
          ? { authorization_encrypted_response_alg: 'ECDH-ES', authorization_encrypted_response_enc: 'A256GCM' }
          : {}),
      },
    ],
  });
  return {
    as,
    signingKey: rp.keys.find((k) => k.use === 'sig')!,
    decryptionKey: rp.keys.find((k) => k.use === 'enc')!,
  };
}
