// @signet/redis-store: Signet's transaction store and replay register in Redis. Every export is listed by name.
export { RedisTransactionStore } from './redis-transaction-store.js';
export { RedisReplayRegister } from './redis-replay-register.js';
export { RedisSessionStore } from './redis-session-store.js';
export { createRedisStores } from './create-redis-stores.js';
export type { RedisStores } from './create-redis-stores.js';
export { closeClient, createRedisClient, REDIS_CLIENT_DEFAULTS, REDIS_CLUSTER_DEFAULTS } from './redis-client.js';
export type { RedisClientOptions, RedisConnection, RedisStoreOptions } from './redis-client.js';
export { redisTopology } from './redis-settings.js';
export type { RedisConnectionSettings, RedisTopology } from './redis-settings.js';
export { DEFAULT_KEY_PREFIX } from './keys.js';
