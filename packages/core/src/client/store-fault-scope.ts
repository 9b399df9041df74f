import type { ClientConfig } from '../config/resolve-options.js';
import type { ReplayRegister } from '../transaction/replay-register.js';
import type { StoreContext } from '../transaction/transaction.js';
import { UndoableCookieJar } from '../transaction/undoable-cookie-jar.js';
import type { VerificationTrace } from '../jarm/verify-authorization-response.js';

/**
 * One callback's view of the stores, able to take back what it did when a store fault stops it before the token
 * request. A store fault is not the login's fault: the user is told to retry, so the retry must find the login.
 * - Cookies this callback cleared (the sealed transaction, the browser binding) are set again.
 * - A login taken from a server-side store is saved again.
 * - If the replay register already recorded something for this delivery (the login's state, the response), the
 *   login stays consumed: a retry would be refused as used, so the refusal says `restart`, never `retry`.
 * A take or registration that timed out does not land later (see @signet/redis-store's deadline commands).
 */
export class StoreFaultScope {
  readonly config: ClientConfig;
  readonly context: StoreContext;
  readonly #cookies: UndoableCookieJar | undefined;
  #recorded = false;

  constructor(config: ClientConfig, context: StoreContext) {
    this.#cookies = context.cookies ? new UndoableCookieJar(context.cookies) : undefined;
    this.context = this.#cookies ? { ...context, cookies: this.#cookies } : context;
    const register = config.replayRegister;
    const recording: ReplayRegister = {
      register: async (id, expiresAt) => {
        const first = await register.register(id, expiresAt);
        if (first) this.#recorded = true;
        return first;
      },
    };
    if (register.ping) recording.ping = () => register.ping!();
    this.config = { ...config, replayRegister: recording };
  }

  /** Gives the login back after a store fault; true when the same request can then succeed (`retry`). */
  async giveBack(trace: VerificationTrace): Promise<boolean> {
    if (this.#recorded) return false;
    const tx = trace.transaction;
    if (!tx) return true; // nothing was taken: the fault came first
    this.#cookies?.undo(tx.expiresAt - Math.floor(Date.now() / 1000));
    if (this.config.store.bindsBrowser) return true;
    try {
      await this.config.store.save(tx, this.context);
      return true;
    } catch {
      return false;
    }
  }
}
