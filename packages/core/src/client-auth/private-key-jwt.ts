import * as oauth from 'oauth4webapi';
import type { SigningKey } from '../keys/import-key.js';

/**
 * `private_key_jwt` client authentication (RFC 7523, OIDC Core §9): oauth4webapi signs the assertion with
 * `iss` = `sub` = client_id and `aud` = the issuer identifier string, as FAPI 2.0 requires.
 */
export function privateKeyJwt(key: SigningKey): oauth.ClientAuth {
  return oauth.PrivateKeyJwt({ key: key.privateKey, kid: key.kid });
}
