import type { StoreContext, Transaction } from './transaction.js';

/**
 * Where pending logins live between the redirect to the AS and the callback.
 * `take` must be atomic and single use: a second `take` of the same state finds nothing.
 * An unreachable backend throws `SignetError('ERR_STORE_UNAVAILABLE')`: the login is refused, never trusted.
 */
export interface TransactionStore {
  /** True when logins live in the browser's own cookies: such a store is browser-bound, core adds no binding cookie. */
  readonly bindsBrowser?: boolean;
  save(transaction: Transaction, context?: StoreContext): Promise<void>;
  take(state: string, context?: StoreContext): Promise<Transaction | undefined>;
}
