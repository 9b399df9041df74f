import { describe, expect, it } from '@jest/globals';
import { gradeMetadata } from './grade-metadata.js';
import { verdictOf } from './doctor-report.js';

const ISSUER = 'https://as.example';
/** What a FAPI 2.0 server advertises when it does everything Signet needs. */
const GOOD = {
  issuer: ISSUER,
  authorization_endpoint: `${ISSUER}/auth`,
  token_endpoint: `${ISSUER}/token`,
  pushed_authorization_request_endpoint: `${ISSUER}/par`,
  require_pushed_authorization_requests: true,
  jwks_uri: `${ISSUER}/jwks`,
  response_types_supported: ['code'],
  response_modes_supported: ['query', 'jwt', 'query.jwt', 'form_post.jwt'],
  code_challenge_methods_supported: ['S256'],
  authorization_response_iss_parameter_supported: true,
  token_endpoint_auth_methods_supported: ['private_key_jwt'],
  token_endpoint_auth_signing_alg_values_supported: ['PS256', 'ES256'],
  request_object_signing_alg_values_supported: ['PS256', 'ES256'],
  authorization_signing_alg_values_supported: ['ES256'],
  id_token_signing_alg_values_supported: ['ES256'],
  dpop_signing_alg_values_supported: ['ES256'],
};

const grade = (changes: Record<string, unknown>, profile: 'fapi2' | 'fapi1-advanced' = 'fapi2') =>
  gradeMetadata({ ...GOOD, ...changes }, { issuer: ISSUER, profile });
const statusOf = (checks: ReturnType<typeof grade>, id: string) => checks.find((c) => c.id === id)?.status;

describe('gradeMetadata', () => {
  it('passes every check of a server that does what FAPI 2.0 asks', () => {
    const checks = grade({});
    expect(checks.filter((c) => c.status !== 'pass')).toEqual([]);
    expect(verdictOf(checks)).toBe('pass');
    expect(checks.length).toBeGreaterThan(10);
    for (const c of checks) expect(c.clause).not.toBe('');
  });

  it('fails a multi-tenant issuer template and says what to configure', () => {
    const checks = grade({ issuer: 'https://login.example/{tenantid}/v2.0' });
    expect(checks.find((c) => c.id === 'issuer.exact')).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining("multi-tenant template: configure the tenant's own issuer"),
    });
  });

  it('fails an issuer that differs by a trailing slash, naming the exact value', () => {
    const check = grade({ issuer: `${ISSUER}/` }).find((c) => c.id === 'issuer.exact');
    expect(check).toMatchObject({ status: 'fail', detail: expect.stringContaining(`configure exactly "${ISSUER}/"`) });
  });

  it.each([
    ['no PAR endpoint under fapi2', { pushed_authorization_request_endpoint: undefined }, 'par.endpoint', 'fail'],
    ['PAR not required', { require_pushed_authorization_requests: false }, 'par.required', 'warn'],
    ['no JARM response mode', { response_modes_supported: ['query', 'fragment'] }, 'jarm.modes', 'fail'],
    ['RS256-only JARM', { authorization_signing_alg_values_supported: ['RS256'] }, 'jarm.signing', 'fail'],
    [
      'RS256-only request objects',
      { request_object_signing_alg_values_supported: ['RS256'] },
      'request.signing',
      'fail',
    ],
    [
      'client_secret_basic only',
      { token_endpoint_auth_methods_supported: ['client_secret_basic'] },
      'client_auth.method',
      'fail',
    ],
    ['PKCE plain only', { code_challenge_methods_supported: ['plain'] }, 'pkce.s256', 'fail'],
    ['no RFC 9207 advertisement', { authorization_response_iss_parameter_supported: undefined }, 'rfc9207.iss', 'warn'],
    ['an http token endpoint', { token_endpoint: 'http://as.example/token' }, 'endpoints.https', 'fail'],
    [
      'an http mTLS alias',
      { mtls_endpoint_aliases: { token_endpoint: 'http://mtls.as.example/token' } },
      'mtls.aliases',
      'fail',
    ],
    ['no sender constraint under fapi2', { dpop_signing_alg_values_supported: undefined }, 'sender_constraint', 'fail'],
    [
      'RSA1_5-only JARM encryption',
      { authorization_encryption_alg_values_supported: ['RSA1_5'] },
      'jarm.encryption',
      'warn',
    ],
  ])('grades %s', (_label, changes, id, status) => {
    expect(statusOf(grade(changes), id)).toBe(status);
  });

  it('grades by the chosen profile: no PAR is a warning under fapi1-advanced', () => {
    expect(
      statusOf(grade({ pushed_authorization_request_endpoint: undefined }, 'fapi1-advanced'), 'par.endpoint'),
    ).toBe('warn');
  });

  it('accepts mutual TLS as the sender constraint', () => {
    const checks = grade({
      dpop_signing_alg_values_supported: undefined,
      tls_client_certificate_bound_access_tokens: true,
    });
    expect(statusOf(checks, 'sender_constraint')).toBe('pass');
  });

  it('quotes server values sanitized', () => {
    const check = grade({ issuer: 'https://evil\u001b[2J.example' }).find((c) => c.id === 'issuer.exact');
    expect(check!.detail).not.toContain('\u001b');
  });
});
