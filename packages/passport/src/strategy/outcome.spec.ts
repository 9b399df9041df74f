import { describe, expect, it } from '@jest/globals';
import { AuthorizationServerError, SignetError } from '@signet/core';
import { errorFromFailure, outcomeOf } from './outcome.js';

describe('outcomeOf', () => {
  it('fails a verified access_denied with 403, the code and the AS error', () => {
    expect(outcomeOf(new AuthorizationServerError('access_denied', 'the user said no'))).toEqual({
      kind: 'fail',
      status: 403,
      challenge: {
        code: 'ERR_AUTHORIZATION_ERROR',
        error: 'access_denied',
        message: 'the authorization server answered "access_denied"',
      },
    });
  });

  it('fails a refused response with its own status and code', () => {
    expect(outcomeOf(new SignetError('ERR_STATE_UNKNOWN', 'no pending login', { field: 'state' }))).toEqual({
      kind: 'fail',
      status: 400,
      challenge: { code: 'ERR_STATE_UNKNOWN', message: 'no pending login', field: 'state' },
    });
    expect(outcomeOf(new SignetError('ERR_ID_TOKEN_INVALID'))).toMatchObject({ kind: 'fail', status: 401 });
  });

  it.each(['ERR_STORE_UNAVAILABLE', 'ERR_DISCOVERY_FAILED', 'ERR_TOKEN_REQUEST_FAILED', 'ERR_CONFIG_INVALID'] as const)(
    'reports %s as a fault',
    (code) => {
      const err = new SignetError(code);
      expect(outcomeOf(err)).toEqual({ kind: 'error', error: err });
    },
  );

  it('recognises a Signet error from another copy of core by its name and a code of the catalog', () => {
    const foreign = Object.assign(new Error('x'), { name: 'SignetError', code: 'ERR_JARM_EXPIRED' });
    expect(outcomeOf(foreign)).toMatchObject({ kind: 'fail', status: 400, challenge: { code: 'ERR_JARM_EXPIRED' } });
  });

  it('reports anything else as a fault', () => {
    expect(outcomeOf('boom')).toMatchObject({ kind: 'error', error: new Error('boom') });
  });
});

describe('errorFromFailure', () => {
  it('gives back the coded error a fail() challenge stood for', () => {
    const denied = errorFromFailure({ code: 'ERR_AUTHORIZATION_ERROR', error: 'access_denied', message: 'x' }, 403);
    expect(denied).toBeInstanceOf(AuthorizationServerError);
    expect(denied).toMatchObject({ code: 'ERR_AUTHORIZATION_ERROR', error: 'access_denied' });
    expect(
      errorFromFailure({ code: 'ERR_STATE_UNKNOWN', message: 'no pending login', field: 'state' }, 400),
    ).toMatchObject({ code: 'ERR_STATE_UNKNOWN', field: 'state', message: 'no pending login' });
  });

  it('gives back the original SignetError, cause and evidence included, from a challenge of this strategy', () => {
    const original = new SignetError('ERR_CALLBACK_MEDIA_TYPE_UNSUPPORTED', 'not a form', {
      cause: new Error('why'),
      expected: 'application/x-www-form-urlencoded',
    });
    const outcome = outcomeOf(original);
    if (outcome.kind !== 'fail') throw new Error('expected a refusal');
    expect(JSON.parse(JSON.stringify(outcome.challenge))).not.toHaveProperty('signetError');
    expect(errorFromFailure(outcome.challenge, outcome.status)).toBe(original);
  });

  it("answers undefined for a verify function's own info", () => {
    expect(errorFromFailure({ message: 'not on the guest list' }, 401)).toBeUndefined();
    expect(errorFromFailure({ code: 'NOT_OURS' }, 401)).toBeUndefined();
    expect(errorFromFailure(undefined)).toBeUndefined();
  });
});
