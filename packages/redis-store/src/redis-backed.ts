import type { Redis } from 'ioredis';
import { DEFAULT_KEY_PREFIX } from './keys.js';
import { closeClient, createRedisClient, type RedisStoreOptions } from './redis-client.js';

/**
 * What the Redis store and the replay register share: a client given or made from a URL, the key prefix, and
 * `close()` closing the client only when it was made here.
 */
export abstract class RedisBacked {
  protected readonly redis: Redis;
  protected readonly prefix: string;
  readonly #owned: boolean;

  /**
   * `redis`: a SIGNET_REDIS_URL (a client made by `createRedisClient`, closed by `close()`), or your own ioredis
   * client (configure it like `REDIS_CLIENT_DEFAULTS`; `close()` leaves it open).
   */
  constructor(redis: Redis | string, options: RedisStoreOptions = {}) {
    this.#owned = typeof redis === 'string';
    this.redis = typeof redis === 'string' ? createRedisClient(redis, options) : redis;
    this.prefix = options.keyPrefix ?? DEFAULT_KEY_PREFIX;
  }

  /** Closes the client if it was made here. */
  async close(): Promise<void> {
    if (this.#owned) await closeClient(this.redis);
  }
}
