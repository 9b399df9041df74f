import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { SIGNET_PAGE_CSP } from '@signet/core/http';
import { CLIENTS, startSampleAs, type SampleAsWithTls } from './support/dev-as.js';
import {
  beginLogin,
  deliver,
  PLATFORMS,
  sampleEnv,
  sessionCookie,
  startSample,
  type Platform,
} from './support/sample-app.js';

let testAs: SampleAsWithTls;
beforeAll(async () => {
  testAs = await startSampleAs();
});
afterAll(async () => {
  await testAs?.as.close();
});

describe.each(PLATFORMS)('sample-rp signs in on %s', (platform: Platform) => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await startSample(sampleEnv(testAs, platform));
  });
  afterAll(async () => {
    await app?.close();
  });

  it('signs in through PAR and JARM: 303 to / with a session, /me has the subject', async () => {
    const agent = request.agent(app.getHttpServer());
    const par = testAs.as.counters.par;
    const outcome = await beginLogin(agent);
    expect(testAs.as.counters.par).toBe(par + 1);
    const callback = await deliver(agent, outcome);
    expect(callback.status).toBe(303);
    expect(callback.headers.location).toBe('/');
    expect(callback.headers['content-length']).toBe('0'); // a bare 303 (SeeOther): no negotiated body
    expect(sessionCookie(callback)).toMatch(/HttpOnly; SameSite=Lax/);
    const me = await agent.get('/me').expect(200);
    expect(me.body).toMatchObject({ sub: 'alice', iss: testAs.as.issuer, scope: expect.stringContaining('openid') });
  });

  it('shows the subject and a verified approval on the home page', async () => {
    const agent = request.agent(app.getHttpServer());
    await deliver(agent, await beginLogin(agent));
    const home = await agent.get('/').expect(200);
    expect(home.headers['content-type']).toMatch(/text\/html/);
    expect(home.headers['content-security-policy']).toMatch(/default-src 'none'/);
    expect(home.text).toMatch(/<dd id="subject">alice<\/dd>/);
    expect(home.text).toMatch(/data-outcome="verified"/);
    const { body } = await agent.get('/approvals').expect(200);
    const [response, requestEvent] = body.entries;
    expect(response).toMatchObject({
      type: 'authorization.response',
      outcome: 'verified',
      subject: 'alice',
      clientId: CLIENTS.plain,
    });
    expect(requestEvent).toMatchObject({
      type: 'authorization.request',
      delivery: 'par',
      scope: 'openid profile email',
      jti: response.jti,
    });
  });

  it('signs authorization_details into the request and records them', async () => {
    const agent = request.agent(app.getHttpServer());
    const callback = await deliver(agent, await beginLogin(agent, { path: '/login/payment' }));
    expect(callback.status).toBe(303);
    const { body } = await agent.get('/approvals').expect(200);
    const requestEvent = body.entries.find((e: { type: string }) => e.type === 'authorization.request');
    expect(requestEvent.authorizationDetails).toEqual([expect.objectContaining({ type: 'payment_initiation' })]);
    const home = await agent.get('/').expect(200);
    expect(home.text).toContain('payment_initiation');
  });

  it('signs out: POST /logout clears the session', async () => {
    const agent = request.agent(app.getHttpServer());
    await deliver(agent, await beginLogin(agent));
    await agent.get('/me').expect(200);
    const out = await agent.post('/logout').expect(303);
    expect(out.headers.location).toBe('/');
    const me = await agent.get('/me').expect(401);
    expect(me.body.error).toBe('ERR_SESSION_REQUIRED');
    const home = await agent.get('/').expect(200);
    expect(home.text).toContain('id="login"');
  });

  it('refuses a cross-site POST /logout and keeps the session', async () => {
    const agent = request.agent(app.getHttpServer());
    await deliver(agent, await beginLogin(agent));
    const out = await agent
      .post('/logout')
      .set('Sec-Fetch-Site', 'cross-site')
      .set('Origin', 'https://evil.example')
      .expect(403);
    expect(out.body.error).toBe('ERR_SESSION_CROSS_SITE');
    await agent.get('/me').expect(200);
  });

  it('serves its public keys at /.well-known/jwks.json', async () => {
    const res = await request(app.getHttpServer()).get('/.well-known/jwks.json').expect(200);
    expect(res.body.keys).toEqual([expect.objectContaining({ kty: 'EC', use: 'sig', alg: 'ES256' })]);
    expect(JSON.stringify(res.body)).not.toContain('"d"');
  });
});

describe.each(PLATFORMS)('sample-rp response modes on %s', (platform: Platform) => {
  it.each(['query.jwt', 'form_post.jwt', 'fragment.jwt'])('signs in with %s', async (mode) => {
    const app = await startSample(sampleEnv(testAs, platform, { SIGNET_RESPONSE_MODE: mode }));
    try {
      const agent = request.agent(app.getHttpServer());
      const outcome = await beginLogin(agent);
      expect(outcome.kind).toBe(mode === 'form_post.jwt' ? 'form_post' : 'redirect');
      if (outcome.kind === 'redirect')
        expect(new URL(outcome.url)[mode === 'fragment.jwt' ? 'hash' : 'search']).toMatch(/response=/);
      const callback = await deliver(agent, outcome);
      expect(callback.status).toBe(303);
      await agent.get('/me').expect(200);
    } finally {
      await app.close();
    }
  });

  it('bounces a cross-site form_post (no cookies) through a same-origin page, then signs in', async () => {
    const app = await startSample(sampleEnv(testAs, platform, { SIGNET_RESPONSE_MODE: 'form_post.jwt' }));
    try {
      const agent = request.agent(app.getHttpServer());
      const outcome = await beginLogin(agent);
      if (outcome.kind !== 'form_post') throw new Error('expected form_post');
      // A browser sends no SameSite=Lax cookie with the AS's cross-site POST.
      const bounce = await request(app.getHttpServer()).post('/callback').type('form').send(outcome.fields).expect(200);
      expect(bounce.headers['content-security-policy']).toBe(SIGNET_PAGE_CSP);
      expect(sessionCookie(bounce)).toBeUndefined();
      const fields = Object.fromEntries(
        [...bounce.text.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1], m[2]]),
      );
      expect(fields).toMatchObject({ response: outcome.fields['response'], signet_relay: 'form_post' });
      const callback = await agent.post('/callback').type('form').send(fields).expect(303);
      expect(sessionCookie(callback)).toBeDefined();
    } finally {
      await app.close();
    }
  });

  it('sends the request object by value under fapi1-advanced with PAR off', async () => {
    // FAPI 1.0 Advanced needs sender-constrained tokens: mutual TLS, certificate-bound.
    const certificate = await testAs.pki.issue({ subject: 'CN=sample-rp-fapi1' });
    const app = await startSample(
      sampleEnv(testAs, platform, {
        SIGNET_CLIENT_ID: CLIENTS.fapi1,
        SIGNET_PROFILE: 'fapi1-advanced',
        SIGNET_USE_PAR: 'false',
        SIGNET_CLIENT_AUTH: 'tls_client_auth',
        ...(await testAs.tlsFiles(certificate, `fapi1-${platform}`)),
      }),
    );
    try {
      const agent = request.agent(app.getHttpServer());
      const par = testAs.as.counters.par;
      const login = await agent.get('/login').expect(302);
      expect(new URL(login.headers.location!).searchParams.has('request')).toBe(true);
      const { completeLogin } = await import('@signet/dev-as/testing');
      await deliver(agent, await completeLogin(login.headers.location!)).then((r) => expect(r.status).toBe(303));
      expect(testAs.as.counters.par).toBe(par);
      const { body } = await agent.get('/approvals').expect(200);
      expect(body.entries.find((e: { type: string }) => e.type === 'authorization.request').delivery).toBe('value');
    } finally {
      await app.close();
    }
  });
});
