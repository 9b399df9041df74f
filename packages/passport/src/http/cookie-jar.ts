import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CookieJar, CookieOptions } from '@signet/core';

/**
 * Parses a Cookie header. The first occurrence of a name wins, as in browsers' ordering (most specific path
 * first) and in the `cookie` package; malformed percent-escapes are kept as sent rather than thrown on.
 */
export function parseCookieHeader(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  if (!header) return cookies;
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq < 0) continue;
    const name = pair.slice(0, eq).trim();
    if (name === '' || cookies.has(name)) continue;
    let value = pair.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    if (value.includes('%')) {
      try {
        value = decodeURIComponent(value);
      } catch {
        // A value that is not valid percent-encoding is not ours: keep it, core will refuse it if it matters.
      }
    }
    cookies.set(name, value);
  }
  return cookies;
}

/** One Set-Cookie header value. `maxAge` 0 with an epoch Expires deletes the cookie in every browser. */
export function serializeCookie(name: string, value: string, options: CookieOptions): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, `Path=${options.path}`];
  if (options.maxAge !== undefined) {
    parts.push(`Max-Age=${Math.max(0, Math.floor(options.maxAge))}`);
    parts.push(`Expires=${new Date(options.maxAge > 0 ? Date.now() + options.maxAge * 1000 : 0).toUTCString()}`);
  }
  if (options.httpOnly) parts.push('HttpOnly');
  if (options.secure) parts.push('Secure');
  parts.push(`SameSite=${options.sameSite === 'none' ? 'None' : options.sameSite === 'strict' ? 'Strict' : 'Lax'}`);
  return parts.join('; ');
}

/** Appends to Set-Cookie without dropping what express-session, Nest or the app already set. */
function appendSetCookie(res: ServerResponse, cookie: string): void {
  const previous = res.getHeader('Set-Cookie');
  const list = previous === undefined ? [] : Array.isArray(previous) ? previous : [String(previous)];
  res.setHeader('Set-Cookie', [...list, cookie]);
}

/**
 * Core's CookieJar over a raw Node request and response, so the strategy needs neither cookie-parser nor
 * express-session. Reads see this request's cookies plus what was set or cleared during it.
 */
export function nodeCookieJar(req: IncomingMessage, res: ServerResponse): CookieJar {
  const cookies = parseCookieHeader(req.headers.cookie);
  return {
    get: (name) => cookies.get(name),
    set(name, value, options) {
      cookies.set(name, value);
      appendSetCookie(res, serializeCookie(name, value, options));
    },
    clear(name, options) {
      cookies.delete(name);
      appendSetCookie(res, serializeCookie(name, '', { ...options, maxAge: 0 }));
    },
    names: () => [...cookies.keys()],
  };
}
