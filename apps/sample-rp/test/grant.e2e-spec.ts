import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createRedisClient } from '@signet/redis-store';
import { HAS_REDIS_SERVER, RedisServer } from '@signet/redis-store/testing';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK, type JWTPayload } from 'jose';
import type { RedisConnection } from '@signet/redis-store';
import { Browser, beginLoginOn, callbackUrl, type Instance } from './support/load-balanced.js';
import { startGrantAs, startOn, type GrantFixture } from './support/grant-fixture.js';

// Issue 10 end to end: two sample-rp instances with server-side sessions in one real redis-server, a real dev-as
// (DPoP-bound tokens, rotating refresh tokens, back-channel logout to instance A) and real HTTP between all.
const describeRedis = HAS_REDIS_SERVER ? describe : describe.skip;
const EVENT = 'http://schemas.openid.net/event/backchannel-logout';

let fixture: GrantFixture;
let redis: RedisServer;
let probe: RedisConnection;
let a: Instance;
let b: Instance;

/** Signs in on A (the callback lands on B: the login is shared in Redis too); returns the browser. */
async function signIn(): Promise<Browser> {
  const browser = new Browser();
  const outcome = await beginLoginOn(browser, a);
  const done = await browser.request(callbackUrl(outcome, b));
  expect(done.status).toBe(303);
  expect(browser.get('signet.session')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  return browser;
}

/** Every key and value in Redis, whatever its type. */
async function redisDump(): Promise<string> {
  const parts: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await probe.scan(cursor, 'COUNT', 1000);
    cursor = next;
    for (const key of keys) {
      const type = await probe.type(key);
      const value =
        type === 'hash'
          ? JSON.stringify(await probe.hgetall(key))
          : type === 'set'
            ? JSON.stringify(await probe.smembers(key))
            : type === 'string'
              ? await probe.get(key)
              : type;
      parts.push(`${key} ${value}`);
    }
  } while (cursor !== '0');
  return parts.join('\n');
}

describeRedis('server-side sessions and the grant across two instances (Redis, dev-as)', () => {
  beforeAll(async () => {
    [fixture, redis] = await Promise.all([startGrantAs(), RedisServer.start()]);
    probe = createRedisClient(redis.url);
    const env = fixture.env(redis.url);
    [a, b] = await Promise.all([startOn(env, fixture.ports[0]), startOn(env, fixture.ports[1])]);
  });

  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    probe?.disconnect();
    await redis?.stop();
    await fixture?.as.close();
  });

  it('GET /api/profile answers what the protected resource returned, with a DPoP-bound token, on both instances', async () => {
    const browser = await signIn();
    for (const instance of [a, b]) {
      const answer = await browser.request(`${instance.origin}/api/profile`);
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ resource: 'dev-as', sub: 'alice', client_id: 'sample-rp', dpop_bound: true });
    }
    const home = await browser.request(`${a.origin}/`);
    expect(home.text).toContain('id="grant-dpop">yes');
    expect(home.text).toContain('id="call-api"');
    expect(home.text).toContain('id="logout-everywhere"');
  });

  it('50 concurrent /api/profile calls over both instances on an expired token: one refresh reaches the AS, all 200', async () => {
    fixture.as.lifetimes.AccessToken = 5; // inside the 30 s refresh skew: expired for the RP from the start
    const browser = await signIn();
    fixture.as.lifetimes.AccessToken = 600;
    const before = fixture.as.counters.refresh;
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => browser.request(`${(i % 2 ? a : b).origin}/api/profile`)),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(50).fill(200));
    expect(fixture.as.counters.refresh - before).toBe(1);
    const home = await browser.request(`${b.origin}/`);
    expect(home.text).toContain('id="grant-refreshed">1 time(s)');
  });

  it('keeps no token, key or session id in clear anywhere in Redis (every key scanned)', async () => {
    const browser = await signIn();
    expect((await browser.request(`${a.origin}/api/profile`)).status).toBe(200);
    const dump = await redisDump();
    expect(dump).toContain('session:{');
    const secrets = fixture.as.storedTokens();
    expect(secrets.length).toBeGreaterThan(0);
    for (const token of secrets) expect(dump).not.toContain(token);
    expect(dump).not.toContain(browser.get('signet.session')!);
    expect(dump).not.toMatch(/\\?"d\\?":/); // no private JWK, escaped or not
  });

  it('the AS refusing the refresh ends the session: 401 ERR_GRANT_REVOKED, then no session anywhere', async () => {
    fixture.as.lifetimes.AccessToken = 5;
    const browser = await signIn();
    fixture.as.lifetimes.AccessToken = 600;
    await fixture.as.revokeRefreshTokens('alice');
    const refused = await browser.request(`${a.origin}/api/profile`);
    expect(refused.status).toBe(401);
    expect(refused.body?.error).toBe('ERR_GRANT_REVOKED');
    for (const instance of [a, b]) expect((await browser.request(`${instance.origin}/me`)).status).toBe(401);
    const admin = await signIn(); // alice is an administrator here (SIGNET_ADMIN_SUBJECTS)
    const log = await admin.request(`${a.origin}/approvals`);
    expect(log.status).toBe(200);
    expect(JSON.stringify(log.body)).toContain('"reason":"grant_revoked"');
  });

  it('back-channel logout from dev-as ends the session on both instances', async () => {
    const browser = await signIn();
    expect((await browser.request(`${b.origin}/me`)).status).toBe(200);
    expect(await fixture.as.backchannelLogout('sample-rp', 'alice')).toBeGreaterThan(0);
    for (const instance of [a, b]) {
      const me = await browser.request(`${instance.origin}/me`);
      expect(me.status).toBe(401);
      expect(me.body?.error).toBe('ERR_SESSION_REQUIRED');
    }
  });

  it('POST /logout revokes, ends the session and redirects through RP-initiated logout; a copied cookie then gets 401', async () => {
    const browser = await signIn();
    const copied = browser.copy();
    const revocations = fixture.as.counters.revocation;
    const out = await browser.request(`${a.origin}/logout`, { method: 'POST' });
    expect(out.status).toBe(303);
    const location = new URL(out.location!);
    expect(location.origin + location.pathname).toBe(`${fixture.as.issuer}/session/end`);
    expect(location.searchParams.get('id_token_hint')).toEqual(expect.any(String));
    expect(location.searchParams.get('post_logout_redirect_uri')).toBe('http://127.0.0.1:29999/');
    expect(location.searchParams.get('state')).toEqual(expect.any(String));
    expect(fixture.as.counters.revocation - revocations).toBe(1);
    for (const instance of [a, b]) {
      expect((await copied.request(`${instance.origin}/me`)).status).toBe(401);
      expect((await copied.request(`${instance.origin}/api/profile`)).status).toBe(401);
    }
  });

  it('"Sign out everywhere" ends every session of the subject', async () => {
    const first = await signIn();
    const second = await signIn();
    expect((await first.request(`${a.origin}/logout?everywhere=1`, { method: 'POST' })).status).toBe(303);
    expect((await second.request(`${b.origin}/me`)).status).toBe(401);
  });

  it('Redis down: 503 ERR_STORE_UNAVAILABLE with a code, then recovery without a restart', async () => {
    const browser = await signIn();
    await redis.stop();
    try {
      for (const path of ['/api/profile', '/me']) {
        const down = await browser.request(`${a.origin}${path}`);
        expect(down.status).toBe(503);
        expect(down.body?.error).toBe('ERR_STORE_UNAVAILABLE');
      }
    } finally {
      await redis.start();
    }
    // No persistence in the test Redis: the session is gone with it. The instances reconnect on their own (ioredis
    // retries in the background); once they have, signing in and calling the API work again.
    for (const instance of [a, b]) {
      let login = await new Browser().request(`${instance.origin}/login`);
      for (let i = 0; i < 50 && login.status === 503; i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        login = await new Browser().request(`${instance.origin}/login`);
      }
      expect(login.status).toBe(302);
    }
    expect((await browser.request(`${a.origin}/me`)).status).toBe(401);
    const again = await signIn();
    expect((await again.request(`${b.origin}/api/profile`)).status).toBe(200);
  });

  describe('POST /backchannel-logout refuses hostile logout tokens (400 with the code, session kept)', () => {
    let browser: Browser;
    let asKey: JWK;

    beforeAll(async () => {
      asKey = fixture.asKeys.keys.find((k) => k.alg === 'ES256')!;
    });

    async function forge(
      claims: JWTPayload = {},
      header: Record<string, unknown> = {},
      key: { jwk: JWK } | { secret: Uint8Array } = { jwk: asKey },
    ): Promise<string> {
      const base: JWTPayload = {
        iss: fixture.as.issuer,
        aud: 'sample-rp',
        iat: Math.floor(Date.now() / 1000),
        jti: randomUUID(),
        sub: 'alice',
        events: { [EVENT]: {} },
      };
      const payload = Object.fromEntries(
        Object.entries({ ...base, ...claims }).filter(([, value]) => value !== undefined),
      ) as JWTPayload;
      const signer = new SignJWT(payload);
      if ('secret' in key)
        return signer.setProtectedHeader({ alg: 'HS256', typ: 'logout+jwt', ...header }).sign(key.secret);
      const jwk = key.jwk;
      return signer
        .setProtectedHeader({ alg: 'ES256', kid: jwk.kid!, typ: 'logout+jwt', ...header })
        .sign(await importJWK(jwk, 'ES256'));
    }

    async function post(form: Record<string, string> | string, contentType = 'application/x-www-form-urlencoded') {
      const body = typeof form === 'string' ? form : new URLSearchParams(form).toString();
      const res = await fetch(`${a.origin}/backchannel-logout`, {
        method: 'POST',
        headers: { 'content-type': contentType, accept: 'application/json' },
        body,
      });
      return { status: res.status, body: (await res.json()) as { error?: string; sessions?: number } };
    }

    async function expectRefused(token: string, code: string): Promise<void> {
      const answer = await post({ logout_token: token });
      expect(answer).toEqual({ status: 400, body: expect.objectContaining({ error: code }) });
      expect((await browser.request(`${b.origin}/me`)).status).toBe(200);
    }

    beforeAll(async () => {
      browser = await signIn();
    });

    it('refuses a logout_token that is not a JWS', () => expectRefused('not-a-jwt', 'ERR_LOGOUT_TOKEN_MALFORMED'));

    it('refuses a form without logout_token, and one with two', async () => {
      expect((await post({ other: 'x' })).body.error).toBe('ERR_LOGOUT_TOKEN_MALFORMED');
      const token = await forge();
      const twice = await post(`logout_token=${token}&logout_token=${token}`);
      expect(twice).toEqual({ status: 400, body: expect.objectContaining({ error: 'ERR_LOGOUT_TOKEN_MALFORMED' }) });
    });

    it('refuses a JSON body (415)', async () => {
      const answer = await post(JSON.stringify({ logout_token: await forge() }), 'application/json');
      expect(answer).toEqual({
        status: 415,
        body: expect.objectContaining({ error: 'ERR_CALLBACK_MEDIA_TYPE_UNSUPPORTED' }),
      });
    });

    it('refuses alg none', async () => {
      const [, payload] = (await forge()).split('.');
      const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'logout+jwt' })).toString('base64url');
      await expectRefused(`${header}.${payload}.AAAA`, 'ERR_LOGOUT_TOKEN_ALG_NOT_ALLOWED');
    });

    it('refuses HS256 (a symmetric algorithm outside the allow-list)', async () =>
      expectRefused(await forge({}, {}, { secret: new Uint8Array(32) }), 'ERR_LOGOUT_TOKEN_ALG_NOT_ALLOWED'));

    it('refuses a token signed by a key that is not the AS key (same kid)', async () => {
      const { privateKey } = await generateKeyPair('ES256', { extractable: true });
      const jwk = { ...(await exportJWK(privateKey)), kid: asKey.kid! };
      await expectRefused(await forge({}, {}, { jwk }), 'ERR_LOGOUT_TOKEN_SIGNATURE_INVALID');
    });

    it('refuses a token signed by an unknown key (unknown kid)', async () => {
      const { privateKey } = await generateKeyPair('ES256', { extractable: true });
      const jwk = { ...(await exportJWK(privateKey)), kid: 'attacker' };
      await expectRefused(await forge({}, {}, { jwk }), 'ERR_LOGOUT_TOKEN_SIGNATURE_INVALID');
    });

    it('refuses a typ other than logout+jwt (an ID token or access token posing as one)', async () =>
      expectRefused(await forge({}, { typ: 'JWT' }), 'ERR_LOGOUT_TOKEN_HEADER_INVALID'));

    it('refuses an embedded jwk header', async () =>
      expectRefused(
        await forge({}, { jwk: { kty: 'EC', crv: 'P-256', x: 'x', y: 'y' } }),
        'ERR_LOGOUT_TOKEN_HEADER_INVALID',
      ));

    it('refuses a crit header', async () =>
      // b64 is the one extension jose signs with; this client understands none.
      expectRefused(await forge({}, { crit: ['b64'], b64: true }), 'ERR_LOGOUT_TOKEN_HEADER_INVALID'));

    it('refuses another issuer', async () =>
      expectRefused(await forge({ iss: 'https://evil.example' }), 'ERR_LOGOUT_TOKEN_ISSUER_INVALID'));

    it('refuses another audience', async () =>
      expectRefused(await forge({ aud: 'another-client' }), 'ERR_LOGOUT_TOKEN_AUDIENCE_INVALID'));

    it('refuses a missing iat', async () =>
      expectRefused(await forge({ iat: undefined }), 'ERR_LOGOUT_TOKEN_IAT_INVALID'));

    it('refuses an iat in the future', async () =>
      expectRefused(await forge({ iat: Math.floor(Date.now() / 1000) + 600 }), 'ERR_LOGOUT_TOKEN_IAT_INVALID'));

    it('refuses an iat older than the accepted age', async () =>
      expectRefused(await forge({ iat: Math.floor(Date.now() / 1000) - 600 }), 'ERR_LOGOUT_TOKEN_IAT_INVALID'));

    it('refuses an exp in the past', async () =>
      expectRefused(await forge({ exp: Math.floor(Date.now() / 1000) - 60 }), 'ERR_LOGOUT_TOKEN_IAT_INVALID'));

    it('refuses a missing jti', async () =>
      expectRefused(await forge({ jti: undefined }), 'ERR_LOGOUT_TOKEN_JTI_MISSING'));

    it('refuses missing events', async () =>
      expectRefused(await forge({ events: undefined }), 'ERR_LOGOUT_TOKEN_EVENT_MISSING'));

    it('refuses events without the back-channel logout member', async () =>
      expectRefused(await forge({ events: { 'urn:other': {} } }), 'ERR_LOGOUT_TOKEN_EVENT_MISSING'));

    it('refuses a back-channel logout event that is not an object', async () =>
      expectRefused(await forge({ events: { [EVENT]: 'yes' } }), 'ERR_LOGOUT_TOKEN_EVENT_MISSING'));

    it('refuses a token with neither sid nor sub', async () =>
      expectRefused(await forge({ sub: undefined }), 'ERR_LOGOUT_TOKEN_SUBJECT_MISSING'));

    it('refuses a nonce', async () => expectRefused(await forge({ nonce: 'n-1' }), 'ERR_LOGOUT_TOKEN_NONCE_PRESENT'));

    it('accepts a valid token once and refuses its replay (jti registered)', async () => {
      const token = await forge({ sub: 'nobody-signed-in' });
      expect(await post({ logout_token: token })).toEqual({ status: 200, body: { sessions: 0 } });
      await expectRefused(token, 'ERR_LOGOUT_TOKEN_REPLAYED');
    });
  });
});
