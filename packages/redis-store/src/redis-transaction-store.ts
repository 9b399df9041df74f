import type { Redis } from 'ioredis';
import { SignetError, type Transaction, type TransactionStore } from '@signet/core';
import { DEFAULT_KEY_PREFIX, secondsUntil, transactionKey } from './keys.js';
import { closeClient, createRedisClient, type RedisStoreOptions } from './redis-client.js';
import { storeUnavailable } from './store-unavailable.js';

/**
 * Pending logins in Redis, shared by every instance: `SET ... EX` on save, `GETDEL` on take, so a state is
 * taken at most once across all instances. Needs Redis 6.2 or later (GETDEL). Redis unreachable: throws
 * `ERR_STORE_UNAVAILABLE` (503); the login is refused, never trusted.
 *
 * @example
 * const store = new RedisTransactionStore(process.env.SIGNET_REDIS_URL!);
 */
export class RedisTransactionStore implements TransactionStore {
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #owned: boolean;

  /**
   * `redis`: a SIGNET_REDIS_URL (the store then owns a client made by `createRedisClient`, closed by `close()`),
   * or your own ioredis client (configure it like `REDIS_CLIENT_DEFAULTS`; `close()` leaves it open).
   */
  constructor(redis: Redis | string, options: RedisStoreOptions = {}) {
    this.#owned = typeof redis === 'string';
    this.#redis = typeof redis === 'string' ? createRedisClient(redis, options) : redis;
    this.#prefix = options.keyPrefix ?? DEFAULT_KEY_PREFIX;
  }

  /** Closes the client if the store made it. */
  async close(): Promise<void> {
    if (this.#owned) await closeClient(this.#redis);
  }

  async save(transaction: Transaction): Promise<void> {
    try {
      await this.#redis.set(
        transactionKey(this.#prefix, transaction.state),
        JSON.stringify(transaction),
        'EX',
        secondsUntil(transaction.expiresAt),
      );
    } catch (err) {
      throw storeUnavailable('saving the login transaction', err);
    }
  }

  async take(state: string): Promise<Transaction | undefined> {
    let stored: string | null;
    try {
      stored = await this.#redis.getdel(transactionKey(this.#prefix, state));
    } catch (err) {
      throw storeUnavailable('taking the login transaction', err);
    }
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
