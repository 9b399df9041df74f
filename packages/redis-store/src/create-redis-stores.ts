import type { Redis } from 'ioredis';
import { closeClient, createRedisClient, type RedisStoreOptions } from './redis-client.js';
import { RedisReplayRegister } from './redis-replay-register.js';
import { RedisTransactionStore } from './redis-transaction-store.js';

/** Both Redis halves over one connection, ready to spread into `SignetClient` options. */
export interface RedisStores {
  store: RedisTransactionStore;
  replayRegister: RedisReplayRegister;
  client: Redis;
  /** Closes the connection if it was made from a URL; a client you passed stays open. */
  close(): Promise<void>;
}

/**
 * The transaction store and the replay register over one ioredis connection.
 *
 * @example
 * const redis = createRedisStores(process.env.SIGNET_REDIS_URL!);
 * const client = await SignetClient.create({ ...options, store: redis.store, replayRegister: redis.replayRegister });
 * // on shutdown
 * await redis.close();
 */
export function createRedisStores(redis: Redis | string, options: RedisStoreOptions = {}): RedisStores {
  const owned = typeof redis === 'string';
  const client = typeof redis === 'string' ? createRedisClient(redis, options) : redis;
  return {
    store: new RedisTransactionStore(client, options),
    replayRegister: new RedisReplayRegister(client, options),
    client,
    close: async () => {
      if (owned) await closeClient(client);
    },
  };
}
