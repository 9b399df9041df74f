import type { ClientMetadata } from 'oidc-provider';
import { type Jwks, toPublicJwks } from './keys.js';

export interface SampleClientEnv {
  SIGNET_CLIENT_ID?: string;
  SIGNET_REDIRECT_URI?: string;
  DEV_AS_ENCRYPT_RESPONSES?: string;
  /** Where back-channel logout tokens go; default `<origin of SIGNET_REDIRECT_URI>/backchannel-logout`. */
  DEV_AS_BACKCHANNEL_LOGOUT_URI?: string;
}

export const DEFAULT_CLIENT_ID = 'sample-rp';
export const DEFAULT_REDIRECT_URI = 'http://127.0.0.1:3000/callback';

/**
 * The one client the CLI registers: the sample RP (apps/sample-rp), authenticated with `rp.json`'s ES256 key.
 * Both of the sample's callbacks are registered on the configured redirect URI's origin.
 */
export function sampleClientMetadata(env: SampleClientEnv, rpKeys: Jwks): ClientMetadata {
  const redirectUri = env.SIGNET_REDIRECT_URI || DEFAULT_REDIRECT_URI;
  const passportCallback = new URL('/passport/callback', redirectUri).href;
  const encrypt = env.DEV_AS_ENCRYPT_RESPONSES === 'true';
  const origin = new URL(redirectUri).origin;
  return {
    client_id: env.SIGNET_CLIENT_ID || DEFAULT_CLIENT_ID,
    client_name: 'Signet sample RP',
    redirect_uris: [...new Set([redirectUri, passportCallback])],
    response_types: ['code'],
    grant_types: ['authorization_code', 'refresh_token'],
    token_endpoint_auth_method: 'private_key_jwt',
    token_endpoint_auth_signing_alg: 'ES256',
    scope: 'openid profile email offline_access',
    jwks: toPublicJwks(rpKeys) as ClientMetadata['jwks'],
    id_token_signed_response_alg: 'ES256',
    authorization_signed_response_alg: 'ES256',
    // RP-initiated logout comes back to the home page; back-channel logout reaches the sample's endpoint.
    post_logout_redirect_uris: [`${origin}/`],
    // A second issuer for a partner of the sample sends its logout tokens to that partner's endpoint.
    backchannel_logout_uri: env.DEV_AS_BACKCHANNEL_LOGOUT_URI || `${origin}/backchannel-logout`,
    backchannel_logout_session_required: true,
    // Encrypted JARM is opt-in: the sample must then hold rp.json's ECDH-ES key to read responses.
    ...(encrypt
      ? { authorization_encrypted_response_alg: 'ECDH-ES', authorization_encrypted_response_enc: 'A256GCM' }
      : {}),
  };
}
