import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { LoggerService } from '@nestjs/common';
import { completeLogin } from '@signet/dev-as/testing';
import { HAS_REDIS_SERVER, RedisCluster, RedisServer } from '@signet/redis-store/testing';
import {
  beginLoginOn,
  Browser,
  callbackUrl,
  startInstance,
  startLoadBalancedAs,
  type Answer,
  type Instance,
  type RestartableAs,
} from './support/load-balanced.js';
import { sampleEnv } from './support/sample-app.js';
import { COOKIE_SECRET } from './support/dev-as.js';

// Faults injected into real parts while two sample instances serve sign-ins: redis-server frozen (SIGSTOP) and
// thawed, stopped and started again; an instance cut off in the middle of a callback; the authorization server
// stopped and started again on the same port. Each test asserts the status, the code, what the retry gets, and the
// outage log lines. Redis commands time out after 2 s (the default): a frozen Redis costs that per request.

const describeRedis = HAS_REDIS_SERVER ? describe : describe.skip;

/**
 * Nest's logger, keeping what Signet warned (its outage lines). Nest's `Logger` is process-wide (`useLogger`
 * replaces it for every app in the process), so the instances of one test share it; each test clears it first.
 */
class CapturingLogger implements LoggerService {
  readonly lines: string[] = [];
  log(): void {}
  error(): void {}
  /** Keeps the message of each `signet.outage` record (the module writes one JSON line per record). */
  warn(message: unknown, context?: unknown): void {
    if (context !== 'Signet') return;
    const record = JSON.parse(String(message)) as { event?: string; message?: string };
    if (record.event === 'signet.outage') this.lines.push(record.message!);
  }
  debug(): void {}
  verbose(): void {}
  clear(): void {
    this.lines.length = 0;
  }
  /** The lines about one source, e.g. `began: the token endpoint`. */
  about(fragment: string): string[] {
    return this.lines.filter((line) => line.includes(fragment));
  }
}

let testAs: RestartableAs;
const running: Instance[] = [];
const logger = new CapturingLogger();

beforeAll(async () => {
  testAs = await startLoadBalancedAs();
});
afterAll(async () => {
  await Promise.all(running.splice(0).map((i) => i.close()));
  await testAs?.as.close();
});

async function instance(env: Record<string, string | undefined>): Promise<Instance> {
  const started = await startInstance(sampleEnv(testAs, 'express', env), logger);
  running.push(started);
  return started;
}

async function closeAll(): Promise<void> {
  await Promise.all(running.splice(0).map((i) => i.close()));
}

function expectRefused(answer: Answer, status: number, code: string, recovery: 'retry' | 'restart'): void {
  expect([answer.status, answer.body?.error, answer.body?.['recovery']]).toEqual([status, code, recovery]);
}

/** The same request as a browser asking for HTML: the refusal page. */
async function page(browser: Browser, url: string): Promise<{ status: number; text: string }> {
  const cookie = [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const res = await fetch(url, { headers: { accept: 'text/html', cookie }, redirect: 'manual' });
  return { status: res.status, text: await res.text() };
}

/** dev-as's login and consent pages from the AS URL a /login answered with. */
async function beginLoginOnLocation(location: string) {
  const outcome = await completeLogin(location);
  if (outcome.kind !== 'redirect') throw new Error('expected a redirect back (query.jwt)');
  return outcome;
}

/** /login until the instance's store answers again (ioredis reconnects on its own). */
async function untilLoginWorks(target: Instance): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const answer = await new Browser().request(`${target.origin}/login`);
    if (answer.status === 302) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${target.origin}: /login still refuses`);
}

const STORE = 'the transaction store / replay register';

describeRedis('store faults with the cookie store and the Redis replay register (SIGNET_REDIS_URL)', () => {
  let redis: RedisServer;
  let a: Instance;
  let b: Instance;

  beforeAll(async () => {
    redis = await RedisServer.start();
    [a, b] = await Promise.all([instance({ SIGNET_REDIS_URL: redis.url }), instance({ SIGNET_REDIS_URL: redis.url })]);
    await untilLoginWorks(a);
    await untilLoginWorks(b);
  });
  afterAll(async () => {
    await closeAll();
    await redis?.stop();
  });

  it('refuses /login while Redis is down (503 ERR_STORE_UNAVAILABLE, retry, no redirect, no cookie), reports it in /health, and logs the outage once when it begins and once when it ends', async () => {
    logger.clear();
    await redis.stop();
    const browser = new Browser();
    for (let i = 0; i < 3; i += 1) {
      const login = await browser.request(`${a.origin}/login`);
      expectRefused(login, 503, 'ERR_STORE_UNAVAILABLE', 'retry');
      expect(login.location).toBeUndefined();
    }
    expect(browser.loginCookies()).toEqual([]);
    const loginPage = await page(browser, `${a.origin}/login`);
    expect(loginPage.status).toBe(503);
    expect(loginPage.text).toContain('Nothing was lost');
    expect(loginPage.text).toContain('<a id="retry" href="">Try again</a>');
    const health = await browser.request(`${a.origin}/health`);
    expect(health.status).toBe(503);
    expect(health.body?.['error']).toMatchObject({ store: { status: 'down', code: 'ERR_STORE_UNAVAILABLE' } });
    expect(logger.about(`began: ${STORE}`)).toHaveLength(1);
    expect(logger.about('ended')).toEqual([]);

    await redis.start();
    await untilLoginWorks(a);
    expect(logger.about(`began: ${STORE}`)).toHaveLength(1);
    expect(logger.about(`ended: ${STORE}`)).toEqual([
      expect.stringMatching(/answers again after \d+\.\d s \(was ERR_STORE_UNAVAILABLE\)$/),
    ]);
    const healthy = await browser.request(`${a.origin}/health`);
    expect([healthy.status, healthy.body?.['status']]).toEqual([200, 'ok']);
    expect(logger.lines.length).toBeGreaterThan(0);
    for (const line of logger.lines) expect(line).not.toContain(COOKIE_SECRET);
  });

  it('answers a callback while Redis is frozen with 503 ERR_STORE_UNAVAILABLE (retry) and keeps the transaction cookie; once Redis wakes the same callback signs in on the other instance, once', async () => {
    const browser = new Browser();
    const pending = await beginLoginOn(browser, a);
    const [cookie] = browser.loginCookies();
    const copy = browser.copy();
    const tokens = testAs.as.tokenRequests;

    redis.pause();
    let frozen: Answer;
    try {
      frozen = await browser.request(callbackUrl(pending, b));
    } finally {
      redis.resume();
    }
    expectRefused(frozen, 503, 'ERR_STORE_UNAVAILABLE', 'retry');
    expect(browser.loginCookies()).toEqual([cookie]);
    expect(browser.cookies.has('signet.session')).toBe(false);
    expect(testAs.as.tokenRequests).toBe(tokens);

    await untilLoginWorks(a);
    const retry = await browser.request(callbackUrl(pending, a));
    expect([retry.status, retry.location]).toEqual([303, '/']);
    expect(browser.cookies.has('signet.session')).toBe(true);
    expect(browser.loginCookies()).toEqual([]);
    // Single use still: the old cookie and the same response, replayed on the other instance.
    const replay = await copy.request(callbackUrl(pending, b));
    expectRefused(replay, 400, 'ERR_JARM_REPLAYED', 'restart');
    expect(testAs.as.tokenRequests).toBe(tokens + 1);
  });
});

describeRedis('store faults with the Redis store (SIGNET_STORE=redis)', () => {
  let redis: RedisServer;
  let a: Instance;
  let b: Instance;
  const env = () => ({ SIGNET_STORE: 'redis', SIGNET_REDIS_URL: redis.url });

  beforeAll(async () => {
    redis = await RedisServer.start();
    [a, b] = await Promise.all([instance(env()), instance(env())]);
    await untilLoginWorks(a);
    await untilLoginWorks(b);
  });
  afterAll(async () => {
    await closeAll();
    await redis?.stop();
  });

  it('answers a callback while Redis is frozen with 503 (retry) without consuming the login: the retry on the other instance signs in, a second one finds nothing', async () => {
    logger.clear();
    const browser = new Browser();
    const pending = await beginLoginOn(browser, a);
    const copy = browser.copy();
    redis.pause();
    let frozen: Answer;
    try {
      frozen = await browser.request(callbackUrl(pending, a));
    } finally {
      redis.resume();
    }
    expectRefused(frozen, 503, 'ERR_STORE_UNAVAILABLE', 'retry');
    expect(logger.about(`began: ${STORE}`)).toHaveLength(1);

    await untilLoginWorks(b);
    const retry = await browser.request(callbackUrl(pending, b));
    expect([retry.status, retry.location]).toEqual([303, '/']);
    expectRefused(await copy.request(callbackUrl(pending, a)), 400, 'ERR_STATE_UNKNOWN', 'restart');
    await untilLoginWorks(a);
    expect(logger.about(`ended: ${STORE}`)).toHaveLength(1);
  });

  it('an instance cut off during a callback (after it took the login, while its token request was out): the browser sees a broken connection, the reload on the other instance gets 400 ERR_STATE_UNKNOWN and a page that says to start again, with the link; a new login works', async () => {
    const realFetch = globalThis.fetch;
    let release!: () => void;
    const atTokenEndpoint = new Promise<void>((arrived) => {
      // Installed before C boots, so C's client captures it; it holds C's token request until C is gone.
      globalThis.fetch = async (input, init) => {
        if (String(input instanceof Request ? input.url : input).endsWith('/token')) {
          arrived();
          await new Promise<void>((resolve) => (release = resolve));
          throw new TypeError('fetch failed: the instance died');
        }
        return realFetch(input, init);
      };
    });
    let c: Instance;
    try {
      c = await instance(env());
    } finally {
      globalThis.fetch = realFetch;
    }
    await untilLoginWorks(c);
    const browser = new Browser();
    const pending = await beginLoginOn(browser, a);

    const dying = browser.request(callbackUrl(pending, c)).then(
      () => 'answered',
      () => 'connection broken',
    );
    await atTokenEndpoint;
    (c.app.getHttpServer() as { closeAllConnections(): void }).closeAllConnections();
    expect(await dying).toBe('connection broken');
    release();

    const reload = await browser.request(callbackUrl(pending, b));
    expectRefused(reload, 400, 'ERR_STATE_UNKNOWN', 'restart');
    expect(reload.body?.['restartUrl']).toBe('/login');
    const restartPage = await page(browser, callbackUrl(pending, b));
    expect(restartPage.text).toContain('This sign-in cannot be finished.');
    expect(restartPage.text).toContain('<a id="restart" href="/login">Start signing in again</a>');

    const again = new Browser();
    const fresh = await beginLoginOn(again, b);
    expect((await again.request(callbackUrl(fresh, b))).status).toBe(303);
  });
});

describeRedis('a Redis Cluster behind two instances (SIGNET_STORE=redis, SIGNET_REDIS_CLUSTER_NODES)', () => {
  let cluster: RedisCluster;
  let a: Instance;
  let b: Instance;

  beforeAll(async () => {
    cluster = await RedisCluster.start(3);
    const env = { SIGNET_STORE: 'redis', SIGNET_REDIS_CLUSTER_NODES: cluster.nodes };
    [a, b] = await Promise.all([instance(env), instance(env)]);
    await untilLoginWorks(a);
    await untilLoginWorks(b);
  });
  afterAll(async () => {
    await closeAll();
    await cluster?.stop();
  });

  /** Begins on one instance, finishes on the other: 303, or the code of the refusal at whichever step refused. */
  async function signInAcross(from: Instance, to: Instance): Promise<string> {
    const browser = new Browser();
    const login = await browser.request(`${from.origin}/login`);
    if (login.status !== 302) return `${login.status} ${login.body?.error ?? ''}`.trim();
    const pending = await beginLoginOnLocation(login.location!);
    const callback = await browser.request(callbackUrl(pending, to));
    return callback.status === 303 ? '303' : `${callback.status} ${callback.body?.error ?? ''}`.trim();
  }

  it('signs in across instances; with a master killed every sign-in completes or fails closed with 503 ERR_STORE_UNAVAILABLE; with it back, sign-in works again', async () => {
    expect(await signInAcross(a, b)).toBe('303');
    expect(await signInAcross(b, a)).toBe('303');

    await cluster.masters[2]!.stop();
    const during: string[] = [];
    // Each sign-in touches a few keys hashed across three masters, so one may miss the killed master's slots:
    // go on (six at least, forty at most) until one has met it. Until then every outcome is a 303 or the 503.
    for (let i = 0; i < 40 && (i < 6 || !during.includes('503 ERR_STORE_UNAVAILABLE')); i += 1)
      during.push(await signInAcross(i % 2 ? a : b, i % 2 ? b : a));
    for (const outcome of during) expect(['303', '503 ERR_STORE_UNAVAILABLE']).toContain(outcome);
    expect(during).toContain('503 ERR_STORE_UNAVAILABLE');
    expect(logger.about(`began: ${STORE}`).length).toBeGreaterThanOrEqual(1);

    await cluster.masters[2]!.start();
    await cluster.untilHealthy();
    await untilLoginWorks(a);
    await untilLoginWorks(b);
    let outcome = '';
    for (let attempt = 0; attempt < 50 && outcome !== '303'; attempt += 1) outcome = await signInAcross(a, b);
    expect(outcome).toBe('303');
  });
});

describe('the authorization server down and back (SIGNET_STORE=cookie)', () => {
  afterAll(closeAll);

  it('refuses /login with 503 ERR_PAR_FAILED (retry) and a callback with 503 ERR_TOKEN_REQUEST_FAILED (restart) while the AS is down, logs each outage once, and signs in again once it is back', async () => {
    const a = await instance({ SIGNET_STORE: 'cookie' });
    // One sign-in first: the instance then holds the AS metadata and JWKS in its caches, as a running one does.
    const warm = new Browser();
    expect((await warm.request(callbackUrl(await beginLoginOn(warm, a), a))).status).toBe(303);
    logger.clear();
    const browser = new Browser();
    const pending = await beginLoginOn(browser, a);
    await testAs.stop();
    try {
      for (let i = 0; i < 2; i += 1)
        expectRefused(await new Browser().request(`${a.origin}/login`), 503, 'ERR_PAR_FAILED', 'retry');
      const callback = await browser.request(callbackUrl(pending, a));
      expectRefused(callback, 503, 'ERR_TOKEN_REQUEST_FAILED', 'restart');
      expect(browser.cookies.has('signet.session')).toBe(false);
      const health = await browser.request(`${a.origin}/health`);
      expect(health.status).toBe(503);
      expect(health.body?.['error']).toMatchObject({
        endpoints: { status: 'down', par: 'ERR_PAR_FAILED', token: 'ERR_TOKEN_REQUEST_FAILED' },
      });
      expect(logger.about('began: the pushed authorization request endpoint')).toHaveLength(1);
      expect(logger.about('began: the token endpoint')).toHaveLength(1);
      // The login was consumed by its own browser: reloading says start again.
      expectRefused(await browser.request(callbackUrl(pending, a)), 400, 'ERR_STATE_UNKNOWN', 'restart');
    } finally {
      await testAs.start();
    }

    const again = new Browser();
    const fresh = await beginLoginOn(again, a);
    expect((await again.request(callbackUrl(fresh, a))).status).toBe(303);
    expect(logger.about('ended: the pushed authorization request endpoint')).toHaveLength(1);
    expect(logger.about('ended: the token endpoint')).toHaveLength(1);
    expect((await again.request(`${a.origin}/health`)).status).toBe(200);
  });
});
