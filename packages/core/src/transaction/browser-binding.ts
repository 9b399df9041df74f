import { createHash, timingSafeEqual } from 'node:crypto';
import type { ClientConfig } from '../config/resolve-options.js';
import { SignetError } from '../errors/signet-error.js';
import { randomValue } from '../random/random-value.js';
import { HOST_PREFIX, secureCookies, signetCookieName } from '../http/signet-cookies.js';
import type { CookieOptions, StoreContext, Transaction } from './transaction.js';

/** Cookie prefix of the per-login browser binding. */
export const BINDING_COOKIE_PREFIX = 'signet.b.';

function baseName(state: string): string {
  return BINDING_COOKIE_PREFIX + createHash('sha256').update(state).digest('base64url').slice(0, 16);
}

/** `__Host-signet.b.<digest>` over https (cookie tossing), `signet.b.<digest>` on loopback http. */
function cookieName(transaction: Transaction): string {
  return signetCookieName(baseName(transaction.state), transaction.redirectUri);
}

/**
 * Lax, except for form_post.jwt over https: the AS's cross-site POST never carries a Lax cookie, so the
 * binding would always be missing. SameSite=None requires Secure, which https gives.
 */
function cookieOptions(config: ClientConfig, transaction: Transaction): CookieOptions {
  const secure = secureCookies(transaction.redirectUri);
  const sameSite = secure && transaction.responseMode === 'form_post.jwt' ? 'none' : 'lax';
  return { httpOnly: true, secure, sameSite, path: '/' };
}

function digest(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}

/**
 * Ties a pending login to the browser that began it: a random value in an HttpOnly cookie, its digest in the
 * transaction. A response delivered to another browser (login CSRF, a stolen redirect) then finds no login.
 * Only when the adapter gives cookie access; a store that lives in the browser's own cookies is bound already.
 */
export function bindToBrowser(transaction: Transaction, context: StoreContext, config: ClientConfig): void {
  if (!context.cookies || config.store.bindsBrowser) return;
  const value = randomValue();
  transaction.binding = digest(value);
  context.cookies.set(cookieName(transaction), value, {
    ...cookieOptions(config, transaction),
    maxAge: config.transactionTtl,
  });
}

/**
 * True when this browser presents the binding of the login (or the login carries none). Reads only: checked
 * before the login is taken from the store, so a response delivered from another browser burns nothing.
 */
export function bindingMatches(transaction: Transaction, context: StoreContext): boolean {
  const expected = transaction.binding;
  if (expected === undefined) return true;
  const presented = context.cookies?.get(cookieName(transaction));
  const a = Buffer.from(expected);
  const b = Buffer.from(presented ? digest(presented) : '');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The digest of the binding cookie this browser presents for `state`, before the login is read (the `__Host-`
 * name first): what a store's `takeIfBound` compares with the login's binding. Only a hint for the store; the
 * decision stays `bindingMatches`, under the one name the login's redirect URI gives.
 */
export function presentedBinding(state: string, context: StoreContext): string | undefined {
  const name = baseName(state);
  const value = context.cookies?.get(HOST_PREFIX + name) || context.cookies?.get(name);
  return value ? digest(value) : undefined;
}

/** Clears the binding cookie of a login this browser has now used. */
export function clearBinding(transaction: Transaction, context: StoreContext, config: ClientConfig): void {
  if (transaction.binding === undefined) return;
  context.cookies?.clear(cookieName(transaction), cookieOptions(config, transaction));
}

/** The refusal of a response delivered to another browser than the one that began the login. */
export function otherBrowser(): SignetError {
  return new SignetError('ERR_STATE_UNKNOWN', 'this login was begun in another browser', { field: 'state' });
}
