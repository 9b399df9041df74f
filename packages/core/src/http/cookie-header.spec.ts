import { describe, expect, it } from '@jest/globals';
import { parseCookieHeader, serializeCookie } from './cookie-header.js';

const OPTIONS = { httpOnly: true, secure: true, sameSite: 'lax' as const, path: '/' };

describe('parseCookieHeader', () => {
  it('parses pairs, trims, unquotes and decodes', () => {
    expect([...parseCookieHeader(' a=1; b="two" ;c=%C3%A9; d=x%3Dy')]).toEqual([
      ['a', '1'],
      ['b', 'two'],
      ['c', 'é'],
      ['d', 'x=y'],
    ]);
  });

  it('keeps the first of repeated names (the most specific path comes first)', () => {
    expect(parseCookieHeader('a=1; a=2').get('a')).toBe('1');
  });

  it('ignores invalid names and pairs without a value separator', () => {
    expect([...parseCookieHeader('bad name=1; novalue; =x; ok=y').keys()]).toEqual(['ok']);
  });

  it('keeps a value whose percent-encoding is malformed as sent', () => {
    expect(parseCookieHeader('a=%E0%A4%A').get('a')).toBe('%E0%A4%A');
  });

  it('reads a header split over several lines', () => {
    expect([...parseCookieHeader(['a=1', 'b=2']).keys()]).toEqual(['a', 'b']);
  });

  it('reads the cookies a browser can send for one site (hundreds), the last one included', () => {
    const header = Array.from({ length: 300 }, (_, i) => `c${i}=${i}`).join('; ');
    expect(parseCookieHeader(header).get('c299')).toBe('299');
  });
});

describe('serializeCookie', () => {
  it('writes the attributes core asks for', () => {
    expect(serializeCookie('signet.b.x', 'v', { ...OPTIONS, maxAge: 600 })).toBe(
      'signet.b.x=v; Path=/; Max-Age=600; HttpOnly; Secure; SameSite=Lax',
    );
  });

  it('deletes with Max-Age=0 and an epoch Expires', () => {
    expect(serializeCookie('n', '', { ...OPTIONS, secure: false, sameSite: 'none', maxAge: 0 })).toBe(
      'n=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=None',
    );
  });

  it('refuses a name that would inject attributes', () => {
    expect(() => serializeCookie('a=b; Domain=evil', 'v', OPTIONS)).toThrow(TypeError);
  });
});
