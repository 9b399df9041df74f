import type { CookieOptions } from './cookie-jar.js';

/** Cookie names are RFC 6265 tokens; anything else is ignored when reading and refused when writing. */
const NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Browsers send at most a few hundred cookies per site; the bound only caps the work of a hostile header. */
const MAX_COOKIES = 1000;

/**
 * Parses a Cookie header into a map, for adapters that implement core's `CookieJar`. The first occurrence of a
 * name wins (browsers send the most specific path first, as the `cookie` package reads it). A value whose
 * percent-encoding is malformed is kept as sent: not a reason to fail the request.
 */
export function parseCookieHeader(
  header: string | string[] | undefined,
  /** Sees every well-formed name in order, repeats included (duplicate detection). */
  onName?: (name: string) => void,
): Map<string, string> {
  const cookies = new Map<string, string>();
  const text = Array.isArray(header) ? header.join('; ') : header;
  if (!text) return cookies;
  for (const pair of text.split(';', MAX_COOKIES)) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const name = pair.slice(0, eq).trim();
    if (!NAME.test(name)) continue;
    onName?.(name);
    if (cookies.has(name)) continue;
    let value = pair.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    if (value.includes('%')) {
      try {
        value = decodeURIComponent(value);
      } catch {
        // kept as sent
      }
    }
    cookies.set(name, value);
  }
  return cookies;
}

/** One Set-Cookie value. A cleared cookie (`maxAge` 0) also gets an epoch `Expires`, which every browser honours. */
export function serializeCookie(name: string, value: string, options: CookieOptions): string {
  if (!NAME.test(name)) throw new TypeError(`invalid cookie name "${name}"`);
  const parts = [`${name}=${encodeURIComponent(value)}`, `Path=${options.path}`];
  if (options.maxAge !== undefined) {
    parts.push(`Max-Age=${Math.max(0, Math.floor(options.maxAge))}`);
    if (options.maxAge <= 0) parts.push('Expires=Thu, 01 Jan 1970 00:00:00 GMT');
  }
  if (options.httpOnly) parts.push('HttpOnly');
  if (options.secure) parts.push('Secure');
  parts.push(`SameSite=${options.sameSite === 'none' ? 'None' : options.sameSite === 'strict' ? 'Strict' : 'Lax'}`);
  return parts.join('; ');
}
