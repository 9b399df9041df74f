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

/**
 * The one `Secure` rule for every Signet cookie: on, except for a plain-http loopback redirect URI (local
 * development, where a browser would drop a Secure cookie). `https://127.0.0.1` is https: Secure.
 */
export function secureCookies(redirectUri: string | URL): boolean {
  const url = typeof redirectUri === 'string' ? new URL(redirectUri) : redirectUri;
  return !(url.protocol === 'http:' && isLoopbackUrl(url));
}

/** The name a Signet cookie takes: `__Host-` + name when it is Secure on an https app, else the name itself. */
export function signetCookieName(name: string, redirectUri: string | URL, secure = secureCookies(redirectUri)): string {
  const url = typeof redirectUri === 'string' ? new URL(redirectUri) : redirectUri;
  return secure && url.protocol === 'https:' ? HOST_PREFIX + name : name;
}
