import { beforeAll, describe, expect, it } from '@jest/globals';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { resolveOptions, type ClientConfig } from '../config/resolve-options.js';
import type { CallbackInput } from './callback-input.js';
import { extractResponse } from './extract-response.js';

const JWT = 'eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJ4In0.c2ln';
let jwk: JWK;
let config: ClientConfig;
const extract =
  (params: CallbackInput['params'], on = config) =>
  () =>
    extractResponse(on, { delivery: 'query', params });

beforeAll(async () => {
  jwk = await exportJWK((await generateKeyPair('ES256', { extractable: true })).privateKey);
  config = await resolveOptions({
    issuer: 'https://as.example',
    clientId: 'client-1',
    redirectUri: 'https://rp.example/callback',
    signingKeys: [jwk],
  });
});

describe('extractResponse', () => {
  it('returns the response parameter from a record or URLSearchParams', () => {
    expect(extract({ response: JWT })()).toBe(JWT);
    expect(extract(new URLSearchParams({ response: JWT }))()).toBe(JWT);
  });

  it('tolerates a plain iss that agrees with the expected issuer', () => {
    expect(extract({ response: JWT, iss: 'https://as.example' })()).toBe(JWT);
  });

  it('refuses an unsigned code and state without a response JWT', () => {
    expect(extract({ code: 'c', state: 's' })).toThrow(
      expect.objectContaining({ code: 'ERR_JARM_RESPONSE_MISSING', message: expect.stringContaining('unsigned') }),
    );
  });

  it('refuses an unsigned error without a response JWT', () => {
    expect(extract({ error: 'access_denied', state: 's' })).toThrow(
      expect.objectContaining({ code: 'ERR_JARM_RESPONSE_MISSING' }),
    );
  });

  it('refuses an empty callback', () => {
    expect(extract({})).toThrow(expect.objectContaining({ code: 'ERR_JARM_RESPONSE_MISSING' }));
  });

  it('refuses a duplicated response parameter (URLSearchParams or an array in a record)', () => {
    expect(
      extract(
        new URLSearchParams([
          ['response', JWT],
          ['response', JWT],
        ]),
      ),
    ).toThrow(expect.objectContaining({ code: 'ERR_JARM_RESPONSE_DUPLICATED' }));
    expect(extract({ response: [JWT, 'other'] })).toThrow(
      expect.objectContaining({ code: 'ERR_JARM_RESPONSE_DUPLICATED' }),
    );
  });

  it('refuses a response larger than maxResponseSize before looking at it', () => {
    expect(extract({ response: 'x'.repeat(config.maxResponseSize + 1) })).toThrow(
      expect.objectContaining({ code: 'ERR_JARM_RESPONSE_TOO_LARGE' }),
    );
  });

  it('counts every parameter toward the size bound, not only the response', () => {
    expect(extract({ response: JWT, junk: 'x'.repeat(config.maxResponseSize) })).toThrow(
      expect.objectContaining({ code: 'ERR_JARM_RESPONSE_TOO_LARGE' }),
    );
  });

  it('refuses a plain iss that names another issuer', () => {
    expect(extract({ response: JWT, iss: 'https://attacker.example' })).toThrow(
      expect.objectContaining({ code: 'ERR_JARM_ISSUER_CONFLICT' }),
    );
  });

  it('refuses a conflicting plain iss even without a response (mix-up is reported first)', () => {
    expect(extract({ code: 'c', state: 's', iss: 'https://attacker.example' })).toThrow(
      expect.objectContaining({ code: 'ERR_JARM_ISSUER_CONFLICT' }),
    );
  });

  it('refuses two plain iss values of which one disagrees', () => {
    expect(
      extract(
        new URLSearchParams([
          ['response', JWT],
          ['iss', 'https://as.example'],
          ['iss', 'https://attacker.example'],
        ]),
      ),
    ).toThrow(expect.objectContaining({ code: 'ERR_JARM_ISSUER_CONFLICT' }));
  });

  it.each([
    ['code', { code: 'injected' }],
    ['state', { state: 's' }],
    ['an unknown parameter', { foo: 'bar' }],
  ])('refuses %s beside the response', (_, extra) => {
    expect(extract({ response: JWT, ...extra })).toThrow(
      expect.objectContaining({ code: 'ERR_JARM_UNEXPECTED_PARAMETERS' }),
    );
  });

  it("allows parameters that are part of the registered redirect URI's own query", async () => {
    const withQuery = await resolveOptions({
      issuer: 'https://as.example',
      clientId: 'client-1',
      redirectUri: 'https://rp.example/callback?tenant=acme',
      signingKeys: [jwk],
    });
    expect(extract({ response: JWT, tenant: 'acme' }, withQuery)()).toBe(JWT);
    expect(extract({ response: JWT, tenant: 'evil' }, withQuery)).toThrow(
      expect.objectContaining({ code: 'ERR_JARM_UNEXPECTED_PARAMETERS' }),
    );
  });

  it.each([
    ['a number', 42],
    ['an object', { jwt: JWT }],
    ['an empty string', ''],
  ])('refuses a response parameter that is %s', (_, response) => {
    expect(extract({ response })).toThrow(expect.objectContaining({ code: 'ERR_JARM_MALFORMED' }));
  });

  it('never quotes parameter values in its messages', () => {
    try {
      extract({ response: JWT, code: 'secret-code-value' })();
    } catch (err) {
      expect((err as Error).message).not.toContain('secret-code-value');
    }
  });
});
