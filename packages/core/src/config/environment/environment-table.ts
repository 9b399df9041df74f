import { DEFAULTS } from '../resolve-options.js';
import { DEFAULT_STORE_KIND, STORE_KINDS } from '../../transaction/select-stores.js';
import type { EnvironmentVariable } from './environment-variable.js';
import {
  CLIENT_ASSERTION_AUDIENCES,
  MAX_RESPONSE_MAX_LIFETIME,
  STRICT_RESPONSE_MAX_LIFETIME,
} from '../compatibility.js';
import { DEFAULT_SESSION_STORE_KIND, SESSION_STORE_KINDS } from '../../session/select-session-store.js';
import { SESSION_DEFAULTS } from '../../session/session-options.js';

/**
 * Every `SIGNET_*` variable Signet reads, in README order. `readEnvironment` parses from these rows and the README
 * tables are checked against them, so a variable cannot be read without being documented, or the reverse.
 * Defaults quote the constants the code applies. To add a variable: one row here, one field in
 * `EnvironmentValues`, one README row.
 */
export const SIGNET_ENVIRONMENT: readonly EnvironmentVariable[] = [
  {
    name: 'SIGNET_ISSUER',
    perClient: 'own',
    option: 'issuer',
    type: { kind: 'url', example: 'https://as.example.com' },
    required: true,
    description: 'Issuer identifier of the authorization server (https, or http on loopback).',
  },
  {
    name: 'SIGNET_CLIENT_ID',
    perClient: 'own',
    option: 'clientId',
    type: { kind: 'string', example: 'my-client' },
    required: true,
    description: "This client's `client_id` at the authorization server.",
  },
  {
    name: 'SIGNET_REDIRECT_URI',
    perClient: 'own',
    option: 'redirectUri',
    type: { kind: 'url', example: 'https://app.example.com/callback' },
    required: true,
    description: 'The exact registered redirect URI (the callback route).',
  },
  {
    name: 'SIGNET_SIGNING_KEY',
    perClient: 'inherit',
    option: 'signingKeys',
    type: { kind: 'key', use: 'sig', file: false },
    required: true,
    description: 'Private signing key: a JWK (or a JWKS) as JSON. Or use `SIGNET_SIGNING_KEY_FILE`.',
  },
  {
    name: 'SIGNET_SIGNING_KEY_FILE',
    perClient: 'inherit',
    option: 'signingKeys',
    type: { kind: 'key', use: 'sig', file: true },
    required: true,
    description: 'Path of the signing key: JWK, JWKS (keys not marked `"use":"enc"`) or PKCS#8 PEM.',
  },
  {
    name: 'SIGNET_DECRYPTION_KEY',
    perClient: 'inherit',
    option: 'decryptionKeys',
    type: { kind: 'key', use: 'enc', file: false },
    required: false,
    description:
      'Private key for encrypted responses, JWK or JWKS as JSON. When set, unencrypted responses are refused.',
  },
  {
    name: 'SIGNET_DECRYPTION_KEY_FILE',
    perClient: 'inherit',
    option: 'decryptionKeys',
    type: { kind: 'key', use: 'enc', file: true },
    required: false,
    description: 'Path of the decryption key: JWK, JWKS (keys marked `"use":"enc"`) or PKCS#8 PEM.',
  },
  {
    name: 'SIGNET_SCOPE',
    perClient: 'inherit',
    option: 'scope',
    type: { kind: 'string', example: 'openid profile' },
    required: false,
    default: DEFAULTS.scope,
    description: 'Default space-separated scope of every login.',
  },
  {
    name: 'SIGNET_RESPONSE_MODE',
    perClient: 'inherit',
    option: 'responseMode',
    type: { kind: 'enum', values: ['jwt', 'query.jwt', 'form_post.jwt', 'fragment.jwt'] },
    required: false,
    default: DEFAULTS.responseMode,
    description: '`jwt`, `query.jwt`, `form_post.jwt` or `fragment.jwt`.',
  },
  {
    name: 'SIGNET_USE_PAR',
    perClient: 'inherit',
    option: 'usePar',
    type: { kind: 'enum', values: ['auto', 'true', 'false'], map: { true: true, false: false } },
    required: false,
    default: DEFAULTS.usePar,
    description: '`auto` (PAR when the AS advertises it), `true`, `false` (only with `fapi1-advanced`).',
  },
  {
    name: 'SIGNET_PROFILE',
    perClient: 'inherit',
    option: 'profile',
    type: { kind: 'enum', values: ['fapi2', 'fapi1-advanced'] },
    required: false,
    default: DEFAULTS.profile,
    description: '`fapi2` or `fapi1-advanced`.',
  },
  {
    name: 'SIGNET_CLOCK_TOLERANCE',
    perClient: 'inherit',
    option: 'clockTolerance',
    type: { kind: 'integer', unit: 'seconds', min: 0, max: 60 },
    required: false,
    default: String(DEFAULTS.clockTolerance),
    description:
      'Clock skew tolerated on `exp`/`nbf`/`iat`, seconds (0 to 60). Compatibility option above 5: warned at boot, audited.',
  },
  {
    name: 'SIGNET_CLIENT_ASSERTION_AUDIENCE',
    perClient: 'inherit',
    option: 'clientAssertionAudience',
    type: { kind: 'enum', values: CLIENT_ASSERTION_AUDIENCES },
    required: false,
    default: DEFAULTS.clientAssertionAudience,
    description:
      'Compatibility option: the client assertion `aud`. `issuer` (FAPI 2.0), `token_endpoint`, or `endpoint` (the URL of the endpoint called: PAR, token, revocation). Not `issuer`: warned at boot, audited.',
  },
  {
    name: 'SIGNET_RESPONSE_MAX_LIFETIME',
    perClient: 'inherit',
    option: 'responseMaxLifetime',
    type: { kind: 'integer', unit: 'seconds', min: 10, max: MAX_RESPONSE_MAX_LIFETIME },
    required: false,
    default: String(DEFAULTS.responseMaxLifetime),
    description: `Compatibility option: the longest JARM response lifetime accepted, seconds (10 to ${MAX_RESPONSE_MAX_LIFETIME}). Above ${STRICT_RESPONSE_MAX_LIFETIME}: warned at boot, audited.`,
  },
  {
    name: 'SIGNET_COOKIE_SECRET',
    option: 'cookieSecret',
    type: { kind: 'secrets' },
    required: true,
    description:
      'Signs the session, seals the transaction cookies; 32+ characters, the same on every instance; a comma-separated list rotates (newest first).',
  },
  {
    name: 'SIGNET_STORE',
    option: 'storeKind',
    type: { kind: 'enum', values: STORE_KINDS, caseInsensitive: true },
    required: false,
    default: DEFAULT_STORE_KIND,
    description:
      '`cookie` (an encrypted cookie per login), `memory` (one instance only) or `redis`. [Stores](#stores).',
  },
  {
    name: 'SIGNET_REDIS_URL',
    option: 'redisUrl',
    type: { kind: 'url', example: 'redis://127.0.0.1:6379' },
    required: false,
    description: '`redis://` or `rediss://` URL: required by `redis`; beside `cookie`, a shared replay register.',
  },
  {
    name: 'SIGNET_AUDIT_FILE',
    option: 'auditFile',
    type: { kind: 'string', example: '/var/log/signet/audit.jsonl' },
    required: false,
    description:
      'The durable, hash-chained audit log (JSON lines, fsync per batch, rotated at 64 MiB); logins answer 503 `ERR_AUDIT_UNAVAILABLE` when it cannot be written.',
  },
  {
    name: 'SIGNET_AUDIT_PG_URL',
    option: 'auditPgUrl',
    type: { kind: 'url', example: 'postgres://signet@127.0.0.1:5432/signet' },
    required: false,
    description:
      '`postgres://` URL of the same log in PostgreSQL, shared by instances (`@signet/audit-pg`); instead of the file.',
  },
  {
    name: 'SIGNET_AUDIT_ALLOW_UNRECORDED_LOGINS',
    option: 'allowUnrecordedLogins',
    type: { kind: 'boolean' },
    required: false,
    default: 'false',
    description:
      '`true` lets logins succeed when the audit log cannot be written: a relaxation, warned at boot and named in every record.',
  },
  {
    name: 'SIGNET_AUDIT_EVIDENCE_KEY',
    option: 'auditEvidenceKey',
    type: { kind: 'string', example: '{"kty":"EC","crv":"P-256","x":"...","y":"..."}' },
    required: false,
    description:
      "The auditor's public JWK (JSON): each request object and verified response is sealed to it (JWE) as evidence.",
  },
  {
    name: 'SIGNET_POLICY_FILE',
    perClient: 'inherit',
    option: 'policyFile',
    type: { kind: 'string', example: '/etc/signet/policy.yaml' },
    required: false,
    description:
      'The reviewed-scope policy (JSON or YAML): owner, purpose, reviewed scopes, `authorization_details` limits, grant lifetime, review-by date per client.',
  },
  {
    name: 'SIGNET_POLICY_STRICT',
    perClient: 'inherit',
    option: 'policyStrict',
    type: { kind: 'boolean' },
    required: false,
    default: 'false',
    description: '`true` refuses to boot once the review-by date has passed (default: a warning at boot, recorded).',
  },
  {
    name: 'SIGNET_CLIENT_AUTH',
    perClient: 'inherit',
    option: 'clientAuth',
    type: { kind: 'enum', values: ['private_key_jwt', 'tls_client_auth', 'self_signed_tls_client_auth'] },
    required: false,
    default: DEFAULTS.clientAuth,
    description:
      '`private_key_jwt`, `tls_client_auth` or `self_signed_tls_client_auth` (mutual TLS, RFC 8705; needs `SIGNET_TLS_CERT_FILE`).',
  },
  {
    name: 'SIGNET_TLS_CERT_FILE',
    perClient: 'inherit',
    option: 'tlsCertificate',
    type: { kind: 'pem-file', holds: 'certificate' },
    required: false,
    description:
      'PEM client certificate, presented on every connection to the AS and resource servers; access tokens become certificate-bound. With `SIGNET_TLS_KEY_FILE`. `fapi1-advanced` needs it (sender-constrained tokens).',
  },
  {
    name: 'SIGNET_TLS_KEY_FILE',
    perClient: 'inherit',
    option: 'tlsKey',
    type: { kind: 'pem-file', holds: 'private key' },
    required: false,
    description: 'PEM private key of `SIGNET_TLS_CERT_FILE`.',
  },
  {
    name: 'SIGNET_TLS_CA_FILE',
    perClient: 'inherit',
    option: 'tlsCa',
    type: { kind: 'pem-file', holds: 'CA certificate' },
    required: false,
    description:
      "PEM CA certificate(s) trusted for the AS and resource servers instead of the system's roots (a private CA). Server certificates are always verified.",
  },
  {
    name: 'SIGNET_REDIS_CLUSTER_NODES',
    option: 'redisClusterNodes',
    type: { kind: 'string', example: 'redis://10.0.0.1:7000,redis://10.0.0.2:7000' },
    required: false,
    description:
      'Instead of the URL, a Redis Cluster: comma-separated `redis://[user:password@]host:port` of some of its nodes.',
  },
  {
    name: 'SIGNET_REDIS_SENTINELS',
    option: 'redisSentinels',
    type: { kind: 'string', example: 'redis://10.0.0.1:26379,redis://10.0.0.2:26379' },
    required: false,
    description:
      'Instead of the URL, Redis Sentinel: comma-separated `redis://[user:password@]host:26379` of the Sentinels.',
  },
  {
    name: 'SIGNET_REDIS_SENTINEL_NAME',
    option: 'redisSentinelName',
    type: { kind: 'string', example: 'mymaster' },
    required: false,
    description: 'The master group the Sentinels watch; required with `SIGNET_REDIS_SENTINELS`.',
  },
  {
    name: 'SIGNET_DPOP',
    perClient: 'inherit',
    option: 'dpop',
    type: { kind: 'enum', values: ['false', 'true'], map: { true: { perSession: true }, false: false } },
    required: false,
    default: 'false',
    description: '`true`: DPoP-bound tokens (RFC 9449), one key per login, sealed with the server-side session.',
  },
  {
    name: 'SIGNET_SESSION_STORE',
    option: 'sessionStoreKind',
    type: { kind: 'enum', values: SESSION_STORE_KINDS, caseInsensitive: true },
    required: false,
    default: DEFAULT_SESSION_STORE_KIND,
    description:
      '`cookie` (a signed cookie, no tokens kept), `memory` (one instance) or `redis` (shared, with `SIGNET_REDIS_URL`): server-side sessions with the encrypted grant.',
  },
  {
    name: 'SIGNET_USERINFO',
    option: 'userinfo',
    type: { kind: 'boolean' },
    required: false,
    default: String(SESSION_DEFAULTS.userinfo),
    description: 'Server-side sessions: fetch userinfo once after sign-in (signed or encrypted answers verified).',
  },
  {
    name: 'SIGNET_SESSION_IDLE_TIMEOUT',
    option: 'sessionIdleTimeout',
    type: { kind: 'integer', unit: 'seconds', min: 60, max: 2_592_000 },
    required: false,
    default: String(SESSION_DEFAULTS.idleTimeout),
    description: 'Server-side sessions: seconds without a request before the session ends.',
  },
  {
    name: 'SIGNET_SESSION_ABSOLUTE_TIMEOUT',
    option: 'sessionAbsoluteTimeout',
    type: { kind: 'integer', unit: 'seconds', min: 60, max: 2_592_000 },
    required: false,
    default: String(SESSION_DEFAULTS.absoluteTimeout),
    description: 'Server-side sessions: seconds after sign-in before the session ends, whatever its activity.',
  },
  {
    name: 'SIGNET_CLIENTS',
    option: 'clients',
    type: { kind: 'names', example: 'bankA,bankB' },
    required: false,
    description:
      'Several partners: comma-separated client names (`bankA,bankB`). Each then reads `SIGNET_<NAME>_ISSUER`, `SIGNET_<NAME>_CLIENT_ID`, `SIGNET_<NAME>_REDIRECT_URI` and optionally its own form of the other client variables (`SIGNET_BANKA_SIGNING_KEY_FILE`, ...), which default to the plain ones.',
  },
];
