import { describe, expect, it } from '@jest/globals';
import {
  callbackBodyLimit,
  callbackBodyTooLarge,
  checkCallbackMediaType,
  checkCallbackMethod,
  FORM_MEDIA_TYPE,
  mediaTypeOf,
} from './callback-request.js';
import { httpStatusOf } from './http-status.js';

const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (err) {
    return err as { code: string; expected?: unknown };
  }
  throw new Error('accepted');
};

describe('checkCallbackMethod', () => {
  it('accepts GET and POST', () => {
    expect(checkCallbackMethod('get')).toBe('GET');
    expect(checkCallbackMethod('POST')).toBe('POST');
  });

  it.each(['HEAD', 'OPTIONS', 'PUT', 'PATCH', 'DELETE', undefined])(
    'refuses %s with ERR_CALLBACK_METHOD_NOT_ALLOWED (405), expecting GET and POST',
    (method) => {
      const err = refusal(() => checkCallbackMethod(method));
      expect(err).toMatchObject({ code: 'ERR_CALLBACK_METHOD_NOT_ALLOWED', expected: ['GET', 'POST'] });
      expect(httpStatusOf(err)).toBe(405);
    },
  );
});

describe('checkCallbackMediaType', () => {
  it('accepts a form, with parameters and in any case', () => {
    expect(() => checkCallbackMediaType('Application/X-WWW-Form-Urlencoded; charset=UTF-8')).not.toThrow();
  });

  it.each(['application/json', 'text/plain', 'multipart/form-data; boundary=x', undefined])(
    'refuses %s with ERR_CALLBACK_MEDIA_TYPE_UNSUPPORTED (415)',
    (type) => {
      const err = refusal(() => checkCallbackMediaType(type));
      expect(err).toMatchObject({ code: 'ERR_CALLBACK_MEDIA_TYPE_UNSUPPORTED', expected: FORM_MEDIA_TYPE });
      expect(httpStatusOf(err)).toBe(415);
    },
  );

  it('names no sender text that is not a media type', () => {
    expect(() => checkCallbackMediaType('x/<script>')).toThrow(/not another content type$/);
  });
});

describe('the body bound', () => {
  it('allows a percent-encoded response of maxResponseSize and refuses past it with 413', () => {
    expect(callbackBodyLimit(16_384)).toBe(50_176);
    expect(callbackBodyTooLarge(50_176)).toMatchObject({ code: 'ERR_CALLBACK_BODY_TOO_LARGE' });
    expect(httpStatusOf(callbackBodyTooLarge(50_176))).toBe(413);
    expect(mediaTypeOf(undefined)).toBe('none');
  });
});
