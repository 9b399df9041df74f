/** Every named attack of the test AS, by the part of the flow it tampers with. */
export const ATTACK_NAMES = [
  // the authorization response (JARM): Signet refuses before any token request
  'wrong-issuer',
  'missing-issuer',
  'mix-up',
  'wrong-audience',
  'extra-audience',
  'expired',
  'not-yet-valid',
  'long-lived',
  'alg-none',
  'hs256-with-public-key',
  'unknown-kid',
  'embedded-jwk',
  'jku-header',
  'crit-header',
  'tampered-signature',
  'tampered-payload',
  'malformed',
  'missing-state',
  'wrong-state',
  'response-of-another-login',
  'replayed-response',
  'unsigned-response',
  'unsigned-parameter',
  'issuer-conflict',
  'wrong-response-mode',
  'code-and-error',
  'missing-code',
  'unencrypted-response',
  // the token response: only the AS's PKCE check or the ID token check can tell
  'code-of-another-login',
  'id-token-wrong-nonce',
  'id-token-wrong-issuer',
  'id-token-wrong-audience',
  'id-token-expired',
  'id-token-alg-none',
  'id-token-tampered-signature',
] as const;

/** The name of an attack the test AS can play (`as.attack(name)`, `attack=` on its authorization URL). */
export type AttackName = (typeof ATTACK_NAMES)[number];

/** True when `name` is one of the named attacks. */
export function isAttackName(name: string): name is AttackName {
  return (ATTACK_NAMES as readonly string[]).includes(name);
}
