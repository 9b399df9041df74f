import type { Redis } from 'ioredis';
import type { ReplayRegister } from '@signet/core';
import { DEFAULT_KEY_PREFIX, replayKey, secondsUntil } from './keys.js';
import { closeClient, createRedisClient, type RedisStoreOptions } from './redis-client.js';
import { storeUnavailable } from './store-unavailable.js';

/**
 * Accepted JARM responses, remembered in Redis until they expire (`SET NX EX`): the same response is accepted
 * once across all instances. Worth having with the cookie store too, which cannot make a cookie single use.
 * Redis unreachable: throws `ERR_STORE_UNAVAILABLE` (503).
 */
export class RedisReplayRegister implements ReplayRegister {
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #owned: boolean;

  /**
   * `redis`: a SIGNET_REDIS_URL (the register then owns a client made by `createRedisClient`, closed by `close()`),
   * or your own ioredis client (configure it like `REDIS_CLIENT_DEFAULTS`; `close()` leaves it open).
   */
  constructor(redis: Redis | string, options: RedisStoreOptions = {}) {
    this.#owned = typeof redis === 'string';
    this.#redis = typeof redis === 'string' ? createRedisClient(redis, options) : redis;
    this.#prefix = options.keyPrefix ?? DEFAULT_KEY_PREFIX;
  }

  /** Closes the client if the register made it. */
  async close(): Promise<void> {
    if (this.#owned) await closeClient(this.#redis);
  }

  async register(id: string, expiresAt: number): Promise<boolean> {
    try {
      const answer = await this.#redis.set(replayKey(this.#prefix, id), '1', 'EX', secondsUntil(expiresAt), 'NX');
      return answer === 'OK';
    } catch (err) {
      throw storeUnavailable('registering the response', err);
    }
  }
}
