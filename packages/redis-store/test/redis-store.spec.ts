import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash, randomBytes } from 'node:crypto';
import { CookieTransactionStore, SignetError, storesFromEnv, type Transaction } from '@signet/core';
import { httpStatusOf } from '@signet/core/http';
import {
  RedisReplayRegister,
  RedisTransactionStore,
  createRedisClient,
  createRedisStores,
  type RedisConnection,
  type RedisStores,
} from '../src/index.js';
import { HAS_REDIS_SERVER, RedisServer } from '@signet/redis-store/testing';

function transaction(overrides: Partial<Transaction> = {}): Transaction {
  const now = Math.floor(Date.now() / 1000);
  return {
    state: randomBytes(32).toString('base64url'),
    nonce: randomBytes(32).toString('base64url'),
    codeVerifier: randomBytes(32).toString('base64url'),
    responseMode: 'jwt',
    redirectUri: 'https://rp.example.com/callback',
    jti: randomBytes(16).toString('base64url'),
    scope: 'openid',
    createdAt: now,
    expiresAt: now + 600,
    ...overrides,
  };
}

/** Fails the test if `promise` has not settled in `ms`: a bound for "quickly", not a measurement. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const bound = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms);
  });
  return Promise.race([promise, bound]).finally(() => clearTimeout(timer));
}

function ready(client: RedisConnection): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  return within(new Promise<void>((resolve) => client.once('ready', () => resolve())), 10_000, 'the Redis connection');
}

async function refusal(promise: Promise<unknown>): Promise<SignetError> {
  const err = await within(
    promise.then(
      () => undefined,
      (e: unknown) => e,
    ),
    5000,
    'the refusal',
  );
  expect(err).toBeInstanceOf(SignetError);
  return err as SignetError;
}

const describeRedis = HAS_REDIS_SERVER ? describe : describe.skip;

describeRedis('Redis transaction store and replay register (real redis-server)', () => {
  let server: RedisServer;
  const opened: RedisStores[] = [];

  /** One "instance" of the application: its own connection to the shared Redis. */
  async function instance(): Promise<RedisStores> {
    const stores = createRedisStores(server.url);
    opened.push(stores);
    await ready(stores.client);
    return stores;
  }

  beforeAll(async () => {
    server = await RedisServer.start();
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('round-trips a transaction saved on one instance and taken on another', async () => {
    const [a, b] = [await instance(), await instance()];
    const tx = transaction({ appState: { returnTo: '/account' } });
    await a.store.save(tx);
    await expect(b.store.take(tx.state)).resolves.toEqual(tx);
    await expect(a.store.take(tx.state)).resolves.toBeUndefined();
  });

  it('peeks at a transaction from another instance without consuming it', async () => {
    const [a, b] = [await instance(), await instance()];
    const tx = transaction();
    await a.store.save(tx);
    await expect(b.store.peek(tx.state)).resolves.toEqual(tx);
    await expect(a.store.peek('no-such-state')).resolves.toBeUndefined();
    await expect(a.store.take(tx.state)).resolves.toEqual(tx);
    await expect(b.store.peek(tx.state)).resolves.toBeUndefined();
  });

  it('takes a login in one script only when the browser presents its binding, and otherwise reads it without consuming it', async () => {
    const [a, b] = [await instance(), await instance()];
    const tx = transaction({ binding: 'digest-of-the-binding-cookie' });
    await a.store.save(tx);
    await expect(b.store.takeIfBound(tx.state, 'digest-of-another-cookie')).resolves.toEqual({
      transaction: tx,
      taken: false,
    });
    await expect(b.store.takeIfBound(tx.state, undefined)).resolves.toEqual({ transaction: tx, taken: false });
    await expect(a.store.peek(tx.state)).resolves.toEqual(tx);
    await expect(b.store.takeIfBound(tx.state, tx.binding)).resolves.toEqual({ transaction: tx, taken: true });
    await expect(a.store.peek(tx.state)).resolves.toBeUndefined();
    await expect(a.store.takeIfBound(tx.state, tx.binding)).resolves.toBeUndefined();
    const unbound = transaction();
    await a.store.save(unbound);
    await expect(b.store.takeIfBound(unbound.state, 'some-digest')).resolves.toEqual({
      transaction: unbound,
      taken: false,
    });
    await expect(b.store.takeIfBound(unbound.state, undefined)).resolves.toEqual({ transaction: unbound, taken: true });
  });

  it('lets exactly one of 10 concurrent bound takes across two instances win', async () => {
    const [a, b] = [await instance(), await instance()];
    const tx = transaction({ binding: 'digest' });
    await a.store.save(tx);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).store.takeIfBound(tx.state, 'digest')),
    );
    expect(results.filter((r) => r?.taken)).toEqual([{ transaction: tx, taken: true }]);
    expect(results.filter((r) => r !== undefined && !r.taken)).toEqual([]);
  });

  it('reads a stored value that is not JSON without taking it, and refuses it as ERR_TRANSACTION_INVALID', async () => {
    const { store, client } = await instance();
    const tx = transaction();
    const key = `signet:tx:${createHash('sha256').update(tx.state).digest('base64url')}`;
    await client.set(key, 'not json', 'EX', 60);
    expect((await refusal(store.takeIfBound(tx.state, undefined))).code).toBe('ERR_TRANSACTION_INVALID');
    expect(await client.get(key)).toBe('not json');
  });

  it('keys transactions by a digest of the state, never the state itself, with the TTL of the login', async () => {
    const { store, client } = await instance();
    const tx = transaction();
    await store.save(tx);
    const key = `signet:tx:${createHash('sha256').update(tx.state).digest('base64url')}`;
    expect(await client.keys(`*${tx.state}*`)).toEqual([]);
    const ttl = await client.ttl(key);
    expect(ttl).toBeGreaterThan(590);
    expect(ttl).toBeLessThanOrEqual(600);
  });

  it('lets exactly one of 10 concurrent takes across two instances win', async () => {
    const [a, b] = [await instance(), await instance()];
    const tx = transaction();
    await a.store.save(tx);
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).store.take(tx.state)));
    expect(results.filter((r) => r !== undefined)).toEqual([tx]);
  });

  it('answers undefined for a transaction past its expiry, even while Redis still holds the key', async () => {
    const { store, client } = await instance();
    const now = Math.floor(Date.now() / 1000);
    const tx = transaction({ createdAt: now - 700, expiresAt: now - 100 });
    await store.save(tx);
    const key = `signet:tx:${createHash('sha256').update(tx.state).digest('base64url')}`;
    expect(await client.ttl(key)).toBeLessThanOrEqual(1);
    await expect(store.take(tx.state)).resolves.toBeUndefined();
    expect(await client.exists(key)).toBe(0);
  });

  it('refuses a stored value that is not a transaction for this state', async () => {
    const { store, client } = await instance();
    const tx = transaction();
    const other = transaction();
    await client.set(`signet:tx:${createHash('sha256').update(tx.state).digest('base64url')}`, JSON.stringify(other));
    expect((await refusal(store.take(tx.state))).code).toBe('ERR_TRANSACTION_INVALID');
  });

  it('registers a response once across instances (SET NX EX), refusing the second', async () => {
    const [a, b] = [await instance(), await instance()];
    const id = randomBytes(32).toString('base64url');
    const exp = Math.floor(Date.now() / 1000) + 300;
    await expect(a.replayRegister.register(id, exp)).resolves.toBe(true);
    await expect(b.replayRegister.register(id, exp)).resolves.toBe(false);
    await expect(a.replayRegister.register(id, exp)).resolves.toBe(false);
    const ttl = await a.client.ttl(`signet:jarm:${id}`);
    expect(ttl).toBeGreaterThan(290);
    expect(ttl).toBeLessThanOrEqual(300);
  });

  it('lets exactly one of 10 concurrent registrations of one response win', async () => {
    const [a, b] = [await instance(), await instance()];
    const id = randomBytes(32).toString('base64url');
    const exp = Math.floor(Date.now() / 1000) + 300;
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).replayRegister.register(id, exp)),
    );
    expect(answers.filter(Boolean)).toHaveLength(1);
  });

  it('separates applications sharing one Redis by key prefix', async () => {
    await instance();
    const one = new RedisTransactionStore(server.url, { keyPrefix: 'app1:' });
    const two = new RedisTransactionStore(server.url, { keyPrefix: 'app2:' });
    const replayOne = new RedisReplayRegister(server.url, { keyPrefix: 'app1:' });
    const replayTwo = new RedisReplayRegister(server.url, { keyPrefix: 'app2:' });
    try {
      const tx = transaction();
      await within(
        waitUntilWorks(() => one.save(tx)),
        10_000,
        'the first save',
      );
      await expect(two.take(tx.state)).resolves.toBeUndefined();
      await expect(one.take(tx.state)).resolves.toEqual(tx);
      const exp = Math.floor(Date.now() / 1000) + 60;
      await expect(
        within(
          waitUntilWorks(() => replayOne.register('same-id', exp)),
          10_000,
          'the first registration',
        ),
      ).resolves.toBe(true);
      await expect(
        within(
          waitUntilWorks(() => replayTwo.register('same-id', exp)),
          10_000,
          'the second registration',
        ),
      ).resolves.toBe(true);
      await expect(replayOne.register('same-id', exp)).resolves.toBe(false);
    } finally {
      await Promise.all([one.close(), two.close(), replayOne.close(), replayTwo.close()]);
    }
  });

  it("is what core's storesFromEnv loads for SIGNET_STORE=redis, and for the replay register beside cookies", async () => {
    const redis = await storesFromEnv({ SIGNET_STORE: 'redis', SIGNET_REDIS_URL: server.url });
    const cookie = await storesFromEnv({ SIGNET_COOKIE_SECRET: 'k'.repeat(40), SIGNET_REDIS_URL: server.url });
    try {
      expect(redis.store).toBeInstanceOf(RedisTransactionStore);
      expect(redis.replayRegister).toBeInstanceOf(RedisReplayRegister);
      expect(cookie.store).toBeInstanceOf(CookieTransactionStore);
      expect(cookie.replayRegister).toBeInstanceOf(RedisReplayRegister);
      const tx = transaction();
      await within(
        waitUntilWorks(() => redis.store.save(tx)),
        10_000,
        'the first save',
      );
      await expect(redis.store.take(tx.state)).resolves.toEqual(tx);
    } finally {
      await Promise.all([redis.close(), cookie.close()]);
    }
  });

  it('refuses with ERR_STORE_UNAVAILABLE (503) while Redis is down, then works again once it is back, without a new store', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const { store, replayRegister, client } = await instance();
      const pending = transaction();
      await store.save(pending);

      await server.stop();
      for (const attempt of [
        store.save(transaction()),
        store.take(pending.state),
        replayRegister.register('r', Math.floor(Date.now() / 1000) + 60),
      ]) {
        const err = await refusal(attempt);
        expect(err.code).toBe('ERR_STORE_UNAVAILABLE');
        expect(httpStatusOf(err)).toBe(503);
        expect(err.message).not.toContain(pending.state);
        expect(err.message).not.toContain(pending.codeVerifier);
      }

      await server.start();
      await ready(client);
      const tx = transaction();
      await store.save(tx);
      await expect(store.take(tx.state)).resolves.toEqual(tx);
      await expect(
        replayRegister.register(randomBytes(8).toString('hex'), Math.floor(Date.now() / 1000) + 60),
      ).resolves.toBe(true);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('refuses within the command timeout when Redis hangs, and works again when it wakes', async () => {
    const stores = createRedisStores(server.url, { redisOptions: { commandTimeout: 300 } });
    opened.push(stores);
    await ready(stores.client);
    server.pause();
    try {
      const err = await refusal(stores.store.take(transaction().state));
      expect(err.code).toBe('ERR_STORE_UNAVAILABLE');
      expect(err.message).toMatch(/timed out/i);
    } finally {
      server.resume();
    }
    const tx = transaction();
    await within(
      waitUntilWorks(() => stores.store.save(tx)),
      10_000,
      'the save after the freeze',
    );
    await expect(stores.store.take(tx.state)).resolves.toEqual(tx);
  });
});

describeRedis('store faults leave what a retry needs (real redis-server, frozen with SIGSTOP)', () => {
  let server: RedisServer;
  const opened: RedisStores[] = [];

  /** One instance with a short command timeout: a frozen Redis is noticed in 300 ms (deadline: 150 ms). */
  async function instance(): Promise<RedisStores> {
    const stores = createRedisStores(server.url, { redisOptions: { commandTimeout: 300 } });
    opened.push(stores);
    await ready(stores.client);
    await waitUntilWorks(() => stores.client.ping());
    return stores;
  }

  /** Freezes Redis while `during` runs, then thaws it and waits until it answers again. */
  async function frozen<T>(during: () => Promise<T>): Promise<T> {
    server.pause();
    try {
      return await during();
    } finally {
      server.resume();
    }
  }

  beforeAll(async () => {
    server = await RedisServer.start();
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('a take that timed out while Redis was frozen does not consume the login when Redis wakes: the retry on another instance gets it, once', async () => {
    const [a, b] = [await instance(), await instance()];
    const tx = transaction();
    await a.store.save(tx);
    const err = await frozen(() => refusal(a.store.take(tx.state)));
    expect([err.code, httpStatusOf(err)]).toEqual(['ERR_STORE_UNAVAILABLE', 503]);
    // The queued script has run by the time Redis answers the next command on the same connection.
    await waitUntilWorks(() => a.client.ping());
    const retries = await Promise.all([b.store.take(tx.state), a.store.take(tx.state), b.store.take(tx.state)]);
    expect(retries.filter((r) => r !== undefined)).toEqual([tx]);
  });

  it('a bound take that timed out while Redis was frozen does not consume the login when Redis wakes', async () => {
    const [a, b] = [await instance(), await instance()];
    const tx = transaction({ binding: 'digest' });
    await a.store.save(tx);
    const err = await frozen(() => refusal(a.store.takeIfBound(tx.state, 'digest')));
    expect([err.code, httpStatusOf(err)]).toEqual(['ERR_STORE_UNAVAILABLE', 503]);
    await waitUntilWorks(() => a.client.ping());
    await expect(b.store.takeIfBound(tx.state, 'digest')).resolves.toEqual({ transaction: tx, taken: true });
  });

  it('a registration that timed out while Redis was frozen does not land later: the retry is accepted once, then refused as a replay', async () => {
    const [a, b] = [await instance(), await instance()];
    const id = randomBytes(32).toString('base64url');
    const exp = Math.floor(Date.now() / 1000) + 60;
    const err = await frozen(() => refusal(a.replayRegister.register(id, exp)));
    expect(err.code).toBe('ERR_STORE_UNAVAILABLE');
    await waitUntilWorks(() => a.client.ping());
    const answers = await Promise.all([b.replayRegister.register(id, exp), a.replayRegister.register(id, exp)]);
    expect(answers.sort()).toEqual([false, true]);
  });

  it('a take that ran before Redis froze consumes the login: the answer was lost, the retry finds nothing (start again)', async () => {
    const { store } = await instance();
    const tx = transaction();
    await store.save(tx);
    await expect(store.take(tx.state)).resolves.toEqual(tx);
    await frozen(async () => undefined);
    await expect(store.take(tx.state)).resolves.toBeUndefined();
  });

  it('ping answers while Redis does and refuses with ERR_STORE_UNAVAILABLE while it is frozen', async () => {
    const { replayRegister, store } = await instance();
    await expect(replayRegister.ping()).resolves.toBeUndefined();
    const err = await frozen(() => refusal(store.ping()));
    expect(err.code).toBe('ERR_STORE_UNAVAILABLE');
  });

  it('concurrent pings on one connection wait for one PING, never for one answered before they were asked', async () => {
    const { replayRegister, store } = await instance();
    const observer = createRedisClient(server.url);
    try {
      await ready(observer);
      const pings = async () => {
        const stats = String(await observer.info('commandstats'));
        return Number(/cmdstat_ping:calls=(\d+)/.exec(stats)?.[1] ?? 0);
      };
      const before = await pings();
      await Promise.all([store.ping(), replayRegister.ping(), store.ping(), replayRegister.ping()]);
      expect((await pings()) - before).toBe(1);
      // Answered: the next ping asks again, and a frozen Redis refuses it.
      await store.ping();
      expect((await pings()) - before).toBe(2);
      const err = await frozen(() => refusal(Promise.all([store.ping(), replayRegister.ping()])));
      expect(err.code).toBe('ERR_STORE_UNAVAILABLE');
    } finally {
      observer.disconnect();
    }
  });
});

/** Retries while the connection is still coming up (no offline queue: early commands are refused). */
async function waitUntilWorks<T>(attempt: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      return await attempt();
    } catch {
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

describe('createRedisClient', () => {
  it.each([['not a url'], ['http://127.0.0.1:6379']])('refuses %s as SIGNET_REDIS_URL', (url) => {
    let err: unknown;
    try {
      createRedisClient(url);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SignetError);
    expect((err as SignetError).code).toBe('ERR_CONFIG_INVALID');
    expect((err as SignetError).message).toContain('SIGNET_REDIS_URL');
  });

  it('never puts the password of the URL in its refusal', () => {
    let err: unknown;
    try {
      createRedisClient('postgres://user:hunter2-secret@db:5432');
    } catch (e) {
      err = e;
    }
    expect((err as Error).message).not.toContain('hunter2-secret');
  });
});
