import { describe, expect, it } from '@jest/globals';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { nodeCookieJar, parseCookieHeader, serializeCookie } from './cookie-jar.js';

function exchange(cookie?: string): { req: IncomingMessage; res: ServerResponse } {
  const req = new IncomingMessage(new Socket());
  if (cookie !== undefined) req.headers.cookie = cookie;
  return { req, res: new ServerResponse(req) };
}

const OPTIONS = { httpOnly: true, secure: true, sameSite: 'lax' as const, path: '/' };

describe('parseCookieHeader', () => {
  it('keeps the first of duplicate names, strips quotes and decodes percent-escapes', () => {
    const cookies = parseCookieHeader('a=1; b="two"; a=3; c=x%3Dy; junk; =empty');
    expect([...cookies]).toEqual([
      ['a', '1'],
      ['b', 'two'],
      ['c', 'x=y'],
    ]);
  });

  it('keeps a malformed percent-escape as sent instead of throwing', () => {
    expect(parseCookieHeader('a=%E0%A4%A').get('a')).toBe('%E0%A4%A');
  });
});

describe('serializeCookie', () => {
  it('writes HttpOnly, Secure, SameSite and Max-Age with a matching Expires', () => {
    const header = serializeCookie('signet.b.x', 'v.1', { ...OPTIONS, maxAge: 600 });
    expect(header).toMatch(
      /^signet\.b\.x=v\.1; Path=\/; Max-Age=600; Expires=[^;]+GMT; HttpOnly; Secure; SameSite=Lax$/,
    );
  });

  it('deletes with Max-Age=0 and an epoch Expires', () => {
    expect(serializeCookie('n', '', { ...OPTIONS, secure: false, sameSite: 'none', maxAge: 0 })).toBe(
      'n=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=None',
    );
  });
});

describe('nodeCookieJar', () => {
  it('appends to Set-Cookie headers others already set (express-session, the app)', () => {
    const { req, res } = exchange('keep=1; gone=2');
    res.setHeader('Set-Cookie', 'connect.sid=abc; Path=/');
    const jar = nodeCookieJar(req, res);
    jar.set('new', 'v', OPTIONS);
    jar.clear('gone', OPTIONS);
    expect(res.getHeader('Set-Cookie')).toEqual([
      'connect.sid=abc; Path=/',
      'new=v; Path=/; HttpOnly; Secure; SameSite=Lax',
      expect.stringMatching(/^gone=; Path=\/; Max-Age=0;/),
    ]);
    expect(jar.names().sort()).toEqual(['keep', 'new']);
    expect(jar.get('new')).toBe('v');
    expect(jar.get('gone')).toBeUndefined();
  });
});
