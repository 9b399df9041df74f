import type { CookieSecrets } from '../config/cookie-secrets.js';
import { SignetError } from '../errors/signet-error.js';
import { CookieTransactionStore } from './cookie-transaction-store.js';
import { MemoryTransactionStore } from './memory-transaction-store.js';
import { MemoryReplayRegister, type ReplayRegister } from './replay-register.js';
import type { TransactionStore } from './transaction-store.js';

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
  /** SIGNET_REDIS_URL: required by `redis`; with `cookie` it adds the shared replay register. */
  redisUrl?: string;
}

/** What a `SignetClient` needs (`store`, `replayRegister`), plus `close()` for shutdown hooks. */
export interface SignetStores {
  kind: StoreKind;
  store: TransactionStore;
  replayRegister: ReplayRegister;
  /** Closes the Redis connection, if any. */
  close(): Promise<void>;
}

interface RedisHalves {
  store: TransactionStore;
  replayRegister: ReplayRegister;
  close(): Promise<void>;
}

export interface SelectStoresOptions {
  /** Makes the Redis store and register from a URL. Default: `createRedisStores` of `@signet/redis-store`, loaded on demand. */
  createRedisStores?: (url: string) => RedisHalves;
}

function fail(field: string, problem: string): never {
  throw new SignetError('ERR_CONFIG_INVALID', `${field}: ${problem}`, { field });
}

async function loadRedis(url: string, options: SelectStoresOptions): Promise<RedisHalves> {
  if (options.createRedisStores) return options.createRedisStores(url);
  // A variable specifier: core neither depends on the Redis package nor makes TypeScript resolve it.
  const specifier = '@signet/redis-store';
  let module: { createRedisStores: (url: string) => RedisHalves };
  try {
    module = (await import(specifier)) as typeof module;
  } catch (cause) {
    throw new SignetError(
      'ERR_CONFIG_INVALID',
      'SIGNET_REDIS_URL: the Redis stores need the @signet/redis-store package; install it (npm install @signet/redis-store)',
      { field: 'SIGNET_REDIS_URL', cause },
    );
  }
  return module.createRedisStores(url);
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
  const redisUrl = choice.redisUrl === '' ? undefined : choice.redisUrl;

  if (kind === 'memory') {
    return {
      kind,
      store: new MemoryTransactionStore(),
      replayRegister: new MemoryReplayRegister(),
      close: async () => undefined,
    };
  }
  if (kind === 'redis') {
    if (redisUrl === undefined)
      fail('SIGNET_REDIS_URL', 'is required with SIGNET_STORE=redis (e.g. redis://127.0.0.1:6379, rediss:// for TLS)');
    const redis = await loadRedis(redisUrl, options);
    return { kind, store: redis.store, replayRegister: redis.replayRegister, close: () => redis.close() };
  }
  if (choice.cookieSecret === undefined || choice.cookieSecret === '') {
    fail(
      'SIGNET_COOKIE_SECRET',
      'is required with SIGNET_STORE=cookie (the default): a random value of at least 32 characters (e.g. `openssl rand -base64 48`), the same on every instance; or SIGNET_STORE=memory for a single instance',
    );
  }
  const store = new CookieTransactionStore({ secrets: choice.cookieSecret });
  if (redisUrl === undefined) {
    return { kind, store, replayRegister: new MemoryReplayRegister(), close: async () => undefined };
  }
  const redis = await loadRedis(redisUrl, options);
  return { kind, store, replayRegister: redis.replayRegister, close: () => redis.close() };
}
