import { generateAsKeys, generateRpKeys, startDevAs, toPublicJwks, type DevAs, type Jwks } from '@signet/dev-as';
import { importJWK, SignJWT, type JWK } from 'jose';

/** The app's origin as the partners know it (supertest delivers the callbacks; only the path is used). */
export const APP = 'http://127.0.0.1:4999';

/** One client registered at a partner's authorization server: its id, callback and throwaway keys. */
export interface PartnerClient {
  clientId: string;
  redirectUri: string;
  signingKey: JWK;
}

/** A partner: a real dev-as issuer on its own port, with its own keys (to craft what a rogue AS would sign). */
export interface Partner {
  as: DevAs;
  keys: Jwks;
  clients: PartnerClient[];
}

async function clientOf(clientId: string, path: string) {
  const rp = await generateRpKeys();
  const redirectUri = `${APP}${path}`;
  const client: PartnerClient = { clientId, redirectUri, signingKey: rp.keys.find((k) => k.use === 'sig')! };
  const metadata = {
    client_id: clientId,
    redirect_uris: [redirectUri],
    response_types: ['code'],
    grant_types: ['authorization_code'],
    token_endpoint_auth_method: 'private_key_jwt',
    token_endpoint_auth_signing_alg: 'ES256',
    scope: 'openid profile email',
    jwks: toPublicJwks(rp),
    id_token_signed_response_alg: 'ES256',
    authorization_signed_response_alg: 'ES256',
  };
  return { client, metadata };
}

/** Starts a partner's dev-as with one client per `[clientId, callback path]`. */
export async function startPartner(registrations: Array<[string, string]>): Promise<Partner> {
  const made = await Promise.all(registrations.map(([id, path]) => clientOf(id, path)));
  const keys = await generateAsKeys();
  const as = await startDevAs({ clients: made.map((m) => m.metadata) as never, keys });
  return { as, keys, clients: made.map((m) => m.client) };
}

/** What the partner's AS could sign for any state and audience: a JARM response with its real ES256 key. */
export async function craftedBy(partner: Partner, claims: Record<string, unknown>): Promise<string> {
  const jwk = partner.keys.keys.find((k) => k.alg === 'ES256')!;
  return new SignJWT({ code: 'code-of-the-attacker', ...claims })
    .setProtectedHeader({ alg: 'ES256', kid: jwk.kid!, typ: 'JWT' })
    .setIssuer(partner.as.issuer)
    .setIssuedAt()
    .setExpirationTime('60s')
    .sign(await importJWK(jwk, 'ES256'));
}
