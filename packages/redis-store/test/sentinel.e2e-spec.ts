import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { SignetError, type Transaction } from '@signet/core';
import { createRedisStores, type RedisStores } from '../src/index.js';
import { HAS_REDIS_SERVER, RedisSentinelGroup } from '@signet/redis-store/testing';

// Real processes: a master, a replica and a Sentinel from Debian's redis-server; two store "instances" made
// from SIGNET_REDIS_SENTINELS + SIGNET_REDIS_SENTINEL_NAME as the app would. The master dies: the Sentinel
// promotes the replica and the instances follow it.

const describeSentinel = HAS_REDIS_SERVER ? describe : describe.skip;

function transaction(): Transaction {
  const now = Math.floor(Date.now() / 1000);
  return {
    state: randomBytes(32).toString('base64url'),
    nonce: 'n',
    codeVerifier: randomBytes(32).toString('base64url'),
    responseMode: 'jwt',
    redirectUri: 'https://rp.example.com/callback',
    jti: 'j',
    scope: 'openid',
    createdAt: now,
    expiresAt: now + 600,
  };
}

/** Saved on `a`, taken on `b`, once: 'ok', or the refusal's code. */
async function signIn(a: RedisStores, b: RedisStores): Promise<string> {
  const tx = transaction();
  try {
    await a.store.save(tx);
    const taken = await b.store.take(tx.state);
    const again = await a.store.take(tx.state);
    return taken?.state === tx.state && again === undefined ? 'ok' : 'broken';
  } catch (err) {
    return err instanceof SignetError ? err.code : `unexpected ${String(err)}`;
  }
}

async function until(check: () => Promise<boolean>, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describeSentinel('the stores through Redis Sentinel (a master, a replica, a Sentinel)', () => {
  let group: RedisSentinelGroup;
  let a: RedisStores;
  let b: RedisStores;

  beforeAll(async () => {
    group = await RedisSentinelGroup.start();
    const settings = { sentinels: group.sentinels, sentinelName: RedisSentinelGroup.NAME };
    a = createRedisStores(settings);
    b = createRedisStores(settings);
    await until(async () => (await signIn(a, b)) === 'ok', 'the first sign-in');
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await group?.stop();
  });

  it('reaches the master the Sentinel names, and follows a failover: refused with ERR_STORE_UNAVAILABLE meanwhile, never accepted twice, working again on the promoted replica', async () => {
    expect(await signIn(a, b)).toBe('ok');
    await group.master.stop();
    const during = await signIn(a, b);
    expect(['ok', 'ERR_STORE_UNAVAILABLE']).toContain(during);
    await until(async () => (await group.masterPort()) === group.replica.port, 'the failover');
    await until(async () => (await signIn(a, b)) === 'ok', 'sign-in on the promoted replica');
    expect(await signIn(b, a)).toBe('ok');
  });
});
