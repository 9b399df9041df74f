import * as oauth from 'oauth4webapi';
import type { ClientConfig } from '../config/resolve-options.js';
import type { SigningKey } from '../keys/import-key.js';
import { assertionAudience, type AuthenticatedEndpoint } from './assertion-audience.js';

/**
 * One ClientAuth per signing key: oauth4webapi's is stateless (each call signs a fresh assertion with a new jti,
 * iat and exp), so it is made once, not on every login and callback.
 */
const byKey = new WeakMap<SigningKey, oauth.ClientAuth>();

/**
 * `private_key_jwt` client authentication (RFC 7523, OIDC Core §9): oauth4webapi signs the assertion with
 * `iss` = `sub` = client_id and `aud` = the issuer identifier string, as FAPI 2.0 requires.
 */
export function privateKeyJwt(key: SigningKey): oauth.ClientAuth {
  let auth = byKey.get(key);
  if (auth === undefined) {
    auth = oauth.PrivateKeyJwt({ key: key.privateKey, kid: key.kid }, algorithmOf(key));
    byKey.set(key, auth);
  }
  return auth;
}

/**
 * The client authentication for a call to `endpoint`: `private_key_jwt` with the first signing key, its `aud`
 * chosen by the `clientAssertionAudience` compatibility option (the issuer unless relaxed). oauth4webapi still
 * builds and signs the assertion; only `aud` is replaced, through its `modifyAssertion` hook.
 *
 * @example
 * await oauth.revocationRequest(as, client, privateKeyJwtAt(config, 'revocation_endpoint'), token, options);
 */
export function privateKeyJwtAt(config: ClientConfig, endpoint: AuthenticatedEndpoint): oauth.ClientAuth {
  const key = config.signingKeys[0]!;
  if (config.clientAssertionAudience === 'issuer') return privateKeyJwt(key);
  return (as, client, body, headers) => {
    const aud = assertionAudience(config.clientAssertionAudience, as, client, endpoint);
    return oauth.PrivateKeyJwt(
      { key: key.privateKey, kid: key.kid },
      {
        [oauth.modifyAssertion]: (header, payload) => {
          keepConfiguredAlgorithm(key, header);
          payload.aud = aud;
        },
      },
    )(as, client, body, headers);
  };
}

/**
 * oauth4webapi names an Ed25519 key's algorithm "Ed25519" (RFC 9864); servers registered with the older
 * "EdDSA" identifier expect that one, so the configured identifier is kept.
 */
export function algorithmOf(key: SigningKey): oauth.ModifyAssertionOptions {
  return { [oauth.modifyAssertion]: (header) => keepConfiguredAlgorithm(key, header) };
}

function keepConfiguredAlgorithm(key: SigningKey, header: Record<string, unknown>): void {
  if (header.alg === 'Ed25519' || header.alg === 'EdDSA') header.alg = key.alg;
}
