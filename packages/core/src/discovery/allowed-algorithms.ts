import type * as oauth from 'oauth4webapi';
import type { ClientConfig } from '../config/resolve-options.js';

/** The configured allow-list narrowed to what the AS advertises; the allow-list alone when it advertises nothing. */
function narrow(allowed: readonly string[], advertised: unknown): string[] {
  if (!Array.isArray(advertised)) return [...allowed];
  return allowed.filter((alg) => advertised.includes(alg));
}

/**
 * The JWS algorithms a JARM response may use: the allow-list ∩ `authorization_signing_alg_values_supported`.
 * An AS that signs only with ES256 cannot have an EdDSA response accepted because its JWKS also holds an
 * Ed25519 key: a key the AS holds is not an algorithm it declared it signs responses with.
 */
export function responseSigningAlgorithms(config: ClientConfig, as?: oauth.AuthorizationServer): string[] {
  return narrow(config.responseAlgorithms, as?.authorization_signing_alg_values_supported);
}

/** The ID token JWS algorithms: the allow-list ∩ `id_token_signing_alg_values_supported`. */
export function idTokenSigningAlgorithms(config: ClientConfig, as?: oauth.AuthorizationServer): string[] {
  return narrow(config.responseAlgorithms, as?.id_token_signing_alg_values_supported);
}

/**
 * JWE algorithms of an encrypted response: the allow-lists ∩ `authorization_encryption_alg_values_supported`
 * and `authorization_encryption_enc_values_supported`.
 */
export function responseEncryptionAlgorithms(
  config: ClientConfig,
  as?: oauth.AuthorizationServer,
): { alg: string[]; enc: string[] } {
  return {
    alg: narrow(config.responseEncryptionAlgorithms, as?.authorization_encryption_alg_values_supported),
    enc: narrow(config.responseContentEncryptionAlgorithms, as?.authorization_encryption_enc_values_supported),
  };
}
