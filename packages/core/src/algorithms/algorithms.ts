import type { JWK } from 'jose';

// Every JOSE algorithm Signet uses or accepts (RFC 7518 names), in one registry: what each list is for, what is
// allowed and what is the default. Config validation, key import, the doctor, encryption choices, the vault, the
// cookie store, evidence and DPoP all read these; none keeps a list of its own.

/**
 * The JWS algorithms FAPI allows (FAPI 2.0 Security Profile §5.4): request objects, client assertions, JARM
 * responses, ID tokens, logout tokens. `Ed25519` is EdDSA's fully specified name (RFC 9864). Nothing else is
 * ever accepted: no `none`, no HMAC, no RS256.
 */
export const FAPI_SIGNING_ALGORITHMS = ['ES256', 'PS256', 'EdDSA', 'Ed25519'] as const;

/** One of the FAPI signing algorithms. */
export type FapiSigningAlgorithm = (typeof FAPI_SIGNING_ALGORITHMS)[number];

/** The default response (JARM, ID token) allow-list: every FAPI algorithm, under its classic names. */
export const DEFAULT_RESPONSE_SIGNING_ALGORITHMS: readonly string[] = ['ES256', 'PS256', 'EdDSA'];

/** The JWS algorithm a client signing key of this type is used with (EC P-256, RSA, Ed25519), if FAPI has one. */
export function signingAlgorithmFor(jwk: Pick<JWK, 'kty' | 'crv'>): FapiSigningAlgorithm | undefined {
  if (jwk.kty === 'EC' && jwk.crv === 'P-256') return 'ES256';
  if (jwk.kty === 'RSA') return 'PS256';
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') return 'EdDSA';
  return undefined;
}

/** True when `alg` names the same algorithm as `expected` (EdDSA and Ed25519 are one algorithm). */
export function sameSigningAlgorithm(alg: string, expected: string): boolean {
  const ed = (name: string) => name === 'EdDSA' || name === 'Ed25519';
  return alg === expected || (ed(alg) && ed(expected));
}

/** JWE key management algorithms accepted anywhere (RFC 7518 §4): ECDH-ES and RSA-OAEP-256; never RSA1_5. */
export const KEY_MANAGEMENT_ALGORITHMS: readonly string[] = [
  'ECDH-ES',
  'ECDH-ES+A128KW',
  'ECDH-ES+A256KW',
  'RSA-OAEP-256',
];

/** The default key management allow-list of encrypted responses. */
export const DEFAULT_RESPONSE_KEY_MANAGEMENT: readonly string[] = ['ECDH-ES', 'ECDH-ES+A256KW', 'RSA-OAEP-256'];

/** The order a request object's key management is chosen in from what the AS offers: ECDH-ES first, RSA last. */
export const REQUEST_OBJECT_KEY_MANAGEMENT_PREFERENCE: readonly string[] = [
  'ECDH-ES',
  'ECDH-ES+A256KW',
  'ECDH-ES+A128KW',
  'RSA-OAEP-256',
];

/** The key management algorithms evidence may be sealed with (asymmetric only: the operator holds no secret). */
export const EVIDENCE_KEY_MANAGEMENT: readonly string[] = ['ECDH-ES+A256KW', 'ECDH-ES', 'RSA-OAEP-256'];

/** The key management algorithms a key of this type can do (RSA: RSA-OAEP-256; EC or X25519: ECDH-ES). */
export function keyManagementFor(jwk: Pick<JWK, 'kty' | 'crv'>): string[] {
  if (jwk.kty === 'RSA') return ['RSA-OAEP-256'];
  if (
    (jwk.kty === 'EC' && ['P-256', 'P-384', 'P-521'].includes(jwk.crv ?? '')) ||
    (jwk.kty === 'OKP' && jwk.crv === 'X25519')
  )
    return ['ECDH-ES', 'ECDH-ES+A128KW', 'ECDH-ES+A256KW'];
  return [];
}

/** JWE content encryption accepted anywhere: AES-GCM only. */
export const CONTENT_ENCRYPTION_ALGORITHMS: readonly string[] = ['A256GCM', 'A192GCM', 'A128GCM'];

/** The default content encryption allow-list of encrypted responses. */
export const DEFAULT_RESPONSE_CONTENT_ENCRYPTION: readonly string[] = ['A256GCM', 'A128GCM'];

/** The content encryption of a request object when none is chosen, and of everything Signet seals itself. */
export const DEFAULT_CONTENT_ENCRYPTION = 'A256GCM';

/**
 * What Signet seals for itself (transaction cookies, the grant vault): `dir` with a key derived for that one
 * purpose, and A256GCM. Opening accepts exactly this and nothing else.
 */
export const SEALING = { alg: 'dir', enc: DEFAULT_CONTENT_ENCRYPTION } as const;

/** The algorithm of the DPoP keys Signet generates (RFC 9449; a FAPI algorithm, the cheapest to sign with). */
export const DPOP_ALGORITHM = 'ES256';
