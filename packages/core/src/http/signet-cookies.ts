import { isLoopbackUrl } from './loopback.js';

/** Every Signet cookie name starts with this, after the `__Host-` prefix over https. */
export const SIGNET_COOKIE_PREFIX = 'signet.';

/**
 * Browsers accept a `__Host-` cookie only with Secure, Path=/ and no Domain, so neither a sibling subdomain nor an
 * http page of this host can plant one (cookie tossing). Every Signet cookie of an https app takes it.
 */
export const HOST_PREFIX = '__Host-';

/** True for a cookie Signet sets: session, browser binding, sealed transaction. */
export function isSignetCookie(name: string): boolean {
  return name.startsWith(SIGNET_COOKIE_PREFIX) || name.startsWith(HOST_PREFIX + SIGNET_COOKIE_PREFIX);
}

/** What the cookie rules read of a redirect URI: parsed once per URI (a client has one or a few, all configured). */
interface CookieScheme {
  secure: boolean;
  https: boolean;
}
const schemes = new Map<string, CookieScheme>();
const MAX_SCHEMES = 256;

function schemeOf(redirectUri: string | URL): CookieScheme {
  const key = typeof redirectUri === 'string' ? redirectUri : redirectUri.href;
  let scheme = schemes.get(key);
  if (scheme === undefined) {
    const url = typeof redirectUri === 'string' ? new URL(redirectUri) : redirectUri;
    scheme = { secure: !(url.protocol === 'http:' && isLoopbackUrl(url)), https: url.protocol === 'https:' };
    if (schemes.size >= MAX_SCHEMES) schemes.clear();
    schemes.set(key, scheme);
  }
  return scheme;
}

/**
 * The one `Secure` rule for every Signet cookie: on, except for a plain-http loopback redirect URI (local
 * development, where a browser would drop a Secure cookie). `https://127.0.0.1` is https: Secure.
 */
export function secureCookies(redirectUri: string | URL): boolean {
  return schemeOf(redirectUri).secure;
}

/** True for an https redirect URI (parsed once per URI, as for the rules above). */
export function isHttpsUri(redirectUri: string | URL): boolean {
  return schemeOf(redirectUri).https;
}

/** The name a Signet cookie takes: `__Host-` + name when it is Secure on an https app, else the name itself. */
export function signetCookieName(name: string, redirectUri: string | URL, secure = secureCookies(redirectUri)): string {
  return secure && schemeOf(redirectUri).https ? HOST_PREFIX + name : name;
}
