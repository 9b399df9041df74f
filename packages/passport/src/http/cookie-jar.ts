import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseCookieHeader, serializeCookie, type CookieJar } from '@signet/core';

/** Appends to Set-Cookie without dropping what express-session, Nest or the app already set. */
function appendSetCookie(res: ServerResponse, cookie: string): void {
  const previous = res.getHeader('Set-Cookie');
  const list = previous === undefined ? [] : Array.isArray(previous) ? previous : [String(previous)];
  res.setHeader('Set-Cookie', [...list, cookie]);
}

/**
 * Core's CookieJar over a raw Node request and response, so the strategy needs neither cookie-parser nor
 * express-session. Reads see this request's cookies plus what was set or cleared during it; parsing and
 * serializing are core's (first of a name wins, malformed escapes kept as sent, names checked).
 */
export function nodeCookieJar(req: IncomingMessage, res: ServerResponse): CookieJar {
  const cookies = parseCookieHeader(req.headers.cookie);
  return {
    get: (name) => cookies.get(name),
    set(name, value, options) {
      appendSetCookie(res, serializeCookie(name, value, options));
      cookies.set(name, value);
    },
    clear(name, options) {
      appendSetCookie(res, serializeCookie(name, '', { ...options, maxAge: 0 }));
      cookies.delete(name);
    },
    names: () => [...cookies.keys()],
  };
}
