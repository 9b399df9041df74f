import type { SecurityProfile } from '../config/client-options.js';
import type { MetadataCheck } from './doctor-report.js';
import { listOf, quote } from './metadata-values.js';
import { FAPI_SIGNING_ALGORITHMS, KEY_MANAGEMENT_ALGORITHMS as KEY_MANAGEMENT } from '../algorithms/algorithms.js';

type Metadata = Record<string, unknown>;

/** The JWS algorithms FAPI allows (FAPI 2.0 Security Profile §5.4), from the one registry. */
const FAPI_JWS: readonly string[] = FAPI_SIGNING_ALGORITHMS;
const CLAUSE_ALGS = 'FAPI 2.0 Security Profile §5.4';

/** A signing list: pass when it offers a FAPI algorithm; warn when absent (the server may still accept one). */
function signing(metadata: Metadata, id: string, name: string, what: string): MetadataCheck {
  const offered = listOf(metadata, name);
  const usable = offered?.filter((alg) => FAPI_JWS.includes(alg)) ?? [];
  return {
    id,
    status: offered === undefined ? 'warn' : usable.length > 0 ? 'pass' : 'fail',
    title: `${what} can be signed with a FAPI algorithm`,
    detail:
      offered === undefined
        ? `${name} absent`
        : usable.length > 0
          ? usable.join(' ')
          : `only ${offered.map(quote).join(' ')} (PS256, ES256 or EdDSA needed)`,
    clause: CLAUSE_ALGS,
  };
}

/**
 * Algorithms (request objects, client assertions, JARM, ID tokens, encryption), client authentication, and the
 * sender constraint of access tokens: DPoP or mutual TLS, one of which FAPI 2.0 requires.
 */
export function algorithmChecks(metadata: Metadata, profile: SecurityProfile): MetadataCheck[] {
  const authMethods = listOf(metadata, 'token_endpoint_auth_methods_supported');
  const supportedAuth = authMethods?.filter((m) =>
    ['private_key_jwt', 'tls_client_auth', 'self_signed_tls_client_auth'].includes(m),
  );
  const encryption = listOf(metadata, 'authorization_encryption_alg_values_supported');
  const dpop = listOf(metadata, 'dpop_signing_alg_values_supported');
  const dpopUsable = dpop?.filter((alg) => FAPI_JWS.includes(alg)) ?? [];
  const boundTokens = metadata.tls_client_certificate_bound_access_tokens === true;
  const aliases = metadata.mtls_endpoint_aliases;
  const aliasEntries = aliases && typeof aliases === 'object' ? Object.entries(aliases as Record<string, unknown>) : [];
  const insecureAliases = aliasEntries.filter(([, url]) => typeof url !== 'string' || !/^https:\/\//.test(url));
  const senderConstrained = dpopUsable.length > 0 || boundTokens;
  return [
    {
      id: 'client_auth.method',
      status: authMethods === undefined ? 'warn' : supportedAuth!.length > 0 ? 'pass' : 'fail',
      title: 'private_key_jwt or mutual TLS client authentication',
      detail:
        authMethods === undefined
          ? 'token_endpoint_auth_methods_supported absent'
          : supportedAuth!.length > 0
            ? supportedAuth!.join(' ')
            : `only ${authMethods.map(quote).join(' ')}`,
      clause: 'FAPI 2.0 Security Profile §5.3 (client authentication); RFC 7523; RFC 8705',
    },
    signing(metadata, 'client_auth.signing', 'token_endpoint_auth_signing_alg_values_supported', 'client assertions'),
    signing(metadata, 'request.signing', 'request_object_signing_alg_values_supported', 'request objects'),
    signing(metadata, 'jarm.signing', 'authorization_signing_alg_values_supported', 'JARM responses'),
    signing(metadata, 'id_token.signing', 'id_token_signing_alg_values_supported', 'ID tokens'),
    {
      id: 'jarm.encryption',
      status: encryption === undefined || encryption.some((alg) => KEY_MANAGEMENT.includes(alg)) ? 'pass' : 'warn',
      title: 'encrypted JARM uses an algorithm Signet accepts (optional)',
      detail:
        encryption === undefined
          ? 'not offered (responses are signed only)'
          : encryption.filter((alg) => KEY_MANAGEMENT.includes(alg)).join(' ') ||
            `only ${encryption.map(quote).join(' ')}`,
      clause: 'JARM §2.3; RFC 7518 §4',
    },
    {
      id: 'dpop',
      status:
        dpop === undefined
          ? profile === 'fapi2' && !boundTokens
            ? 'warn'
            : 'pass'
          : dpopUsable.length
            ? 'pass'
            : 'fail',
      title: 'DPoP proofs with a FAPI algorithm',
      detail:
        dpop === undefined
          ? 'not offered'
          : dpopUsable.length
            ? dpopUsable.join(' ')
            : `only ${dpop.map(quote).join(' ')}`,
      clause: 'RFC 9449 §5.1; FAPI 2.0 Security Profile §5.4',
    },
    {
      id: 'mtls.aliases',
      status: insecureAliases.length ? 'fail' : 'pass',
      title: 'mutual TLS endpoint aliases use https (when published)',
      detail: aliasEntries.length
        ? insecureAliases.length
          ? insecureAliases.map(([name, url]) => `${name} ${quote(url)}`).join('; ')
          : `${aliasEntries.map(([name]) => name).join(' ')}; certificate-bound tokens: ${boundTokens}`
        : `none; certificate-bound tokens: ${boundTokens}`,
      clause: 'RFC 8705 §5',
    },
    {
      id: 'sender_constraint',
      status: senderConstrained ? 'pass' : profile === 'fapi2' ? 'fail' : 'warn',
      title: 'access tokens can be sender-constrained (DPoP or mutual TLS)',
      detail: senderConstrained
        ? [dpopUsable.length ? 'DPoP' : '', boundTokens ? 'mTLS' : ''].filter(Boolean).join(' and ')
        : 'neither dpop_signing_alg_values_supported nor tls_client_certificate_bound_access_tokens',
      clause: 'FAPI 2.0 Security Profile §5.3 (sender-constrained access tokens)',
    },
  ];
}
