import * as oauth from 'oauth4webapi';
import type { SigningKey } from '../keys/import-key.js';

/**
 * `private_key_jwt` client authentication (RFC 7523, OIDC Core §9): oauth4webapi signs the assertion with
 * `iss` = `sub` = client_id and `aud` = the issuer identifier string, as FAPI 2.0 requires.
 */
export function privateKeyJwt(key: SigningKey): oauth.ClientAuth {
  return oauth.PrivateKeyJwt({ key: key.privateKey, kid: key.kid }, algorithmOf(key));
}

/**
 * oauth4webapi names an Ed25519 key's algorithm "Ed25519" (RFC 9864); servers registered with the older
 * "EdDSA" identifier expect that one, so the configured identifier is kept.
 */
export function algorithmOf(key: SigningKey): oauth.ModifyAssertionOptions {
  return {
    [oauth.modifyAssertion]: (header) => {
      if (header.alg === 'Ed25519' || header.alg === 'EdDSA') header.alg = key.alg;
    },
  };
}
