import { beforeAll, describe, expect, it } from '@jest/globals';
import { exportJWK, generateKeyPair, type JWTPayload } from 'jose';
import { resolveOptions, type ClientConfig } from '../config/resolve-options.js';
import { checkClaims } from './check-claims.js';

const NOW = 1_800_000_000;
let config: ClientConfig;
const valid = (): JWTPayload => ({
  iss: 'https://as.example',
  aud: 'client-1',
  iat: NOW,
  exp: NOW + 60,
  code: 'c',
  state: 's',
});
const check = (claims: Record<string, unknown>) => () =>
  checkClaims(
    { ...valid(), ...claims } as JWTPayload,
    { issuer: config.issuer, clientId: config.clientId, clockTolerance: 5, maxLifetime: config.responseMaxLifetime },
    NOW,
  );

beforeAll(async () => {
  config = await resolveOptions({
    issuer: 'https://as.example',
    clientId: 'client-1',
    redirectUri: 'https://rp.example/callback',
    signingKeys: [await exportJWK((await generateKeyPair('ES256', { extractable: true })).privateKey)],
    clockTolerance: 5,
    responseMaxLifetime: 600,
  });
});

describe('checkClaims', () => {
  it('accepts a response for this client from the expected issuer, within its lifetime', () => {
    expect(check({})()).toMatchObject({ code: 'c', state: 's' });
  });

  it('accepts an aud array that holds only this client', () => {
    expect(() => check({ aud: ['client-1'] })()).not.toThrow();
  });

  it('accepts an exp that passed within the clock tolerance', () => {
    expect(() => check({ iat: NOW - 60, exp: NOW - 3 })()).not.toThrow();
  });

  it.each([
    ['missing', undefined],
    ['another issuer', 'https://attacker.example'],
    ['a prefix of the issuer', 'https://as.example.attacker'],
    ['the issuer with a trailing slash', 'https://as.example/'],
    ['an array', ['https://as.example']],
  ])('rejects an iss that is %s', (_, iss) => {
    expect(check({ iss })).toThrow(expect.objectContaining({ code: 'ERR_JARM_ISSUER_INVALID', field: 'iss' }));
  });

  it.each([
    ['missing', undefined],
    ['another client', 'client-2'],
    ['an array with an extra audience', ['client-1', 'client-2']],
    ['an empty array', []],
    ['an array of another client', ['client-2']],
  ])('rejects an aud that is %s', (_, aud) => {
    expect(check({ aud })).toThrow(expect.objectContaining({ code: 'ERR_JARM_AUDIENCE_INVALID', field: 'aud' }));
  });

  it('checks iss before aud (the issuer decides everything else)', () => {
    expect(check({ iss: 'https://attacker.example', aud: 'client-2' })).toThrow(
      expect.objectContaining({ code: 'ERR_JARM_ISSUER_INVALID' }),
    );
  });

  it.each([
    ['missing', { exp: undefined }],
    ['a string', { exp: String(NOW + 60) }],
    ['in the past beyond the tolerance', { iat: NOW - 120, exp: NOW - 6 }],
    ['exactly at the tolerance edge', { iat: NOW - 120, exp: NOW - 5 }],
  ])('rejects an exp that is %s', (_, claims) => {
    expect(check(claims)).toThrow(expect.objectContaining({ code: 'ERR_JARM_EXPIRED', field: 'exp' }));
  });

  it.each(['iat', 'nbf'])('rejects an %s in the future beyond the tolerance', (name) => {
    expect(check({ [name]: NOW + 6, exp: NOW + 120 })).toThrow(
      expect.objectContaining({ code: 'ERR_JARM_NOT_YET_VALID', field: name }),
    );
  });

  it.each(['iat', 'nbf'])('rejects a non-numeric %s', (name) => {
    expect(check({ [name]: 'yesterday' })).toThrow(
      expect.objectContaining({ code: 'ERR_JARM_CLAIM_INVALID', field: name }),
    );
  });

  it('rejects a lifetime longer than responseMaxLifetime', () => {
    expect(check({ iat: NOW, exp: NOW + 86_400 })).toThrow(
      expect.objectContaining({ code: 'ERR_JARM_LIFETIME_TOO_LONG' }),
    );
  });

  it('rejects a long lifetime even without iat (measured from now)', () => {
    expect(check({ iat: undefined, exp: NOW + 3600 })).toThrow(
      expect.objectContaining({ code: 'ERR_JARM_LIFETIME_TOO_LONG' }),
    );
  });

  it.each(['code', 'state', 'error', 'error_description'])('rejects a non-string %s', (name) => {
    expect(check({ [name]: 123 })).toThrow(expect.objectContaining({ code: 'ERR_JARM_CLAIM_INVALID', field: name }));
  });

  it('never quotes the code or the state in its messages', () => {
    const claims = { code: 'secret-code-value', state: 'secret-state-value' };
    for (const tamper of [{ iss: 'x' }, { aud: 'x' }, { exp: NOW - 100 }, { nbf: NOW + 100 }]) {
      try {
        check({ ...claims, ...tamper })();
      } catch (err) {
        expect((err as Error).message).not.toMatch(/secret-(code|state)-value/);
      }
    }
  });
});
