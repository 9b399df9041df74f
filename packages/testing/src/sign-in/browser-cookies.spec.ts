import { describe, expect, it } from '@jest/globals';
import { BrowserCookies } from './browser-cookies.js';

const setting = (...lines: string[]) => {
  const headers = new Headers();
  for (const line of lines) headers.append('set-cookie', line);
  return new Response(null, { headers });
};

describe('BrowserCookies', () => {
  const jar = new BrowserCookies();
  jar.store(setting('lax=1; Path=/; HttpOnly', 'strict=2; SameSite=Strict', 'none=3; SameSite=None; Secure'));

  it('sends every cookie from the app itself', () => {
    expect(jar.header()).toBe('lax=1; strict=2; none=3');
  });

  it('withholds SameSite=Strict cookies from a navigation that comes from another site', () => {
    expect(jar.header('cross-site-navigation')).toBe('lax=1; none=3');
  });

  it('withholds Lax (and default) cookies from a form posted by another site', () => {
    expect(jar.header('cross-site-post')).toBe('none=3');
  });

  it('forgets a cookie cleared with Max-Age=0 or a past Expires', () => {
    const other = new BrowserCookies();
    other.store(setting('a=1', 'b=2'));
    other.store(setting('a=; Max-Age=0', 'b=; Expires=Thu, 01 Jan 1970 00:00:00 GMT'));
    expect(other.names()).toEqual([]);
  });
});
