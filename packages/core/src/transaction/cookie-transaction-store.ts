import { createHash } from 'node:crypto';
import { SignetError } from '../errors/signet-error.js';
import { HOST_PREFIX, isHttpsUri, secureCookies } from '../http/signet-cookies.js';
import { CookieSecrets } from '../config/cookie-secrets.js';
import { deriveCookieKey, seal, unseal } from './cookie-sealing.js';
import type { TransactionStore } from './transaction-store.js';
import type { CookieJar, CookieOptions, StoreContext, Transaction } from './transaction.js';

/** Cookie prefix of a sealed pending login (after `__Host-` for https logins). */
export const TRANSACTION_COOKIE_PREFIX = 'signet.tx.';
/** Browsers keep about 4096 bytes per cookie, attributes included: leave room for them. */
export const MAX_TRANSACTION_COOKIE_SIZE = 3584;
/** Larger than anything this store writes: refused unread. */
const MAX_READ_SIZE = 4096;

export interface CookieTransactionStoreOptions {
  /** SIGNET_COOKIE_SECRET: at least 32 characters each, newest first; a comma-separated string is split. */
  secrets: string | string[] | CookieSecrets;
  /** The cookie's Secure attribute. Default: on, except when the transaction's redirect URI is loopback http. */
  secure?: boolean;
  /**
   * Pending logins one browser may hold at once (several tabs, abandoned attempts). Beyond it the oldest
   * cookie is dropped, so abandoned logins cannot grow the Cookie header past what servers and proxies accept.
   */
  maxPending?: number;
}

function hostOnly(transaction: Transaction, options: CookieOptions): boolean {
  return options.secure && isHttpsUri(transaction.redirectUri);
}

function cookieName(state: string): string {
  return TRANSACTION_COOKIE_PREFIX + createHash('sha256').update(state).digest('base64url').slice(0, 16);
}

function invalid(reason: string): SignetError {
  return new SignetError('ERR_TRANSACTION_INVALID', `the transaction cookie ${reason}`);
}

function jar(context: StoreContext | undefined): CookieJar {
  if (!context?.cookies) {
    throw new SignetError(
      'ERR_ADAPTER_INVALID',
      'store: CookieTransactionStore needs cookie access; the adapter must pass { cookies } to authorize() and callback()',
      { field: 'store', expected: 'context.cookies' },
    );
  }
  return context.cookies;
}

/**
 * Stateless store for many instances: each pending login lives in its own cookie, encrypted and authenticated
 * (JWE `dir` + A256GCM under a key derived from SIGNET_COOKIE_SECRET), named after a digest of its state and
 * sealed together with that state, so a cookie cannot stand in for another login. Being in the browser's own
 * cookie jar, a login is bound to the browser that began it (`bindsBrowser`).
 *
 * A cookie cannot be made single use across instances: pair this store with a shared replay register
 * (`RedisReplayRegister`) so that a replayed response is refused everywhere.
 *
 * @example
 * const store = new CookieTransactionStore({ secrets: process.env.SIGNET_COOKIE_SECRET! });
 * const client = await SignetClient.create({ ...options, store });
 * await client.authorize({}, { cookies }); // cookies: the adapter's CookieJar
 */
export class CookieTransactionStore implements TransactionStore {
  readonly bindsBrowser = true;
  readonly #keys: Uint8Array[];
  readonly #secure: boolean | undefined;
  readonly #maxPending: number;

  constructor(options: CookieTransactionStoreOptions) {
    this.#keys = CookieSecrets.from(options?.secrets, 'secrets').list.map(deriveCookieKey);
    if (options.secure !== undefined && typeof options.secure !== 'boolean') {
      throw new SignetError('ERR_CONFIG_INVALID', 'secure: must be a boolean', { field: 'secure' });
    }
    this.#secure = options.secure;
    const maxPending = options.maxPending ?? 3;
    if (!Number.isInteger(maxPending) || maxPending < 1 || maxPending > 20) {
      throw new SignetError(
        'ERR_CONFIG_INVALID',
        `maxPending: must be an integer between 1 and 20 (got ${String(maxPending)})`,
        { field: 'maxPending' },
      );
    }
    this.#maxPending = maxPending;
  }

  /** A browser without any transaction cookie of this store holds no pending login: refused before any crypto. */
  mayHold(context?: StoreContext): boolean {
    const cookies = context?.cookies;
    if (!cookies) return true; // take() will name the missing cookie access
    return cookies
      .names()
      .some(
        (n) =>
          (n.startsWith(TRANSACTION_COOKIE_PREFIX) || n.startsWith(HOST_PREFIX + TRANSACTION_COOKIE_PREFIX)) &&
          (cookies.get(n) ?? '') !== '',
      );
  }

  async save(transaction: Transaction, context?: StoreContext): Promise<void> {
    const cookies = jar(context);
    const { state, ...rest } = transaction;
    const value = await seal({ state, tx: rest }, this.#keys[0]!, transaction.createdAt, transaction.expiresAt);
    const options = this.#options(transaction);
    const name = (hostOnly(transaction, options) ? HOST_PREFIX : '') + cookieName(state);
    const size = name.length + 1 + value.length;
    if (size > MAX_TRANSACTION_COOKIE_SIZE) {
      throw new SignetError(
        'ERR_TRANSACTION_TOO_LARGE',
        `the pending login takes ${size} bytes sealed, over the ${MAX_TRANSACTION_COOKIE_SIZE}-byte cookie bound: carry less appState, or use a server-side store (SIGNET_STORE=redis)`,
      );
    }
    await this.#dropOldest(cookies, name);
    const maxAge = Math.max(1, transaction.expiresAt - Math.floor(Date.now() / 1000));
    cookies.set(name, value, { ...options, maxAge });
  }

  async take(state: string, context?: StoreContext): Promise<Transaction | undefined> {
    const cookies = jar(context);
    const base = cookieName(state);
    const present = [HOST_PREFIX + base, base].filter((n) => (cookies.get(n) ?? '') !== '');
    const name = present[0];
    if (name === undefined) return undefined;
    const value = cookies.get(name)!;
    let opened: Transaction | undefined;
    try {
      if (value.length > MAX_READ_SIZE) throw invalid(`is over ${MAX_READ_SIZE} bytes; refused unread`);
      const claims = await unseal(value, this.#keys);
      if (claims.state !== state) throw invalid('belongs to another login');
      const sealed = claims['tx'];
      if (typeof sealed !== 'object' || sealed === null) throw invalid('carries no transaction');
      const transaction: Transaction = { ...(sealed as Omit<Transaction, 'state'>), state };
      // Only a cookie set with a Domain (e.g. planted from a sibling subdomain) or over http lacks the prefix.
      if (hostOnly(transaction, this.#options(transaction)) && !name.startsWith(HOST_PREFIX)) {
        throw invalid('of an https login lacks its __Host- prefix');
      }
      opened = transaction;
      return transaction;
    } finally {
      // Single use in this browser whatever the outcome; a replay elsewhere is the replay register's job.
      for (const n of present) cookies.clear(n, this.#clearing(n, opened));
    }
  }

  /** SameSite=None only where it is needed: a form_post response is a cross-site POST, Lax cookies stay home. */
  #options(transaction: Transaction | undefined): CookieOptions {
    // Unknown transaction (unreadable cookie): a deletion without Secure is accepted on http and https alike.
    const secure = this.#secure ?? (transaction ? secureCookies(transaction.redirectUri) : false);
    const crossSitePost = transaction?.responseMode === 'form_post.jwt' && secure;
    return { httpOnly: true, secure, sameSite: crossSitePost ? 'none' : 'lax', path: '/' };
  }

  /** Browsers ignore a `__Host-` cookie, deletion included, without Secure. */
  #clearing(name: string, transaction: Transaction | undefined): CookieOptions {
    const options = this.#options(transaction);
    return name.startsWith(HOST_PREFIX) ? { ...options, secure: true } : options;
  }

  /** Keeps at most `maxPending` logins per browser: unreadable cookies go first, then the oldest. */
  async #dropOldest(cookies: CookieJar, incoming: string): Promise<void> {
    const ours = (n: string) =>
      n.startsWith(TRANSACTION_COOKIE_PREFIX) || n.startsWith(HOST_PREFIX + TRANSACTION_COOKIE_PREFIX);
    const pending = cookies.names().filter((n) => ours(n) && n !== incoming);
    if (pending.length < this.#maxPending) return;
    const aged = await Promise.all(
      pending.map(async (name) => {
        const value = cookies.get(name) ?? '';
        try {
          return { name, iat: value.length > MAX_READ_SIZE ? -1 : ((await unseal(value, this.#keys)).iat ?? -1) };
        } catch {
          return { name, iat: -1 };
        }
      }),
    );
    aged.sort((a, b) => a.iat - b.iat);
    for (const { name } of aged.slice(0, pending.length - this.#maxPending + 1)) {
      cookies.clear(name, this.#clearing(name, undefined));
    }
  }
}
