import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { Cluster } from 'ioredis';
import { SignetError, type Transaction } from '@signet/core';
import { createRedisStores, type RedisStores } from '../src/index.js';
import { HAS_REDIS_SERVER, RedisCluster } from '@signet/redis-store/testing';

// A real three-master Redis Cluster (Debian's redis-server in cluster mode on loopback ports), two store
// "instances" each with its own Cluster connection, made from SIGNET_REDIS_CLUSTER_NODES as the app would.

const describeCluster = HAS_REDIS_SERVER ? describe : describe.skip;

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

/** Retries while the cluster connection is still coming up (no offline queue: early commands are refused). */
async function eventually<T>(attempt: () => Promise<T>, what: string): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      return await attempt();
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`${what}: ${(err as Error).message}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** One login's store round trip through two instances: saved on `a`, taken on `b`, its response registered once. */
async function signIn(a: RedisStores, b: RedisStores): Promise<'ok' | string> {
  const tx = transaction();
  try {
    await a.store.save(tx);
    const taken = await b.store.take(tx.state);
    if (taken?.state !== tx.state) return 'lost';
    const id = randomBytes(32).toString('base64url');
    const first = await b.replayRegister.register(id, tx.expiresAt);
    const second = await a.replayRegister.register(id, tx.expiresAt);
    return first && !second ? 'ok' : 'replay-broken';
  } catch (err) {
    return err instanceof SignetError ? err.code : `unexpected ${String(err)}`;
  }
}

describeCluster('the stores on a real Redis Cluster (three masters, SIGNET_REDIS_CLUSTER_NODES)', () => {
  let cluster: RedisCluster;
  let a: RedisStores;
  let b: RedisStores;

  beforeAll(async () => {
    cluster = await RedisCluster.start(3);
    a = createRedisStores({ clusterNodes: cluster.nodes });
    b = createRedisStores({ clusterNodes: cluster.nodes });
    expect(a.client).toBeInstanceOf(Cluster);
    await eventually(() => a.client.ping(), 'instance a');
    await eventually(() => b.client.ping(), 'instance b');
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await cluster?.stop();
  });

  it('saves on one instance and takes on the other, once, with logins spread over every master', async () => {
    const results = await Promise.all(Array.from({ length: 30 }, () => signIn(a, b)));
    expect(results).toEqual(Array(30).fill('ok'));
    // The replay keys stay (until their expiry): every master holds some, so every shard took part.
    const perMaster = await Promise.all((a.client as Cluster).nodes('master').map((node) => node.dbsize()));
    expect(perMaster).toHaveLength(3);
    for (const keys of perMaster) expect(keys).toBeGreaterThan(0);
  });

  it('keeps single use across instances: of 10 concurrent takes of one login on two instances, one wins', async () => {
    const tx = transaction();
    await a.store.save(tx);
    const taken = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).store.take(tx.state)));
    expect(taken.filter((t) => t !== undefined)).toHaveLength(1);
  });

  it('a master killed: every login either completes or is refused with ERR_STORE_UNAVAILABLE, none is accepted twice; the master back: every login completes again', async () => {
    const victim = cluster.masters[1]!;
    await victim.stop();
    const during = await Promise.all(Array.from({ length: 30 }, () => signIn(a, b)));
    for (const outcome of during) expect(['ok', 'ERR_STORE_UNAVAILABLE']).toContain(outcome);
    expect(during).toContain('ERR_STORE_UNAVAILABLE');

    await victim.start();
    await cluster.untilHealthy();
    await eventually(async () => {
      const after = await Promise.all(Array.from({ length: 30 }, () => signIn(a, b)));
      if (after.some((o) => o !== 'ok')) throw new Error(after.join(','));
    }, 'sign-in after the master returned');
  });
});
