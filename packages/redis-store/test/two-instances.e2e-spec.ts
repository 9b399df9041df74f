import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { startDevAs, type DevAs } from '@signet/dev-as';
import { completeLogin, type LoginOutcome } from '@signet/dev-as/testing';
import {
  CookieTransactionStore,
  MemoryReplayRegister,
  SignetClient,
  SignetError,
  type CallbackInput,
  type ReplayRegister,
  type TransactionStore,
} from '@signet/core';
import { httpStatusOf } from '@signet/core/http';
import { createRedisStores, type RedisStores } from '../src/index.js';
import { Browser, REDIRECT_URI, registerClient } from './support/browser.js';
import { HAS_REDIS_SERVER, RedisServer } from '@signet/redis-store/testing';

// Two "instances" of one application (two SignetClients, each with its own Redis connection) behind a load
// balancer, against oidc-provider: the login begins on A and its callback lands on B.

const describeRedis = HAS_REDIS_SERVER ? describe : describe.skip;
const COOKIE_SECRET = randomBytes(48).toString('base64url');

function deliver(outcome: LoginOutcome): CallbackInput {
  if (outcome.kind === 'form_post') return { delivery: 'form_post', params: outcome.fields };
  return { delivery: 'query', params: new URL(outcome.url).searchParams };
}

async function refusal(promise: Promise<unknown>): Promise<SignetError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SignetError);
  return err as SignetError;
}

describeRedis('two instances of one application sharing Redis (dev-as, real redis-server)', () => {
  let as: DevAs;
  let redis: RedisServer;
  let registration: Awaited<ReturnType<typeof registerClient>>;
  const connections: RedisStores[] = [];

  beforeAll(async () => {
    registration = await registerClient('two-instances');
    [as, redis] = await Promise.all([startDevAs({ clients: [registration.metadata] as never }), RedisServer.start()]);
  });

  afterAll(async () => {
    await Promise.all(connections.map((c) => c.close()));
    await Promise.all([as?.close(), redis?.stop()]);
  });

  async function connect(): Promise<RedisStores> {
    const stores = createRedisStores(redis.url);
    connections.push(stores);
    if (stores.client.status !== 'ready') await new Promise((resolve) => stores.client.once('ready', resolve));
    return stores;
  }

  function instance(store: TransactionStore, replayRegister: ReplayRegister): Promise<SignetClient> {
    return SignetClient.create({
      issuer: as.issuer,
      clientId: registration.clientId,
      redirectUri: REDIRECT_URI,
      signingKeys: [registration.signingKey],
      store,
      replayRegister,
    });
  }

  it('Redis store: a login begun on A completes on B; the same response replayed to either is refused', async () => {
    const [ra, rb] = [await connect(), await connect()];
    const a = await instance(ra.store, ra.replayRegister);
    const b = await instance(rb.store, rb.replayRegister);
    const browser = new Browser();

    const { url } = await a.authorize({ scope: 'openid profile' }, { cookies: browser });
    const input = deliver(await completeLogin(url));
    expect((await b.callback(input, { cookies: browser })).subject).toBe('alice');

    expect((await refusal(a.callback(input, { cookies: browser }))).code).toBe('ERR_STATE_UNKNOWN');
    expect((await refusal(b.callback(input, { cookies: browser }))).code).toBe('ERR_STATE_UNKNOWN');
  });

  it('cookie store, no Redis: a login begun on A completes on B with the shared SIGNET_COOKIE_SECRET', async () => {
    const a = await instance(new CookieTransactionStore({ secrets: COOKIE_SECRET }), new MemoryReplayRegister());
    const b = await instance(new CookieTransactionStore({ secrets: COOKIE_SECRET }), new MemoryReplayRegister());
    const browser = new Browser();

    const { url } = await a.authorize({}, { cookies: browser });
    expect(browser.names().filter((n) => n.startsWith('signet.'))).toEqual([expect.stringMatching(/^signet\.tx\./)]);
    const input = deliver(await completeLogin(url));
    expect((await b.callback(input, { cookies: browser })).subject).toBe('alice');
    expect(browser.names()).toEqual([]);
  });

  it('cookie store: a tampered transaction cookie is refused with ERR_TRANSACTION_INVALID before any token request', async () => {
    const a = await instance(new CookieTransactionStore({ secrets: COOKIE_SECRET }), new MemoryReplayRegister());
    const b = await instance(new CookieTransactionStore({ secrets: COOKIE_SECRET }), new MemoryReplayRegister());
    const browser = new Browser();

    const { url } = await a.authorize({}, { cookies: browser });
    const [name, value] = [...browser.cookies][0]!;
    const parts = value.split('.');
    parts[3] = (parts[3]!.startsWith('A') ? 'B' : 'A') + parts[3]!.slice(1);
    browser.cookies.set(name, parts.join('.'));
    const input = deliver(await completeLogin(url));
    const tokenRequests = as.tokenRequests;
    const err = await refusal(b.callback(input, { cookies: browser }));
    expect([err.code, httpStatusOf(err)]).toEqual(['ERR_TRANSACTION_INVALID', 400]);
    expect(as.tokenRequests).toBe(tokenRequests);
    expect(browser.names()).toEqual([]);
  });

  it('cookie store with the Redis replay register: a response replayed with a copy of the cookie to the other instance is refused', async () => {
    const a = await instance(new CookieTransactionStore({ secrets: COOKIE_SECRET }), (await connect()).replayRegister);
    const b = await instance(new CookieTransactionStore({ secrets: COOKIE_SECRET }), (await connect()).replayRegister);
    const browser = new Browser();

    const { url } = await a.authorize({}, { cookies: browser });
    const stolen = browser.copy();
    const input = deliver(await completeLogin(url));
    expect((await b.callback(input, { cookies: browser })).subject).toBe('alice');
    expect((await refusal(a.callback(input, { cookies: stolen }))).code).toBe('ERR_JARM_REPLAYED');
  });

  it('cookie store with per-instance replay registers: such a replay is stopped only by the AS (single-use code)', async () => {
    const a = await instance(new CookieTransactionStore({ secrets: COOKIE_SECRET }), new MemoryReplayRegister());
    const b = await instance(new CookieTransactionStore({ secrets: COOKIE_SECRET }), new MemoryReplayRegister());
    const browser = new Browser();

    const { url } = await a.authorize({}, { cookies: browser });
    const stolen = browser.copy();
    const input = deliver(await completeLogin(url));
    expect((await b.callback(input, { cookies: browser })).subject).toBe('alice');
    const tokenRequests = as.tokenRequests;
    expect((await refusal(a.callback(input, { cookies: stolen }))).code).toBe('ERR_TOKEN_REJECTED');
    expect(as.tokenRequests).toBe(tokenRequests + 1);
  });

  it('Redis down: login and callback refused with ERR_STORE_UNAVAILABLE (503); Redis back: sign-in works again', async () => {
    const [ra, rb] = [await connect(), await connect()];
    const a = await instance(ra.store, ra.replayRegister);
    const b = await instance(rb.store, rb.replayRegister);
    const browser = new Browser();

    const pending = await a.authorize({}, { cookies: browser });
    const input = deliver(await completeLogin(pending.url));
    await redis.stop();
    const onStart = await refusal(a.authorize({}, { cookies: new Browser() }));
    expect([onStart.code, httpStatusOf(onStart)]).toEqual(['ERR_STORE_UNAVAILABLE', 503]);
    const onCallback = await refusal(b.callback(input, { cookies: browser }));
    expect([onCallback.code, httpStatusOf(onCallback)]).toEqual(['ERR_STORE_UNAVAILABLE', 503]);

    await redis.start();
    await Promise.all(
      [ra, rb].map((r) =>
        r.client.status === 'ready' ? undefined : new Promise((resolve) => r.client.once('ready', resolve)),
      ),
    );
    const fresh = new Browser();
    const { url } = await a.authorize({}, { cookies: fresh });
    expect((await b.callback(deliver(await completeLogin(url)), { cookies: fresh })).subject).toBe('alice');
  });
});
