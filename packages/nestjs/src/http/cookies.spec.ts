import { describe, expect, it } from '@jest/globals';
import { parseCookieHeader, serializeCookie } from './cookies.js';

describe('parseCookieHeader', () => {
  it('parses pairs, trims, unquotes and decodes', () => {
    expect([...parseCookieHeader(' a=1; b="two" ;c=%C3%A9')]).toEqual([
      ['a', '1'],
      ['b', 'two'],
      ['c', 'é'],
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
});

describe('serializeCookie', () => {
  it('writes the attributes core asks for', () => {
    expect(
      serializeCookie('signet.b.x', 'v', { httpOnly: true, secure: true, sameSite: 'lax', path: '/', maxAge: 600 }),
    ).toBe('signet.b.x=v; Path=/; Max-Age=600; HttpOnly; Secure; SameSite=Lax');
  });

  it('expires a cleared cookie', () => {
    expect(
      serializeCookie('a', '', { httpOnly: true, secure: false, sameSite: 'lax', path: '/', maxAge: 0 }),
    ).toContain('Max-Age=0; Expires=Thu, 01 Jan 1970');
  });

  it('refuses a name that would inject attributes', () => {
    expect(() =>
      serializeCookie('a=b; Domain=evil', 'v', { httpOnly: true, secure: false, sameSite: 'lax', path: '/' }),
    ).toThrow(TypeError);
  });
});
