import type { ClientConfig } from '../config/resolve-options.js';
import { SignetError } from '../errors/signet-error.js';
import { stateKeys } from '../jarm/replay-id.js';
import { bindingMatches, clearBinding, otherBrowser, presentedBinding } from './browser-binding.js';
import type { BoundTake } from './transaction-store.js';
import type { StoreContext, Transaction } from './transaction.js';

const MAX_STATE_LENGTH = 512;

/** The pending login a response names, once this browser has claimed it. */
export interface ClaimedLogin {
  transaction?: Transaction;
  /** True when an earlier delivery already used this login (e.g. a copy of its cookie brought it back). */
  used: boolean;
}

function unavailable(what: string, cause: unknown): never {
  if (cause instanceof SignetError) throw cause;
  throw new SignetError('ERR_STORE_UNAVAILABLE', `the ${what} failed`, { cause });
}

/**
 * Claims the pending login named by a response's (not yet verified) state, before any signature work:
 * - from another browser (binding mismatch): refused, and with a store that can `peek`, nothing is consumed,
 *   so a forged response carrying a victim's state cannot burn the victim's login;
 * - from the browser the login is bound to: taken from the store, so this delivery consumes it whatever its
 *   outcome. A store that does not consume on the server (the cookie store: its cookie can be copied and sent
 *   again) has the state recorded as used in the replay register too, until the login would have expired; a
 *   store whose take removes the login for every instance (`consumesOnServer`: memory, Redis) needs no record.
 */
export async function claimTransaction(
  config: ClientConfig,
  state: unknown,
  context: StoreContext,
  trace: { transaction?: Transaction; stateHash?: string },
): Promise<ClaimedLogin> {
  if (typeof state !== 'string' || state === '' || state.length > MAX_STATE_LENGTH) return { used: false };
  const keys = stateKeys(state);
  trace.stateHash = keys.stateHash;
  const store = config.store;
  let transaction: Transaction | undefined;
  if (store.peek) {
    // Read before taking: with `takeIfBound`, read and taken in one round trip where the browser presents the
    // login's binding. Either way the binding is checked here, and only a bound browser takes the login.
    let found: BoundTake | undefined;
    try {
      found = store.takeIfBound
        ? await store.takeIfBound(state, presentedBinding(state, context), context)
        : await store.peek(state, context).then((peeked) => peeked && { transaction: peeked, taken: false });
    } catch (cause) {
      unavailable('transaction store', cause);
    }
    if (!found) return { used: false };
    if (found.taken) transaction = found.transaction;
    else if (!bindingMatches(found.transaction, context)) throw otherBrowser();
  }
  if (!transaction) {
    try {
      transaction = await store.take(state, context);
    } catch (cause) {
      unavailable('transaction store', cause);
    }
  }
  if (!transaction) return { used: false };
  trace.transaction = transaction;
  const bound = bindingMatches(transaction, context);
  clearBinding(transaction, context, config);
  if (!bound) throw otherBrowser();
  // Taken from a server-side store, the login is gone for every instance: nothing can bring it back to be used again.
  if (store.consumesOnServer) return { transaction, used: false };
  let first: boolean;
  try {
    first = await config.replayRegister.register(keys.replayId, transaction.expiresAt + config.clockTolerance);
  } catch (cause) {
    unavailable('replay register', cause);
  }
  return { transaction, used: !first };
}
