import { describe, expect, it } from '@jest/globals';
import { AuthorizationServerError } from '../errors/signet-error.js';
import type { JarmClaims } from './check-claims.js';
import { checkOutcome } from './verify-response.js';
import { httpStatusOf } from '../http/http-status.js';

const claims = (extra: Partial<JarmClaims>): JarmClaims => ({
  iss: 'https://as.example',
  aud: 'client-1',
  exp: 0,
  state: 's',
  ...extra,
});

describe('checkOutcome', () => {
  it('returns the code of a verified success', () => {
    expect(checkOutcome(claims({ code: 'c' }))).toBe('c');
  });

  it('turns a verified error into an AuthorizationServerError carrying the error and its description', () => {
    let err: unknown;
    try {
      checkOutcome(claims({ error: 'access_denied', error_description: 'no' }));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AuthorizationServerError);
    expect(err).toMatchObject({
      code: 'ERR_AUTHORIZATION_ERROR',
      error: 'access_denied',
      errorDescription: 'no',
    });
    expect(httpStatusOf(err)).toBe(403);
  });

  it('answers 400 for a verified error other than access_denied', () => {
    let err: unknown;
    try {
      checkOutcome(claims({ error: 'invalid_request' }));
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'ERR_AUTHORIZATION_ERROR' });
    expect(httpStatusOf(err)).toBe(400);
  });

  it('rejects a response carrying both code and error', () => {
    expect(() => checkOutcome(claims({ code: 'c', error: 'access_denied' }))).toThrow(
      expect.objectContaining({ code: 'ERR_JARM_CODE_AND_ERROR' }),
    );
  });

  it.each([
    ['neither code nor error', {}],
    ['an empty code', { code: '' }],
  ])('rejects a response carrying %s', (_, extra) => {
    expect(() => checkOutcome(claims(extra))).toThrow(expect.objectContaining({ code: 'ERR_JARM_CODE_MISSING' }));
  });
});
