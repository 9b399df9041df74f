import type { CookieSecrets } from '../config/cookie-secrets.js';
import { SignetError } from '../errors/signet-error.js';
import { CookieTransactionStore } from './cookie-transaction-store.js';
import { MemoryTransactionStore } from './memory-transaction-store.js';
import { MemoryReplayRegister, type ReplayRegister } from './replay-register.js';
import type { TransactionStore } from './transaction-store.js';
import type { SessionStore } from '../session/session-store.js';

/** Where pending logins live: `cookie` (stateless, the default), `memory` (one instance), `redis` (shared). */
export type StoreKind = 'cookie' | 'memory' | 'redis';

/** Every store kind, in the order the documentation lists them. */
export const STORE_KINDS: readonly StoreKind[] = ['cookie', 'memory', 'redis'];
/** Stateless: works with any number of instances and needs nothing but the cookie secret. */
export const DEFAULT_STORE_KIND: StoreKind = 'cookie';

/** The store choice as module options carry it; `storesFromEnv` reads the same from the environment table. */
export interface StoreChoice {
  /** SIGNET_STORE; default `cookie`. */
  store?: StoreKind;
  /** SIGNET_COOKIE_SECRET: required by `cookie`; newest first (comma-separated or a list) during a rotation. */
  cookieSecret?: string | string[] | CookieSecrets;
  /** SIGNET_REDIS_URL: required by `redis` (or one of the two below); with `cookie` it adds the shared replay register. */
  redisUrl?: string;
  /** SIGNET_REDIS_CLUSTER_NODES: comma-separated `redis://host:port` of some Redis Cluster nodes, instead of a URL. */
  redisClusterNodes?: string;
  /** SIGNET_REDIS_SENTINELS: comma-separated `redis://host:port` of the Sentinels, instead of a URL. */
  redisSentinels?: string;
  /** SIGNET_REDIS_SENTINEL_NAME: the master group the Sentinels watch; required with `redisSentinels`. */
  redisSentinelName?: string;
}

/** Where Redis is: what `@signet/redis-store`'s `createRedisStores` takes. Exactly one of url, cluster, sentinels. */
export interface RedisLocation {
  url?: string;
  clusterNodes?: string;
  sentinels?: string;
  sentinelName?: string;
}

/** What a `SignetClient` needs (`store`, `replayRegister`), plus `close()` for shutdown hooks. */
export interface SignetStores {
  kind: StoreKind;
  store: TransactionStore;
  replayRegister: ReplayRegister;
  /** With Redis: the server-side session store over the same connection (`SIGNET_SESSION_STORE=redis`). */
  sessionStore?: SessionStore;
  /** Closes the Redis connection, if any. */
  close(): Promise<void>;
}

interface RedisHalves {
  store: TransactionStore;
  replayRegister: ReplayRegister;
  sessionStore?: SessionStore;
  close(): Promise<void>;
}

/** What `@signet/redis-store`'s `createRedisStores` yields, as core sees it. */
export type { RedisHalves };

export interface SelectStoresOptions {
  /** Makes the Redis store and register. Default: `createRedisStores` of `@signet/redis-store`, loaded on demand. */
  createRedisStores?: (location: RedisLocation) => RedisHalves;
}

function fail(field: string, problem: string): never {
  throw new SignetError('ERR_CONFIG_INVALID', `${field}: ${problem}`, { field });
}

/** Loads `@signet/redis-store` on demand and opens its stores on one connection. */
export async function loadRedis(location: RedisLocation, options: SelectStoresOptions): Promise<RedisHalves> {
  if (options.createRedisStores) return options.createRedisStores(location);
  // A variable specifier: core neither depends on the Redis package nor makes TypeScript resolve it.
  const specifier = '@signet/redis-store';
  let module: { createRedisStores: (location: RedisLocation) => RedisHalves };
  try {
    module = (await import(specifier)) as typeof module;
  } catch (cause) {
    throw new SignetError(
      'ERR_CONFIG_INVALID',
      'SIGNET_REDIS_URL: the Redis stores need the @signet/redis-store package; install it (npm install @signet/redis-store)',
      { field: 'SIGNET_REDIS_URL', cause },
    );
  }
  return module.createRedisStores(location);
}

/** The Redis location a choice names, or undefined when it names none. */
function redisLocationOf(choice: StoreChoice): RedisLocation | undefined {
  const set = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v.trim());
  const location: RedisLocation = {
    ...(set(choice.redisUrl) ? { url: set(choice.redisUrl)! } : {}),
    ...(set(choice.redisClusterNodes) ? { clusterNodes: set(choice.redisClusterNodes)! } : {}),
    ...(set(choice.redisSentinels) ? { sentinels: set(choice.redisSentinels)! } : {}),
    ...(set(choice.redisSentinelName) ? { sentinelName: set(choice.redisSentinelName)! } : {}),
  };
  return Object.keys(location).length === 0 ? undefined : location;
}

/**
 * Builds the transaction store and replay register for a store choice. Validates at boot, naming the variable.
 * `cookie` keeps replays per instance unless a Redis URL is given too: then Redis holds the replay register.
 *
 * @example
 * const stores = await selectStores({ store: 'redis', redisUrl: 'redis://127.0.0.1:6379' });
 * const client = await SignetClient.create({ ...options, store: stores.store, replayRegister: stores.replayRegister });
 */
export async function selectStores(choice: StoreChoice, options: SelectStoresOptions = {}): Promise<SignetStores> {
  const kind = choice.store ?? DEFAULT_STORE_KIND;
  if (!STORE_KINDS.includes(kind))
    fail('SIGNET_STORE', `must be one of ${STORE_KINDS.join(', ')} (got "${String(kind)}")`);
  const redis = redisLocationOf(choice);

  if (kind === 'memory') {
    return {
      kind,
      store: new MemoryTransactionStore(),
      replayRegister: new MemoryReplayRegister(),
      close: async () => undefined,
    };
  }
  if (kind === 'redis') {
    if (redis === undefined)
      fail(
        'SIGNET_REDIS_URL',
        'is required with SIGNET_STORE=redis (e.g. redis://127.0.0.1:6379, rediss:// for TLS; or SIGNET_REDIS_CLUSTER_NODES, or SIGNET_REDIS_SENTINELS)',
      );
    const halves = await loadRedis(redis, options);
    return {
      kind,
      store: halves.store,
      replayRegister: halves.replayRegister,
      ...(halves.sessionStore ? { sessionStore: halves.sessionStore } : {}),
      close: () => halves.close(),
    };
  }
  if (choice.cookieSecret === undefined || choice.cookieSecret === '') {
    fail(
      'SIGNET_COOKIE_SECRET',
      'is required with SIGNET_STORE=cookie (the default): a random value of at least 32 characters (e.g. `openssl rand -base64 48`), the same on every instance; or SIGNET_STORE=memory for a single instance',
    );
  }
  const store = new CookieTransactionStore({ secrets: choice.cookieSecret });
  if (redis === undefined) {
    return { kind, store, replayRegister: new MemoryReplayRegister(), close: async () => undefined };
  }
  const halves = await loadRedis(redis, options);
  return {
    kind,
    store,
    replayRegister: halves.replayRegister,
    ...(halves.sessionStore ? { sessionStore: halves.sessionStore } : {}),
    close: () => halves.close(),
  };
}
