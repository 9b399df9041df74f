import type { SecurityProfile } from '../config/client-options.js';
import { isLoopbackUrl } from '../http/loopback.js';
import type { MetadataCheck } from './doctor-report.js';
import { algorithmChecks } from './algorithm-checks.js';
import { listOf, quote } from './metadata-values.js';

type Metadata = Record<string, unknown>;

const ENDPOINTS = [
  'authorization_endpoint',
  'token_endpoint',
  'pushed_authorization_request_endpoint',
  'jwks_uri',
  'userinfo_endpoint',
  'revocation_endpoint',
  'introspection_endpoint',
  'end_session_endpoint',
];
const JARM_MODES = ['jwt', 'query.jwt', 'form_post.jwt', 'fragment.jwt'];

function check(id: string, status: MetadataCheck['status'], title: string, detail: string, clause: string) {
  return { id, status, title, detail, clause };
}

function secure(url: string): 'https' | 'loopback' | 'insecure' {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'https:') return 'https';
    return parsed.protocol === 'http:' && isLoopbackUrl(parsed) ? 'loopback' : 'insecure';
  } catch {
    return 'insecure';
  }
}

function issuerChecks(metadata: Metadata, issuer: string): MetadataCheck[] {
  const seen = metadata.issuer;
  const clause = 'RFC 8414 §3.3; OpenID Connect Discovery §4.3';
  let exact: MetadataCheck;
  if (seen === issuer)
    exact = check('issuer.exact', 'pass', 'issuer is exactly the configured one', quote(seen), clause);
  else if (typeof seen === 'string' && /\{[^}]*\}/.test(seen))
    exact = check(
      'issuer.exact',
      'fail',
      'issuer is exactly the configured one',
      `${quote(seen)} is a multi-tenant template: configure the tenant's own issuer`,
      clause,
    );
  else if (typeof seen === 'string' && seen.replace(/\/$/, '') === issuer.replace(/\/$/, ''))
    exact = check(
      'issuer.exact',
      'fail',
      'issuer is exactly the configured one',
      `${quote(seen)} differs only by a trailing slash: configure exactly ${quote(seen)}`,
      clause,
    );
  else exact = check('issuer.exact', 'fail', 'issuer is exactly the configured one', `got ${quote(seen)}`, clause);
  const transport = secure(issuer);
  const https = check(
    'issuer.https',
    transport === 'https' ? 'pass' : transport === 'loopback' ? 'warn' : 'fail',
    'issuer uses https',
    transport === 'loopback' ? 'http on loopback: development only' : quote(issuer),
    'RFC 8414 §2; FAPI 2.0 Security Profile §5.2 (TLS)',
  );
  return [exact, https];
}

function endpointChecks(metadata: Metadata): MetadataCheck[] {
  const insecure = ENDPOINTS.filter((name) => typeof metadata[name] === 'string')
    .filter((name) => secure(metadata[name] as string) === 'insecure')
    .map((name) => `${name} ${quote(metadata[name])}`);
  const missing = ['authorization_endpoint', 'token_endpoint', 'jwks_uri'].filter(
    (name) => typeof metadata[name] !== 'string',
  );
  return [
    check(
      'endpoints.present',
      missing.length ? 'fail' : 'pass',
      'authorization, token and JWKS endpoints are published',
      missing.length ? `missing: ${missing.join(', ')}` : 'all present',
      'RFC 8414 §2',
    ),
    check(
      'endpoints.https',
      insecure.length ? 'fail' : 'pass',
      'every endpoint uses https (or loopback http)',
      insecure.length ? insecure.join('; ') : 'yes',
      'FAPI 2.0 Security Profile §5.2 (TLS)',
    ),
  ];
}

function flowChecks(metadata: Metadata, profile: SecurityProfile): MetadataCheck[] {
  const par = typeof metadata.pushed_authorization_request_endpoint === 'string';
  const modes = listOf(metadata, 'response_modes_supported');
  const jarm = modes?.filter((m) => JARM_MODES.includes(m)) ?? [];
  const pkce = listOf(metadata, 'code_challenge_methods_supported');
  const types = listOf(metadata, 'response_types_supported');
  return [
    check(
      'par.endpoint',
      par ? 'pass' : profile === 'fapi2' ? 'fail' : 'warn',
      'pushed authorization requests (PAR) are offered',
      par ? quote(metadata.pushed_authorization_request_endpoint) : 'no pushed_authorization_request_endpoint',
      'RFC 9126 §5; FAPI 2.0 Security Profile §5.3 (PAR)',
    ),
    check(
      'par.required',
      metadata.require_pushed_authorization_requests === true ? 'pass' : 'warn',
      'the server requires PAR',
      metadata.require_pushed_authorization_requests === true
        ? 'require_pushed_authorization_requests: true'
        : 'not required: parameters sent by value would also be accepted',
      'RFC 9126 §5; FAPI 2.0 Security Profile §5.3 (the server requires PAR)',
    ),
    check(
      'response_type.code',
      types === undefined || types.includes('code') ? 'pass' : 'fail',
      'response_type=code is supported',
      types === undefined ? 'response_types_supported absent' : types.join(' '),
      'FAPI 2.0 Security Profile §5.3 (response type code)',
    ),
    check(
      'jarm.modes',
      modes === undefined ? 'warn' : jarm.length > 0 ? 'pass' : 'fail',
      'JARM response modes are offered',
      modes === undefined
        ? 'response_modes_supported absent'
        : jarm.length
          ? jarm.join(' ')
          : `only ${modes.join(' ')}`,
      'JARM §3',
    ),
    check(
      'pkce.s256',
      pkce === undefined ? 'warn' : pkce.includes('S256') ? 'pass' : 'fail',
      'PKCE S256 is supported',
      pkce === undefined ? 'code_challenge_methods_supported absent' : pkce.join(' '),
      'RFC 7636 §4.2; FAPI 2.0 Security Profile §5.3 (PKCE S256)',
    ),
    check(
      'rfc9207.iss',
      metadata.authorization_response_iss_parameter_supported === true ? 'pass' : 'warn',
      'authorization responses carry iss (RFC 9207)',
      metadata.authorization_response_iss_parameter_supported === true
        ? 'authorization_response_iss_parameter_supported: true'
        : 'not advertised (JARM responses still carry a signed iss)',
      'RFC 9207 §3',
    ),
  ];
}

/**
 * Grades discovery metadata against what Signet needs under `profile`: exact issuer, https, PAR, JARM, FAPI
 * algorithms, PKCE, sender-constrained tokens (DPoP or mTLS), RFC 9207. Pure: the caller fetched the document.
 *
 * @example
 * const checks = gradeMetadata(await (await fetch(`${issuer}/.well-known/openid-configuration`)).json(), { issuer, profile: 'fapi2' });
 */
export function gradeMetadata(
  metadata: Metadata,
  options: { issuer: string; profile: SecurityProfile },
): MetadataCheck[] {
  return [
    ...issuerChecks(metadata, options.issuer),
    ...endpointChecks(metadata),
    ...flowChecks(metadata, options.profile),
    ...algorithmChecks(metadata, options.profile),
  ];
}
