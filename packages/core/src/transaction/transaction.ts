import type { JWK } from 'jose';
import type { ResponseMode } from '../jarm/response-mode.js';
import type { CookieJar } from '../http/cookie-jar.js';

// The cookie jar is an HTTP concept: it lives with the edge, re-exported here for the stores that take it.
export type { CookieJar, CookieOptions } from '../http/cookie-jar.js';

/** One pending login: everything the callback needs to verify its answer. Keyed by `state`. */
export interface Transaction {
  state: string;
  nonce: string;
  codeVerifier: string;
  responseMode: ResponseMode;
  redirectUri: string;
  /**
   * The issuer and client_id the login was begun with. The callback compares them, and `redirectUri`, with the
   * client that receives the response: a login begun on one callback is never completed on another.
   */
  issuer?: string;
  clientId?: string;
  /** The request object's jti, to tie the audit record of the request to that of the response. */
  jti: string;
  scope: string;
  /** Epoch seconds. */
  createdAt: number;
  /** Epoch seconds. */
  expiresAt: number;
  maxAge?: number;
  /** A per-session DPoP private key (only with `dpop.perSession`). */
  dpopKey?: JWK;
  /** Digest of the browser-binding cookie value, when the adapter gave cookie access. */
  binding?: string;
  /** Application data carried through the login (e.g. where to return). Never secrets. */
  appState?: Record<string, string>;
}

/** What a store may use of the current HTTP exchange. */
export interface StoreContext {
  cookies?: CookieJar;
}
