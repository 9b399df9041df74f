import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { SIGNET_PAGE_CSP } from '@signet/core/http';
import { completeLogin } from '@signet/dev-as/testing';
import request from 'supertest';
import { createApp, PLATFORMS } from '../support/create-app.js';
import { startTestAs, type TestAs } from '../support/dev-as.js';
import { LoginFlowModule, results } from './app.module.js';

const REDIRECT_URI = 'http://127.0.0.1:4999/callback';
const SECRET = 'a-test-cookie-secret-of-at-least-32-chars';

describe.each(PLATFORMS)('SignetModule login flow on %s', (platform) => {
  let testAs: TestAs;
  let app: INestApplication;

  beforeAll(async () => {
    testAs = await startTestAs({ redirectUri: REDIRECT_URI });
    app = await createApp(
      LoginFlowModule.register({
        issuer: testAs.as.issuer,
        clientId: 'test-rp',
        redirectUri: REDIRECT_URI,
        signingKeys: testAs.signingKey,
        cookieSecret: SECRET,
        scope: 'openid email',
      }),
      platform,
    );
  });

  afterAll(async () => {
    await app?.close();
    await testAs?.as.close();
  });

  async function signIn(agent: ReturnType<typeof request.agent>, path = '/login') {
    const login = await agent.get(path).expect(302);
    expect(login.headers['cache-control']).toBe('no-store');
    const outcome = await completeLogin(login.headers.location!);
    if (outcome.kind !== 'redirect') throw new Error('expected a redirect');
    const back = new URL(outcome.url);
    return { back, callback: await agent.get(back.pathname + back.search) };
  }

  it('answers a login with a bodiless 302: Location (client_id and request_uri only) and Cache-Control no-store', async () => {
    const login = await request(app.getHttpServer()).get('/login').set('accept', 'text/html');
    expect(login.status).toBe(302);
    const location = new URL(login.headers.location!);
    expect(`${location.origin}${location.pathname}`).toBe(
      (await (await fetch(`${testAs.as.issuer}/.well-known/openid-configuration`)).json()).authorization_endpoint,
    );
    expect([...location.searchParams.keys()].sort()).toEqual(['client_id', 'request_uri']);
    expect(login.headers['cache-control']).toBe('no-store');
    expect(login.headers['content-length']).toBe('0');
    expect(login.text ?? '').toBe('');
  });

  it('signs in through PAR and JARM, then /me answers with the subject', async () => {
    const agent = request.agent(app.getHttpServer());
    const parBefore = testAs.as.counters.par;
    const { callback } = await signIn(agent);
    expect(callback.status).toBe(303);
    expect(callback.headers.location).toBe('/');
    expect(testAs.as.counters.par).toBe(parBefore + 1);
    const cookie = (callback.headers['set-cookie'] as unknown as string[]).find((c) =>
      c.startsWith('signet.session='),
    )!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const me = await agent.get('/me').expect(200);
    expect(me.body).toMatchObject({ sub: 'alice', scope: expect.stringContaining('openid') });
    expect(results.at(-1)?.tokens.accessToken).toEqual(expect.any(String));
  });

  it('signs per-route parameters into the request and checks session scopes', async () => {
    const agent = request.agent(app.getHttpServer());
    const { callback } = await signIn(agent, '/login/profile');
    expect(callback.status).toBe(303);
    await agent.get('/profile').expect(200);

    const other = request.agent(app.getHttpServer());
    await signIn(other);
    const refused = await other.get('/profile').expect(403);
    expect(refused.body.error).toBe('ERR_SESSION_SCOPE_INSUFFICIENT');
  });

  it('relays a fragment.jwt response through the callback page', async () => {
    const agent = request.agent(app.getHttpServer());
    const login = await agent.get('/login/fragment').expect(302);
    const outcome = await completeLogin(login.headers.location!);
    if (outcome.kind !== 'redirect') throw new Error('expected a redirect');
    const back = new URL(outcome.url);
    expect(back.search).toBe('');
    const page = await agent.get(back.pathname).expect(200);
    expect(page.headers['content-security-policy']).toBe(SIGNET_PAGE_CSP);
    expect(page.text).toContain('signet_relay');
    const fragment = new URLSearchParams(back.hash.slice(1));
    await agent
      .post(back.pathname)
      .type('form')
      .send({ ...Object.fromEntries(fragment), signet_relay: 'fragment' })
      .expect(303);
    await agent.get('/me').expect(200);
  });

  it('lets a guard subclass override a hook (appState carried through the login)', async () => {
    const agent = request.agent(app.getHttpServer());
    const login = await agent.get('/login/return').set('x-return-to', '/account').expect(302);
    const outcome = await completeLogin(login.headers.location!);
    if (outcome.kind !== 'redirect') throw new Error('expected a redirect');
    const back = new URL(outcome.url);
    const callback = await agent.get(back.pathname + back.search).expect(303);
    expect(callback.headers.location).toBe('/account');
  });

  it('refuses HEAD on the callback without consuming the login', async () => {
    const agent = request.agent(app.getHttpServer());
    const login = await agent.get('/login').expect(302);
    const outcome = await completeLogin(login.headers.location!);
    if (outcome.kind !== 'redirect') throw new Error('expected a redirect');
    const back = new URL(outcome.url);
    await agent.head(back.pathname + back.search).expect(405);
    await agent.get(back.pathname + back.search).expect(303);
  });

  it('refuses /me without a session with ERR_SESSION_REQUIRED', async () => {
    const res = await request(app.getHttpServer()).get('/me').expect(401);
    expect(res.body.error).toBe('ERR_SESSION_REQUIRED');
  });

  it('refuses a forged session cookie', async () => {
    const res = await request(app.getHttpServer())
      .get('/me')
      .set('cookie', 'signet.session=eyJzdWIiOiJtYWxsb3J5In0.AAAA')
      .expect(401);
    expect(res.body.error).toBe('ERR_SESSION_REQUIRED');
  });

  it('refuses a tampered response with its code, no session and no token request', async () => {
    const agent = request.agent(app.getHttpServer());
    const login = await agent.get('/login').expect(302);
    const outcome = await completeLogin(login.headers.location!);
    if (outcome.kind !== 'redirect') throw new Error('expected a redirect');
    const back = new URL(outcome.url);
    const jwt = back.searchParams.get('response')!;
    const [h, p, s] = jwt.split('.');
    const tampered = `${h}.${p}.${s!.startsWith('A') ? 'B' : 'A'}${s!.slice(1)}`;
    const tokensBefore = testAs.as.tokenRequests;
    const res = await agent.get('/callback').query({ response: tampered }).expect(400);
    expect(res.body).toEqual({
      error: 'ERR_JARM_SIGNATURE_INVALID',
      message: expect.any(String),
      recovery: 'restart',
      restartUrl: '/',
    });
    expect(res.headers['set-cookie']?.toString() ?? '').not.toContain('signet.session=');
    expect(testAs.as.tokenRequests).toBe(tokensBefore);
    await agent.get('/me').expect(401);
  });

  it('answers a browser with an HTML page naming the code', async () => {
    const res = await request(app.getHttpServer())
      .get('/callback?response=x.y.z')
      .set('accept', 'text/html')
      .expect(400);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('ERR_JARM_MALFORMED');
    expect(res.text).not.toMatch(/at .*\.ts:\d+/);
  });

  it('refuses a JSON POST to the callback with 415 and a code', async () => {
    const res = await request(app.getHttpServer()).post('/callback').send({ response: 'x' }).expect(415);
    expect(res.body.error).toBe('ERR_CALLBACK_MEDIA_TYPE_UNSUPPORTED');
  });

  it('refuses repeated response parameters', async () => {
    const res = await request(app.getHttpServer()).get('/callback?response=a.b.c&response=d.e.f').expect(400);
    expect(res.body.error).toBe('ERR_JARM_RESPONSE_DUPLICATED');
  });

  it('answers 503 with ERR_DISCOVERY_FAILED when the authorization server is unreachable', async () => {
    const down = await createApp(
      LoginFlowModule.register({
        issuer: 'http://127.0.0.1:9/',
        clientId: 'test-rp',
        redirectUri: REDIRECT_URI,
        signingKeys: testAs.signingKey,
        cookieSecret: SECRET,
        httpTimeout: 500,
      }),
      platform,
    );
    try {
      const res = await request(down.getHttpServer()).get('/login').expect(503);
      expect(res.body.error).toBe('ERR_DISCOVERY_FAILED');
      expect(res.headers['set-cookie']).toBeUndefined();
    } finally {
      await down.close();
    }
  });

  it('serves the public JWKS when jwksRoute is on', async () => {
    const res = await request(app.getHttpServer()).get('/.well-known/jwks.json').expect(200);
    expect(res.body.keys).toHaveLength(1);
    expect(res.body.keys[0]).not.toHaveProperty('d');
  });
});
