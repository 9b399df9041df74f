import { describe, expect, it } from '@jest/globals';
import { SignetError } from '../errors/signet-error.js';
import { CookieTransactionStore } from './cookie-transaction-store.js';
import { MemoryTransactionStore } from './memory-transaction-store.js';
import { MemoryReplayRegister, type ReplayRegister } from './replay-register.js';
import { storesFromEnv } from '../config/environment/stores-from-environment.js';
import type { RedisLocation } from './select-stores.js';
import type { TransactionStore } from './transaction-store.js';

const SECRET = 'x'.repeat(40);

/** Stands in for @signet/redis-store: records the URL it was given and whether it was closed. */
function fakeRedis() {
  const calls = { urls: [] as string[], closed: 0 };
  const store = { save: async () => undefined, take: async () => undefined } satisfies TransactionStore;
  const replayRegister = { register: async () => true } satisfies ReplayRegister;
  return {
    calls,
    store,
    replayRegister,
    createRedisStores: (location: RedisLocation) => {
      calls.urls.push(location.url ?? JSON.stringify(location));
      return { store, replayRegister, close: async () => void calls.closed++ };
    },
  };
}

async function refusal(promise: Promise<unknown>): Promise<SignetError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SignetError);
  expect((err as SignetError).code).toBe('ERR_CONFIG_INVALID');
  return err as SignetError;
}

describe('storesFromEnv', () => {
  it('defaults to the cookie store with a per-instance replay register', async () => {
    const stores = await storesFromEnv({ SIGNET_COOKIE_SECRET: SECRET });
    expect(stores.kind).toBe('cookie');
    expect(stores.store).toBeInstanceOf(CookieTransactionStore);
    expect(stores.replayRegister).toBeInstanceOf(MemoryReplayRegister);
  });

  it('adds the Redis replay register to cookies when SIGNET_REDIS_URL is set', async () => {
    const redis = fakeRedis();
    const stores = await storesFromEnv(
      { SIGNET_COOKIE_SECRET: SECRET, SIGNET_REDIS_URL: 'redis://127.0.0.1:6379' },
      redis,
    );
    expect(stores.store).toBeInstanceOf(CookieTransactionStore);
    expect(stores.replayRegister).toBe(redis.replayRegister);
    await stores.close();
    expect(redis.calls).toEqual({ urls: ['redis://127.0.0.1:6379'], closed: 1 });
  });

  it('puts both halves in Redis with SIGNET_STORE=redis', async () => {
    const redis = fakeRedis();
    const stores = await storesFromEnv({ SIGNET_STORE: 'redis', SIGNET_REDIS_URL: 'redis://cache:6379' }, redis);
    expect(stores.kind).toBe('redis');
    expect(stores.store).toBe(redis.store);
    expect(stores.replayRegister).toBe(redis.replayRegister);
  });

  it('hands Cluster nodes or Sentinels to the Redis package instead of a URL', async () => {
    const redis = fakeRedis();
    await storesFromEnv(
      { SIGNET_STORE: 'redis', SIGNET_REDIS_CLUSTER_NODES: ' redis://a:7000,redis://b:7001 ' },
      redis,
    );
    await storesFromEnv(
      {
        SIGNET_COOKIE_SECRET: SECRET,
        SIGNET_REDIS_SENTINELS: 'redis://s:26379',
        SIGNET_REDIS_SENTINEL_NAME: 'mymaster',
      },
      redis,
    );
    expect(redis.calls.urls).toEqual([
      JSON.stringify({ clusterNodes: 'redis://a:7000,redis://b:7001' }),
      JSON.stringify({ sentinels: 'redis://s:26379', sentinelName: 'mymaster' }),
    ]);
  });

  it('keeps everything in memory with SIGNET_STORE=memory', async () => {
    const stores = await storesFromEnv({ SIGNET_STORE: 'memory' });
    expect(stores.store).toBeInstanceOf(MemoryTransactionStore);
    expect(stores.replayRegister).toBeInstanceOf(MemoryReplayRegister);
  });

  it('refuses the default cookie store without SIGNET_COOKIE_SECRET', async () => {
    expect((await refusal(storesFromEnv({}))).message).toContain('SIGNET_COOKIE_SECRET');
  });

  it('refuses SIGNET_STORE=redis without SIGNET_REDIS_URL', async () => {
    expect((await refusal(storesFromEnv({ SIGNET_STORE: 'redis' }))).message).toContain('SIGNET_REDIS_URL');
  });

  it('refuses an unknown SIGNET_STORE', async () => {
    expect((await refusal(storesFromEnv({ SIGNET_STORE: 'postgres' }))).message).toContain('SIGNET_STORE');
  });
});
