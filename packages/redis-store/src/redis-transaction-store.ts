import { SignetError, type BoundTake, type Transaction, type TransactionStore } from '@signet/core';
import { deadlineCommands, deadlineFor, TOO_LATE } from './deadline-commands.js';
import { secondsUntil, transactionKey } from './keys.js';
import { RedisBacked } from './redis-backed.js';
import { storeUnavailable } from './store-unavailable.js';

/**
 * Pending logins in Redis, shared by every instance: `SET ... EX` on save, `GETDEL` on take, so a state is
 * taken at most once across all instances; `GET` on peek (the browser binding is checked before the take), and
 * both in one script where the browser presents the login's binding (`takeIfBound`, the callback's path). Needs
 * Redis 6.2 or later (GETDEL). Redis unreachable: throws `ERR_STORE_UNAVAILABLE` (503); the login is refused,
 * never trusted. A take that timed out here never consumes the login later (the GETDEL runs in a script with a
 * deadline, see `deadline-commands.ts`): the retry finds it.
 *
 * @example
 * const store = new RedisTransactionStore(process.env.SIGNET_REDIS_URL!);
 */
export class RedisTransactionStore extends RedisBacked implements TransactionStore {
  /** `take` is a `GETDEL` (in a script): one instance gets the login, every other finds nothing. */
  readonly consumesOnServer = true;

  async save(transaction: Transaction): Promise<void> {
    try {
      await this.redis.set(
        transactionKey(this.prefix, transaction.state),
        JSON.stringify(transaction),
        'EX',
        secondsUntil(transaction.expiresAt),
      );
    } catch (err) {
      throw storeUnavailable('saving the login transaction', err);
    }
  }

  /** `GET`: lets core check the browser binding before `take`, so another browser's response burns nothing. */
  async peek(state: string): Promise<Transaction | undefined> {
    let stored: string | null;
    try {
      stored = await this.redis.get(transactionKey(this.prefix, state));
    } catch (err) {
      throw storeUnavailable('reading the login transaction', err);
    }
    return this.#parse(stored, state);
  }

  async take(state: string): Promise<Transaction | undefined> {
    let stored: string | null | typeof TOO_LATE;
    try {
      const redis = deadlineCommands(this.redis);
      stored = await redis.signetConsume(transactionKey(this.prefix, state), deadlineFor(redis));
    } catch (err) {
      throw storeUnavailable('taking the login transaction', err);
    }
    if (stored === TOO_LATE)
      throw storeUnavailable('taking the login transaction', new Error('deadline passed in Redis'));
    return this.#parse(stored, state);
  }

  /**
   * `peek` and `take` in one script (one round trip instead of two): `GET`, then `DEL` only when the login's
   * binding is the digest the browser presents. With the same deadline as `take`.
   */
  async takeIfBound(state: string, binding: string | undefined): Promise<BoundTake | undefined> {
    let answer: [0 | 1, string] | null | typeof TOO_LATE;
    try {
      const redis = deadlineCommands(this.redis);
      answer = await redis.signetTakeIfBound(transactionKey(this.prefix, state), deadlineFor(redis), binding ?? '');
    } catch (err) {
      throw storeUnavailable('taking the login transaction', err);
    }
    if (answer === TOO_LATE)
      throw storeUnavailable('taking the login transaction', new Error('deadline passed in Redis'));
    if (answer === null) return undefined;
    const transaction = this.#parse(answer[1], state);
    return transaction && { transaction, taken: answer[0] === 1 };
  }

  #parse(stored: string | null, state: string): Transaction | undefined {
    if (stored === null) return undefined;
    let transaction: Transaction;
    try {
      transaction = JSON.parse(stored) as Transaction;
    } catch (cause) {
      throw new SignetError('ERR_TRANSACTION_INVALID', 'the stored login transaction is not JSON', { cause });
    }
    if (typeof transaction !== 'object' || transaction === null || transaction.state !== state) {
      throw new SignetError(
        'ERR_TRANSACTION_INVALID',
        'the stored login transaction is malformed or belongs to another state',
      );
    }
    // Redis expires keys on its own clock; this instance's clock is the one the rest of the checks use.
    if (transaction.expiresAt * 1000 <= Date.now()) return undefined;
    return transaction;
  }
}
