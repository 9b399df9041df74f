import { describe, expect, it } from '@jest/globals';
import { formPostRelayFields, RELAY_FIELD, takeRelayMarker } from './relay-marker.js';

const CROSS_SITE = { sameOrigin: false, hasSignetCookie: false, maxSize: 16_384 };

describe('takeRelayMarker', () => {
  it('leaves parameters without a marker as they are', () => {
    const params = { response: 'a.b.c' };
    expect(takeRelayMarker(params)).toEqual({ params });
  });

  it('removes the marker and names its channel', () => {
    const { params, relay } = takeRelayMarker(new URLSearchParams(`response=a.b.c&${RELAY_FIELD}=fragment`));
    expect(relay).toBe('fragment');
    expect([...(params as URLSearchParams)]).toEqual([['response', 'a.b.c']]);
  });

  it.each([
    ['repeated', { response: 'x', [RELAY_FIELD]: ['fragment', 'fragment'] }],
    ['naming no channel', { response: 'x', [RELAY_FIELD]: 'query' }],
  ])('refuses a marker %s with ERR_JARM_UNEXPECTED_PARAMETERS', (_label, params) => {
    expect(() => takeRelayMarker(params)).toThrow(expect.objectContaining({ code: 'ERR_JARM_UNEXPECTED_PARAMETERS' }));
  });

  it('refuses a structured field beside a marker with ERR_JARM_MALFORMED', () => {
    expect(() => takeRelayMarker({ response: { a: '1' }, [RELAY_FIELD]: 'form_post' })).toThrow(
      expect.objectContaining({ code: 'ERR_JARM_MALFORMED' }),
    );
  });
});

describe('formPostRelayFields', () => {
  it('bounces one cross-site response without Signet cookies', () => {
    expect(formPostRelayFields({ response: 'a.b.c', iss: 'https://as' }, CROSS_SITE)).toEqual([
      ['response', 'a.b.c'],
      ['iss', 'https://as'],
    ]);
  });

  it.each([
    ['a same-origin POST', { response: 'x' }, { sameOrigin: true }],
    ['a POST that brought Signet cookies', { response: 'x' }, { hasSignetCookie: true }],
    ['no response', { code: 'x' }, {}],
    ['two responses', { response: ['x', 'y'] }, {}],
    ['a structured value', { response: { a: 'x' } }, {}],
    ['too many fields', Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`f${i}`, 'x'])), {}],
    ['an oversized response', { response: 'x'.repeat(20) }, { maxSize: 10 }],
  ])('sends %s straight to callback()', (_label, params, context) => {
    expect(formPostRelayFields(params, { ...CROSS_SITE, ...context })).toBeUndefined();
  });
});
