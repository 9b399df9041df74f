import { describe, expect, it } from '@jest/globals';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { nodeCookieJar } from './cookie-jar.js';

// Parsing and serializing are core's (packages/core/src/http/cookie-header.spec.ts); this is the jar over Node.

function exchange(cookie?: string): { req: IncomingMessage; res: ServerResponse } {
  const req = new IncomingMessage(new Socket());
  if (cookie !== undefined) req.headers.cookie = cookie;
  return { req, res: new ServerResponse(req) };
}

const OPTIONS = { httpOnly: true, secure: true, sameSite: 'lax' as const, path: '/' };

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
