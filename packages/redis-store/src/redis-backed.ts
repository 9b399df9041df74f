import { Cluster } from 'ioredis';
import { DEFAULT_KEY_PREFIX } from './keys.js';
import { closeClient, createRedisClient, type RedisConnection, type RedisStoreOptions } from './redis-client.js';
import type { RedisConnectionSettings } from './redis-settings.js';
import { storeUnavailable } from './store-unavailable.js';

/** Resolves on `ready`, rejects on the first error, or after the connect timeout (2 s by default). */
function firstConnection(redis: RedisConnection): Promise<void> {
  const options = (redis instanceof Cluster ? redis.options.redisOptions : redis.options) as {
    connectTimeout?: number;
  };
  return new Promise<void>((resolve, reject) => {
    const done = (err?: Error) => {
      clearTimeout(timer);
      redis.off('ready', onReady);
      redis.off('error', done);
      if (err) reject(err);
      else resolve();
    };
    const onReady = () => done();
    const timer = setTimeout(
      () => done(new Error('the first connection did not complete')),
      options?.connectTimeout ?? 2000,
    );
    redis.once('ready', onReady);
    redis.once('error', done);
  });
}

/**
 * The PING in flight on each connection. A login pings the store and the replay register, which usually share
 * one connection, and concurrent logins ping together: a PING sent before this call and answered after it
 * shows Redis answering as well as a PING of its own would, so they all wait for that one answer.
 */
const pinging = new WeakMap<RedisConnection, Promise<unknown>>();

function pingOnce(redis: RedisConnection): Promise<unknown> {
  let answer = pinging.get(redis);
  if (answer === undefined) {
    answer = redis.ping();
    const settled = answer;
    pinging.set(redis, settled);
    const forget = () => {
      if (pinging.get(redis) === settled) pinging.delete(redis);
    };
    settled.then(forget, forget);
  }
  return answer;
}

/**
 * What the Redis store and the replay register share: a connection given or made from settings, the key prefix,
 * a health probe, and `close()` closing the connection only when it was made here.
 */
export abstract class RedisBacked {
  protected readonly redis: RedisConnection;
  protected readonly prefix: string;
  readonly #owned: boolean;

  /**
   * `redis`: a SIGNET_REDIS_URL or connection settings (a connection made by `createRedisClient`, closed by
   * `close()`), or your own ioredis client or Cluster (configure it like `REDIS_CLIENT_DEFAULTS`; `close()` leaves
   * it open).
   */
  constructor(redis: RedisConnection | string | RedisConnectionSettings, options: RedisStoreOptions = {}) {
    this.#owned = typeof redis === 'string' || !('status' in redis);
    this.redis = typeof redis === 'string' || !('status' in redis) ? createRedisClient(redis, options) : redis;
    this.prefix = options.keyPrefix ?? DEFAULT_KEY_PREFIX;
  }

  /**
   * Resolves when Redis answers a PING (one in flight on this connection is joined, never one answered before this
   * call); throws `ERR_STORE_UNAVAILABLE` otherwise (health checks, `/login`).
   */
  async ping(): Promise<void> {
    try {
      // Just booted: the first connection is still being made. Wait for it (bounded) rather than refuse a login.
      if (this.redis.status === 'connecting' || this.redis.status === 'connect' || this.redis.status === 'wait')
        await firstConnection(this.redis);
      await pingOnce(this.redis);
    } catch (err) {
      throw storeUnavailable('pinging', err);
    }
  }

  /** Closes the connection if it was made here. */
  async close(): Promise<void> {
    if (this.#owned) await closeClient(this.redis);
  }
}
