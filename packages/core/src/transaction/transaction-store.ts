import type { StoreContext, Transaction } from './transaction.js';

/** What `takeIfBound` found: the pending login, and whether it was taken (consumed) in the same step. */
export interface BoundTake {
  transaction: Transaction;
  taken: boolean;
}

/**
 * Where pending logins live between the redirect to the AS and the callback.
 * `take` must be atomic and single use: a second `take` of the same state finds nothing.
 * An unreachable backend throws `SignetError('ERR_STORE_UNAVAILABLE')`: the login is refused, never trusted.
 */
export interface TransactionStore {
  /** True when logins live in the browser's own cookies: such a store is browser-bound, core adds no binding cookie. */
  readonly bindsBrowser?: boolean;
  /**
   * True when `take` removes the login where every instance looks (a server-side store, atomic get-and-delete): no
   * copy the browser keeps can bring it back, so the callback does not also record the state as used in the replay
   * register (one write less per callback). Leave it unset unless `take` is atomic for every instance sharing the
   * store: core then records the state, as it must for the cookie store.
   */
  readonly consumesOnServer?: boolean;
  save(transaction: Transaction, context?: StoreContext): Promise<void>;
  take(state: string, context?: StoreContext): Promise<Transaction | undefined>;
  /**
   * Reads a pending login without consuming it. With it, core checks the browser binding before `take`, so a
   * response delivered from another browser burns nothing; without it, such a response consumes the login.
   */
  peek?(state: string, context?: StoreContext): Promise<Transaction | undefined>;
  /**
   * `peek` and `take` in one step, for a store where each is a round trip (Redis: one script). Takes the login, as
   * atomically as `take`, only when its `binding` equals `binding` (the digest of the binding cookie this browser
   * presents; `undefined` when it presents none: taken only when the login carries no binding), and otherwise
   * reads it without consuming it. Core still checks the binding itself, timing-safe, on what this returns: a
   * login read but not taken goes through `take` when core's check passes, and is refused, unconsumed, when it
   * does not. Optional; only with `peek` (the same guarantee: another browser's response burns nothing).
   */
  takeIfBound?(state: string, binding: string | undefined, context?: StoreContext): Promise<BoundTake | undefined>;
  /**
   * Cheap and synchronous: false when this browser cannot hold any pending login of this store (no cookie of
   * it at all). Core then refuses before any decryption or signature work.
   */
  mayHold?(context?: StoreContext): boolean;
  /** For shared backends: resolves when reachable, throws `ERR_STORE_UNAVAILABLE` otherwise (health, `/login`). */
  ping?(): Promise<void>;
}
