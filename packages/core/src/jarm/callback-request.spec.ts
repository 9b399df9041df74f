import { describe, expect, it } from '@jest/globals';
import {
  callbackBodyLimit,
  callbackBodyTooLarge,
  checkCallbackMediaType,
  checkCallbackMethod,
  mediaTypeOf,
} from './callback-request.js';

describe('checkCallbackMethod', () => {
  it('accepts GET and POST', () => {
    expect(checkCallbackMethod('get')).toBe('GET');
    expect(checkCallbackMethod('POST')).toBe('POST');
  });

  it.each(['HEAD', 'OPTIONS', 'PUT', undefined])('refuses %s with 405 ERR_JARM_RESPONSE_MISSING', (method) => {
    expect(() => checkCallbackMethod(method)).toThrow(
      expect.objectContaining({ code: 'ERR_JARM_RESPONSE_MISSING', status: 405 }),
    );
  });
});

describe('checkCallbackMediaType', () => {
  it('accepts a form, with parameters and in any case', () => {
    expect(() => checkCallbackMediaType('Application/X-WWW-Form-Urlencoded; charset=UTF-8')).not.toThrow();
  });

  it.each(['application/json', 'text/plain', 'multipart/form-data; boundary=x', undefined])(
    'refuses %s with 415 ERR_JARM_RESPONSE_MISSING',
    (type) => {
      expect(() => checkCallbackMediaType(type)).toThrow(
        expect.objectContaining({ code: 'ERR_JARM_RESPONSE_MISSING', status: 415 }),
      );
    },
  );

  it('names no sender text that is not a media type', () => {
    expect(() => checkCallbackMediaType('x/<script>')).toThrow(/not another content type$/);
  });
});

describe('the body bound', () => {
  it('allows a percent-encoded response of maxResponseSize and refuses past it with 413', () => {
    expect(callbackBodyLimit(16_384)).toBe(50_176);
    expect(callbackBodyTooLarge(50_176)).toMatchObject({ code: 'ERR_JARM_RESPONSE_TOO_LARGE', status: 413 });
    expect(mediaTypeOf(undefined)).toBe('none');
  });
});
