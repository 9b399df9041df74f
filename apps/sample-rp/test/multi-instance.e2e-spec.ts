import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CookieTransactionStore } from '@signet/core';
import { createSampleApp } from '../src/bootstrap.js';
import { COOKIE_SECRET, type SampleAs } from './support/dev-as.js';
import {
  beginLoginOn,
  Browser,
  callbackUrl,
  PASSPORT_REDIRECT_URI,
  startInstance,
  startLoadBalancedAs,
  stateOf,
  type Instance,
} from './support/load-balanced.js';
import { redisClientCount } from './support/redis-clients.js';
import { HAS_REDIS_SERVER, RedisServer } from '@signet/redis-store/testing';
import { PLATFORMS, sampleEnv, type Platform } from './support/sample-app.js';

// Two instances of the sample behind a load balancer, as SIGNET_STORE configures them: each a real Nest app on
// its own port, the same SIGNET_* environment, real dev-as, and for Redis a real redis-server child process.
// The login begins on A; the authorization server's answer lands on B.

const describeRedis = HAS_REDIS_SERVER ? describe : describe.skip;

let testAs: SampleAs;
const running: Instance[] = [];

/** Closes the instances started so far (each describe's own, before its Redis goes away). */
async function closeInstances(): Promise<void> {
  await Promise.all(running.splice(0).map((i) => i.close()));
}

beforeAll(async () => {
  testAs = await startLoadBalancedAs();
});
afterAll(async () => {
  await closeInstances();
  await testAs?.as.close();
});

async function twoInstances(env: Record<string, string | undefined>): Promise<[Instance, Instance]> {
  const pair = await Promise.all([startInstance(env), startInstance(env)]);
  running.push(...pair);
  return pair;
}

/** Signs in on `from`, delivers the answer to `to`; returns the browser and the callback URL (for replays). */
async function signInAcross(from: Instance, to: Instance, browser = new Browser()) {
  const outcome = await beginLoginOn(browser, from);
  const url = callbackUrl(outcome, to);
  const callback = await browser.request(url);
  return { browser, outcome, url, callback };
}

function expectSignedIn(callback: { status: number; location: string | undefined }, browser: Browser): void {
  expect([callback.status, callback.location]).toEqual([303, '/']);
  expect(browser.cookies.has('signet.session')).toBe(true);
}

function expectRefused(answer: { status: number; body?: { error?: string } }, status: number, code: string): void {
  expect([answer.status, answer.body?.error]).toEqual([status, code]);
}

/** After an outage: /login on the instance until its store answers again (ioredis reconnects on its own). */
async function untilStoreAnswers(instance: Instance): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const answer = await new Browser().request(`${instance.origin}/login`);
    if (answer.status !== 503) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${instance.origin}: the store still answers 503`);
}

describeRedis('two instances sharing Redis (SIGNET_STORE=redis), Express', () => {
  let redis: RedisServer;
  let a: Instance;
  let b: Instance;

  beforeAll(async () => {
    redis = await RedisServer.start();
    [a, b] = await twoInstances(sampleEnv(testAs, 'express', { SIGNET_STORE: 'redis', SIGNET_REDIS_URL: redis.url }));
  });
  afterAll(async () => {
    await closeInstances();
    await redis?.stop();
  });

  it('completes on B a login begun on A: 303 with a session, /me answers on B', async () => {
    const { browser, callback } = await signInAcross(a, b);
    expectSignedIn(callback, browser);
    const me = await browser.request(`${b.origin}/me`);
    expect([me.status, me.body?.sub]).toEqual([200, 'alice']);
  });

  it('keeps the pending login in Redis, not in a cookie: A sets only the browser-binding cookie', async () => {
    const browser = new Browser();
    await beginLoginOn(browser, a);
    expect(browser.loginCookies()).toEqual([expect.stringMatching(/^signet\.b\./)]);
  });

  it("refuses a forged unsigned response carrying a victim's state from another browser, and burns nothing", async () => {
    const victim = new Browser();
    const outcome = await beginLoginOn(victim, a);
    const now = Math.floor(Date.now() / 1000);
    const segment = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const claims = {
      iss: testAs.as.issuer,
      aud: 'x',
      iat: now,
      exp: now + 60,
      code: 'forged',
      state: stateOf(outcome),
    };
    const forged = `${segment({ alg: 'none' })}.${segment(claims)}.`;
    const tokens = testAs.as.tokenRequests;
    const attacker = new Browser();
    expectRefused(await attacker.request(`${b.origin}/callback?response=${forged}`), 400, 'ERR_STATE_UNKNOWN');
    expect(testAs.as.tokenRequests).toBe(tokens);
    // The victim's own answer still completes the login on either instance.
    expectSignedIn(await victim.request(callbackUrl(outcome, a)), victim);
  });

  it('refuses the same response replayed to A or to B with ERR_STATE_UNKNOWN, without a token request', async () => {
    const { browser, url, callback } = await signInAcross(a, b);
    expectSignedIn(callback, browser);
    const tokens = testAs.as.tokenRequests;
    const path = new URL(url).pathname + new URL(url).search;
    expectRefused(await browser.request(a.origin + path), 400, 'ERR_STATE_UNKNOWN');
    expectRefused(await browser.request(b.origin + path), 400, 'ERR_STATE_UNKNOWN');
    expectRefused(await new Browser().request(a.origin + path), 400, 'ERR_STATE_UNKNOWN');
    expect(testAs.as.tokenRequests).toBe(tokens);
  });

  it('gives the Passport path the same store: /passport/login on A, /passport/callback on B', async () => {
    const browser = new Browser();
    const outcome = await beginLoginOn(browser, a, '/passport/login');
    expect(new URL(outcome.url).href.startsWith(PASSPORT_REDIRECT_URI)).toBe(true);
    const callback = await browser.request(callbackUrl(outcome, b));
    expectSignedIn(callback, browser);
    expect((await browser.request(`${b.origin}/me`)).status).toBe(200);
  });

  it('closes its Redis connection on application shutdown', async () => {
    const c = await startInstance(sampleEnv(testAs, 'express', { SIGNET_STORE: 'redis', SIGNET_REDIS_URL: redis.url }));
    await untilStoreAnswers(c);
    const before = await redisClientCount(redis.port);
    await c.close();
    let after = await redisClientCount(redis.port);
    for (let attempt = 0; attempt < 100 && after >= before; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      after = await redisClientCount(redis.port);
    }
    expect(after).toBe(before - 1);
  });

  // Last: it takes Redis away and brings it back.
  it('Redis down: /login and /callback answer 503 ERR_STORE_UNAVAILABLE and the apps stay up; Redis back: sign-in works again without a restart', async () => {
    const browser = new Browser();
    const pending = await beginLoginOn(browser, a);
    await redis.stop();
    const tokens = testAs.as.tokenRequests;

    const login = await browser.request(`${a.origin}/login`);
    expectRefused(login, 503, 'ERR_STORE_UNAVAILABLE');
    expect(login.location).toBeUndefined();
    expectRefused(await browser.request(callbackUrl(pending, b)), 503, 'ERR_STORE_UNAVAILABLE');
    expect(browser.cookies.has('signet.session')).toBe(false);
    expect(testAs.as.tokenRequests).toBe(tokens);
    for (const instance of [a, b]) expect((await browser.request(`${instance.origin}/`)).status).toBe(200);

    await redis.start(); // same port, empty: the login pending across the outage went with Redis's memory
    await untilStoreAnswers(a);
    await untilStoreAnswers(b);
    expectRefused(await browser.request(callbackUrl(pending, b)), 400, 'ERR_STATE_UNKNOWN');
    const { browser: again, callback } = await signInAcross(a, b);
    expectSignedIn(callback, again);
    expect((await again.request(`${b.origin}/me`)).status).toBe(200);
  });
});

describeRedis('the Passport path on Fastify (@fastify/passport), two instances sharing Redis', () => {
  let redis: RedisServer;
  let a: Instance;
  let b: Instance;

  beforeAll(async () => {
    redis = await RedisServer.start();
    [a, b] = await twoInstances(sampleEnv(testAs, 'fastify', { SIGNET_STORE: 'redis', SIGNET_REDIS_URL: redis.url }));
  });
  afterAll(async () => {
    await closeInstances();
    await redis?.stop();
  });

  it('accepts a response once: begun on A, completed on B; a copy of the browser replaying it on A is refused', async () => {
    const browser = new Browser();
    const outcome = await beginLoginOn(browser, a, '/passport/login');
    const thief = browser.copy(); // the cookies as they were before the callback
    expectSignedIn(await browser.request(callbackUrl(outcome, b)), browser);
    expect((await browser.request(`${b.origin}/me`)).status).toBe(200);
    const tokens = testAs.as.tokenRequests;
    expectRefused(await thief.request(callbackUrl(outcome, a)), 400, 'ERR_STATE_UNKNOWN');
    expect(thief.cookies.has('signet.session')).toBe(false);
    expect(testAs.as.tokenRequests).toBe(tokens);
  });
});

describe.each(PLATFORMS)(
  'two instances with the cookie store and no Redis (SIGNET_STORE=cookie), %s',
  (platform: Platform) => {
    let a: Instance;
    let b: Instance;

    beforeAll(async () => {
      [a, b] = await twoInstances(sampleEnv(testAs, platform, { SIGNET_STORE: 'cookie' }));
    });
    afterAll(closeInstances);

    it('completes on B a login begun on A: the transaction cookie A set is presented to B, then cleared', async () => {
      const browser = new Browser();
      const outcome = await beginLoginOn(browser, a);
      expect(browser.loginCookies()).toEqual([expect.stringMatching(/^signet\.tx\./)]);
      const callback = await browser.request(callbackUrl(outcome, b));
      expectSignedIn(callback, browser);
      expect(browser.loginCookies()).toEqual([]);
      const me = await browser.request(`${b.origin}/me`);
      expect([me.status, me.body?.sub]).toEqual([200, 'alice']);
    });

    it('refuses the same response replayed to A or to B with ERR_STATE_UNKNOWN, without a token request', async () => {
      const { browser, url, callback } = await signInAcross(a, b);
      expectSignedIn(callback, browser);
      const tokens = testAs.as.tokenRequests;
      const path = new URL(url).pathname + new URL(url).search;
      expectRefused(await browser.request(a.origin + path), 400, 'ERR_STATE_UNKNOWN');
      expectRefused(await browser.request(b.origin + path), 400, 'ERR_STATE_UNKNOWN');
      expect(testAs.as.tokenRequests).toBe(tokens);
    });
  },
);

describe('transaction cookies that cannot be trusted (SIGNET_STORE=cookie), Express', () => {
  let a: Instance;
  let b: Instance;

  beforeAll(async () => {
    [a, b] = await twoInstances(sampleEnv(testAs, 'express'));
  });
  afterAll(closeInstances);

  it('refuses a tampered transaction cookie with ERR_TRANSACTION_INVALID: no token request, no session', async () => {
    const browser = new Browser();
    const outcome = await beginLoginOn(browser, a);
    const [name] = browser.loginCookies();
    const parts = browser.cookies.get(name!)!.split('.');
    parts[3] = (parts[3]!.startsWith('A') ? 'B' : 'A') + parts[3]!.slice(1); // the ciphertext
    browser.cookies.set(name!, parts.join('.'));
    const tokens = testAs.as.tokenRequests;

    const callback = await browser.request(callbackUrl(outcome, b));
    expectRefused(callback, 400, 'ERR_TRANSACTION_INVALID');
    expect(browser.cookies.has('signet.session')).toBe(false);
    expect(browser.loginCookies()).toEqual([]);
    expect(testAs.as.tokenRequests).toBe(tokens);
  });

  it('refuses an expired transaction cookie with ERR_TRANSACTION_INVALID: no token request, no session', async () => {
    const browser = new Browser();
    const outcome = await beginLoginOn(browser, a);
    // Reseal the same login under the same secret with an expiry in the past, as if the browser came back late.
    const store = new CookieTransactionStore({ secrets: COOKIE_SECRET });
    const state = stateOf(outcome);
    const transaction = await store.take(state, { cookies: browser });
    const now = Math.floor(Date.now() / 1000);
    await store.save({ ...transaction!, createdAt: now - 700, expiresAt: now - 60 }, { cookies: browser });
    expect(browser.loginCookies()).toHaveLength(1);
    const tokens = testAs.as.tokenRequests;

    const callback = await browser.request(callbackUrl(outcome, b));
    expectRefused(callback, 400, 'ERR_TRANSACTION_INVALID');
    expect(callback.body?.message).toMatch(/expired/);
    expect(browser.cookies.has('signet.session')).toBe(false);
    expect(testAs.as.tokenRequests).toBe(tokens);
  });

  it('refuses a cookie sealed under another secret with ERR_TRANSACTION_INVALID', async () => {
    const browser = new Browser();
    const outcome = await beginLoginOn(browser, a);
    const mine = new CookieTransactionStore({ secrets: COOKIE_SECRET });
    const transaction = await mine.take(stateOf(outcome), { cookies: browser });
    await new CookieTransactionStore({ secrets: 'another-secret-of-at-least-32-characters!' }).save(transaction!, {
      cookies: browser,
    });
    expectRefused(await browser.request(callbackUrl(outcome, b)), 400, 'ERR_TRANSACTION_INVALID');
  });

  it('without a shared replay register, a response replayed with a copy of its cookie on the other instance is stopped only by the AS (ERR_TOKEN_REJECTED)', async () => {
    const browser = new Browser();
    const outcome = await beginLoginOn(browser, a);
    const copied = browser.copy();
    expectSignedIn(await browser.request(callbackUrl(outcome, b)), browser);
    const tokens = testAs.as.tokenRequests;
    expectRefused(await copied.request(callbackUrl(outcome, a)), 401, 'ERR_TOKEN_REJECTED');
    expect(testAs.as.tokenRequests).toBe(tokens + 1);
  });
});

describe('rotating SIGNET_COOKIE_SECRET across instances (a rolling deploy), Express', () => {
  const NEW_SECRET = 'the-new-cookie-secret-of-at-least-32-characters';

  afterAll(closeInstances);

  it('completes on an instance already on "new,old" a login begun on one still on "old"; not the other way round', async () => {
    const [oldOnly, rotated] = await Promise.all([
      startInstance(sampleEnv(testAs, 'express', { SIGNET_COOKIE_SECRET: COOKIE_SECRET })),
      startInstance(sampleEnv(testAs, 'express', { SIGNET_COOKIE_SECRET: `${NEW_SECRET}, ${COOKIE_SECRET}` })),
    ]);
    running.push(oldOnly, rotated);
    const { browser, callback } = await signInAcross(oldOnly, rotated);
    expectSignedIn(callback, browser);
    expect((await browser.request(`${rotated.origin}/me`)).status).toBe(200);

    // Sealed under the new secret, a login cannot be opened by an instance that does not have it yet.
    const { callback: refused } = await signInAcross(rotated, oldOnly);
    expectRefused(refused, 400, 'ERR_TRANSACTION_INVALID');
  });
});

describeRedis(
  'the cookie store with the Redis replay register (SIGNET_STORE=cookie + SIGNET_REDIS_URL), Express',
  () => {
    let redis: RedisServer;
    let a: Instance;
    let b: Instance;

    beforeAll(async () => {
      redis = await RedisServer.start();
      [a, b] = await twoInstances(sampleEnv(testAs, 'express', { SIGNET_REDIS_URL: redis.url }));
    });
    afterAll(async () => {
      await closeInstances();
      await redis?.stop();
    });

    it('refuses a response replayed with a copy of its cookie on the other instance with ERR_JARM_REPLAYED, before any token request', async () => {
      const browser = new Browser();
      const outcome = await beginLoginOn(browser, a);
      expect(browser.loginCookies()).toEqual([expect.stringMatching(/^signet\.tx\./)]);
      const copied = browser.copy();
      expectSignedIn(await browser.request(callbackUrl(outcome, b)), browser);
      const tokens = testAs.as.tokenRequests;
      expectRefused(await copied.request(callbackUrl(outcome, a)), 400, 'ERR_JARM_REPLAYED');
      expect(testAs.as.tokenRequests).toBe(tokens);
    });
  },
);

describe('the memory store across two instances (why the others exist), Express', () => {
  it('cannot complete on B a login begun on A: ERR_STATE_UNKNOWN', async () => {
    const [a, b] = await twoInstances(sampleEnv(testAs, 'express', { SIGNET_STORE: 'memory' }));
    const { callback } = await signInAcross(a, b);
    expectRefused(callback, 400, 'ERR_STATE_UNKNOWN');
  });
});

describe('store configuration stops the boot, naming the variable', () => {
  it.each([
    [
      'SIGNET_STORE=redis without SIGNET_REDIS_URL',
      { SIGNET_STORE: 'redis' },
      /^SIGNET_REDIS_URL: is required with SIGNET_STORE=redis/,
    ],
    [
      'an unknown SIGNET_STORE',
      { SIGNET_STORE: 'disk' },
      /^SIGNET_STORE is "disk". Fix: use one of cookie, memory, redis/,
    ],
    [
      'a SIGNET_REDIS_URL that is not redis://',
      { SIGNET_STORE: 'redis', SIGNET_REDIS_URL: 'http://user:hunter2@127.0.0.1:6379' },
      /^SIGNET_REDIS_URL: must start with redis:\/\/ or rediss:\/\//,
    ],
  ])('%s', async (_name, overrides, message) => {
    const err = await createSampleApp(sampleEnv(testAs, 'express', overrides), { logger: false }).then(
      async (app) => {
        await app.close();
        throw new Error('the app booted');
      },
      (e: unknown) => e as Error & { code?: string },
    );
    expect(err.code).toBe('ERR_CONFIG_INVALID');
    expect(err.message).toMatch(message);
    expect(err.message).not.toContain('hunter2');
  });
});
