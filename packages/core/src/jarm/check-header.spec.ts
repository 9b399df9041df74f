import { beforeAll, describe, expect, it } from '@jest/globals';
import { exportJWK, generateKeyPair, type ProtectedHeaderParameters } from 'jose';
import { resolveOptions, type ClientConfig } from '../config/resolve-options.js';
import { checkHeader } from './check-header.js';

let config: ClientConfig;
const check = (header: Record<string, unknown>) => () =>
  checkHeader(header as ProtectedHeaderParameters, { algorithms: config.responseAlgorithms });

beforeAll(async () => {
  config = await resolveOptions({
    issuer: 'https://as.example',
    clientId: 'client-1',
    redirectUri: 'https://rp.example/callback',
    signingKeys: [await exportJWK((await generateKeyPair('ES256', { extractable: true })).privateKey)],
  });
});

describe('checkHeader', () => {
  it.each(['ES256', 'PS256', 'EdDSA'])('accepts %s with a kid', (alg) => {
    expect(check({ alg, kid: 'k1' })).not.toThrow();
  });

  it.each(['JWT', 'jwt', 'application/jwt'])('accepts typ %s', (typ) => {
    expect(check({ alg: 'ES256', typ })).not.toThrow();
  });

  it.each(['none', 'None', 'HS256', 'HS512', 'RS256', 'ES384', 'Ed25519', ''])('rejects alg %j', (alg) => {
    expect(check({ alg })).toThrow(expect.objectContaining({ code: 'ERR_JARM_ALG_NOT_ALLOWED' }));
  });

  it('rejects a header without alg', () => {
    expect(check({ kid: 'k1' })).toThrow(expect.objectContaining({ code: 'ERR_JARM_ALG_NOT_ALLOWED' }));
  });

  it('rejects an alg outside a narrowed allow-list even though FAPI allows it', () => {
    expect(() => checkHeader({ alg: 'ES256' }, { algorithms: ['PS256'] })).toThrow(
      expect.objectContaining({ code: 'ERR_JARM_ALG_NOT_ALLOWED' }),
    );
  });

  it.each([
    ['jku', 'https://attacker.example/jwks'],
    ['jwk', { kty: 'EC', crv: 'P-256', x: 'x', y: 'y' }],
    ['x5u', 'https://attacker.example/cert'],
    ['x5c', ['MIIB']],
  ])('rejects a %s key reference', (name, value) => {
    expect(check({ alg: 'ES256', [name]: value })).toThrow(
      expect.objectContaining({ code: 'ERR_JARM_HEADER_INVALID', field: name }),
    );
  });

  it.each([[['exp']], [[]], ['b64']])('rejects crit %j', (crit) => {
    expect(check({ alg: 'ES256', crit })).toThrow(expect.objectContaining({ code: 'ERR_JARM_CRIT_UNSUPPORTED' }));
  });

  it.each(['oauth-authz-req+jwt', 'at+jwt', 'dpop+jwt', 'JOSE', 'secevent+jwt', 42])('rejects typ %j', (typ) => {
    expect(check({ alg: 'ES256', typ })).toThrow(
      expect.objectContaining({ code: 'ERR_JARM_HEADER_INVALID', field: 'typ' }),
    );
  });

  it.each([
    ['b64', false],
    ['zip', 'DEF'],
  ])('rejects a %s header', (name, value) => {
    expect(check({ alg: 'ES256', [name]: value })).toThrow(
      expect.objectContaining({ code: 'ERR_JARM_HEADER_INVALID', field: name }),
    );
  });
});
