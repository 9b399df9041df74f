/**
 * Compatibility options: each relaxes one strict default so that Signet can work with an authorization server
 * that departs from a specification. None is ever turned on by a profile. Each one in effect is listed here
 * once, printed as a warning when the client is created, and named in the audit record of every flow it touches.
 */

/**
 * The `aud` of the `private_key_jwt` client assertion:
 * - `issuer` (default): the issuer identifier string, as FAPI 2.0 requires;
 * - `token_endpoint`: the token endpoint URL, whatever endpoint is called (OIDC Core §9's SHOULD);
 * - `endpoint`: the URL of the endpoint being called (PAR, token, revocation, ...).
 */
export type ClientAssertionAudience = 'issuer' | 'token_endpoint' | 'endpoint';

/** The values `clientAssertionAudience` accepts. */
export const CLIENT_ASSERTION_AUDIENCES: readonly ClientAssertionAudience[] = ['issuer', 'token_endpoint', 'endpoint'];

/** JARM's recommended maximum response lifetime (JARM §2.1: "at most 10 minutes"); longer is a relaxation. */
export const STRICT_RESPONSE_MAX_LIFETIME = 600;
/** The longest response lifetime any option can allow. */
export const MAX_RESPONSE_MAX_LIFETIME = 3600;
/** The clock tolerance beyond which a wider window is a relaxation of the default. */
export const STRICT_CLOCK_TOLERANCE = 5;

/** Which flows a relaxation can change: authorization requests (PAR), callbacks (JARM + token), or both. */
export type RelaxedFlow = 'request' | 'response';

/** One compatibility option in effect. */
export interface Relaxation {
  /** The client option (`clientAssertionAudience`). */
  option: string;
  /** The environment variable that sets it in the adapters (`SIGNET_CLIENT_ASSERTION_AUDIENCE`), if any. */
  variable?: string;
  /** The value in effect. */
  value: string | number | boolean;
  /** What is relaxed, in one sentence. */
  relaxes: string;
  /** The specification clause it departs from. */
  clause: string;
  /** The flows whose audit records name it. */
  flows: readonly RelaxedFlow[];
}

/** The inputs the classification needs, after validation. */
export interface CompatibilityInputs {
  clientAssertionAudience: ClientAssertionAudience;
  responseMaxLifetime: number;
  clockTolerance: number;
  requireEncryptedResponses: boolean;
  decryptionKeys: readonly unknown[];
}

/** The relaxations a validated configuration has in effect, in a stable order (empty when strict). */
export function relaxationsOf(config: CompatibilityInputs): Relaxation[] {
  const relaxations: Relaxation[] = [];
  if (config.clientAssertionAudience !== 'issuer') {
    relaxations.push({
      option: 'clientAssertionAudience',
      variable: 'SIGNET_CLIENT_ASSERTION_AUDIENCE',
      value: config.clientAssertionAudience,
      relaxes:
        config.clientAssertionAudience === 'endpoint'
          ? 'the client assertion "aud" is the URL of the endpoint being called instead of the issuer identifier'
          : 'the client assertion "aud" is the token endpoint URL instead of the issuer identifier',
      clause:
        'FAPI 2.0 Security Profile §5.3.2.1 (the issuer identifier as the only audience); RFC 9126 §2 (the issuer SHOULD be used)',
      flows: ['request', 'response'],
    });
  }
  if (config.responseMaxLifetime > STRICT_RESPONSE_MAX_LIFETIME) {
    relaxations.push({
      option: 'responseMaxLifetime',
      variable: 'SIGNET_RESPONSE_MAX_LIFETIME',
      value: config.responseMaxLifetime,
      relaxes: `JARM responses living up to ${config.responseMaxLifetime}s are accepted instead of ${STRICT_RESPONSE_MAX_LIFETIME}s`,
      clause: 'JARM §2.1 (exp: a lifetime of at most 10 minutes is recommended)',
      flows: ['response'],
    });
  }
  if (config.clockTolerance > STRICT_CLOCK_TOLERANCE) {
    relaxations.push({
      option: 'clockTolerance',
      variable: 'SIGNET_CLOCK_TOLERANCE',
      value: config.clockTolerance,
      relaxes: `exp, nbf and iat are accepted ${config.clockTolerance}s beyond their values instead of ${STRICT_CLOCK_TOLERANCE}s`,
      clause: 'RFC 7519 §4.1.4 (a small leeway); FAPI 2.0 Security Profile §5.3.2.1 (10 s of clock offset)',
      flows: ['response'],
    });
  }
  if (config.decryptionKeys.length > 0 && !config.requireEncryptedResponses) {
    relaxations.push({
      option: 'allowUnencryptedResponses',
      value: true,
      relaxes: 'plain signed responses are accepted although decryption keys are configured',
      clause: 'JARM §2.3 (a client that registered encryption expects encrypted responses)',
      flows: ['response'],
    });
  }
  return relaxations;
}

/** The audit form of the relaxations that can touch a flow: `option=value`, e.g. `clientAssertionAudience=endpoint`. */
export function relaxationsFor(relaxations: readonly Relaxation[], flow: RelaxedFlow): string[] {
  return relaxations.filter((r) => r.flows.includes(flow)).map((r) => `${r.option}=${String(r.value)}`);
}

/** The boot warning of one relaxation: what, why it is not the default, and the clause. */
export function relaxationWarning(relaxation: Relaxation): string {
  return `compatibility option ${relaxation.option}=${String(relaxation.value)} is on: ${relaxation.relaxes}; departs from ${relaxation.clause}`;
}
