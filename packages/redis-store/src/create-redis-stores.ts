import { closeClient, createRedisClient, type RedisConnection, type RedisStoreOptions } from './redis-client.js';
import { RedisReplayRegister } from './redis-replay-register.js';
import type { RedisConnectionSettings } from './redis-settings.js';
import { RedisTransactionStore } from './redis-transaction-store.js';
import { RedisSessionStore } from './redis-session-store.js';

/** Both Redis halves over one connection, ready to spread into `SignetClient` options. */
export interface RedisStores {
  store: RedisTransactionStore;
  replayRegister: RedisReplayRegister;
  /** Server-side sessions (`SignetSessions`) over the same connection. */
  sessionStore: RedisSessionStore;
  client: RedisConnection;
  /** Closes the connection if it was made from a URL or settings; a client you passed stays open. */
  close(): Promise<void>;
}

/**
 * The transaction store and the replay register over one ioredis connection: a SIGNET_REDIS_URL, settings
 * naming Cluster nodes or Sentinels (`RedisConnectionSettings`), or a client (or Cluster) you own.
 *
 * @example
 * const redis = createRedisStores(process.env.SIGNET_REDIS_URL!);
 * const client = await SignetClient.create({ ...options, store: redis.store, replayRegister: redis.replayRegister });
 * // on shutdown
 * await redis.close();
 */
export function createRedisStores(
  redis: RedisConnection | string | RedisConnectionSettings,
  options: RedisStoreOptions = {},
): RedisStores {
  const owned = typeof redis === 'string' || !('status' in redis);
  const client = owned ? createRedisClient(redis as string | RedisConnectionSettings, options) : redis;
  return {
    store: new RedisTransactionStore(client, options),
    replayRegister: new RedisReplayRegister(client, options),
    sessionStore: new RedisSessionStore(client, options),
    client,
    close: async () => {
      if (owned) await closeClient(client);
    },
  };
}
