import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { SIGNET_PAGE_CSP } from '@signet/core/http';
import { completeLogin } from '@signet/dev-as/testing';
import request from 'supertest';
import { formActions } from '../../../../tools/test-kit/relay-page.js';
import { startTestAs, type TestAs } from '../support/dev-as.js';
import { PLATFORMS } from '../support/create-app.js';
import { CapturingLogger, REDIRECT_URI, SECRET, createApp, raw, startHardeningApp } from './app.module.js';

// The relay pages: they post only back to their own page, escape what they relay, and carry core's one CSP.

describe.each(PLATFORMS)('NestJS adapter hardening on %s', (platform) => {
  let testAs: TestAs;
  let app: INestApplication;
  let close: (() => Promise<void>) | undefined;
  const logger = new CapturingLogger();

  beforeAll(async () => {
    ({ testAs, app, close } = await startHardeningApp(platform, logger));
  });

  afterAll(async () => {
    await close?.();
  });

  describe('the relay pages', () => {
    it('posts the fragment relay back to its own page, never to a target taken from the request line', async () => {
      const res = await raw(app, 'GET http://evil.example/callback HTTP/1.1');
      expect(res.status).toBe(200);
      expect(res.text).not.toContain('evil.example');
      const actions = formActions(res.text);
      expect(actions.length).toBeGreaterThan(0);
      for (const action of actions) expect(action === undefined || /^\/(?![/\\])/.test(action)).toBe(true);
    });

    it('posts a bounced form_post back to its own page, never to a target taken from the request line', async () => {
      const res = await raw(
        app,
        'POST http://evil.example/callback HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded',
        'response=a.b.c',
      );
      expect(res.status).toBe(200);
      expect(res.text).not.toContain('evil.example');
      const actions = formActions(res.text);
      expect(actions.length).toBeGreaterThan(0);
      for (const action of actions) expect(action === undefined || /^\/(?![/\\])/.test(action)).toBe(true);
    });

    it("escapes every relayed field and sends core's one hash-based page CSP", async () => {
      const post = () =>
        request(app.getHttpServer())
          .post('/callback')
          .type('form')
          .send({ response: '"><script>alert(1)</script>', iss: "'onmouseover='x" })
          .expect(200);
      const [a, b] = [await post(), await post()];
      expect(a.text).not.toContain('<script>alert(1)');
      expect(a.text).not.toContain("'onmouseover");
      expect(a.text).toContain('&#34;&#62;&#60;script&#62;');
      expect(a.headers['content-security-policy']).toBe(SIGNET_PAGE_CSP);
      expect(b.headers['content-security-policy']).toBe(SIGNET_PAGE_CSP);
      expect(SIGNET_PAGE_CSP).not.toContain('unsafe-inline');
      expect(SIGNET_PAGE_CSP).toContain("form-action 'self'");
    });

    it('cannot relabel a query.jwt response as a relayed fragment: the mode check refuses it, no token request', async () => {
      const agent = request.agent(app.getHttpServer());
      const login = await agent.get('/login').expect(302);
      const outcome = await completeLogin(login.headers.location!);
      if (outcome.kind !== 'redirect') throw new Error('expected a redirect');
      const response = new URL(outcome.url).searchParams.get('response')!;
      const tokens = testAs.as.tokenRequests;
      const res = await agent
        .post('/callback')
        .type('form')
        .set('sec-fetch-site', 'same-origin')
        .send({ response, signet_relay: 'fragment' })
        .expect(400);
      expect(res.body.error).toBe('ERR_JARM_RESPONSE_MODE_MISMATCH');
      expect(testAs.as.tokenRequests).toBe(tokens);
    });
  });
});

describe('NestJS adapter hardening on fastify with ignoreDuplicateSlashes', () => {
  let testAs: TestAs;
  let app: INestApplication;

  beforeAll(async () => {
    testAs = await startTestAs({ redirectUri: REDIRECT_URI });
    app = await createApp(
      {
        issuer: testAs.as.issuer,
        clientId: 'test-rp',
        redirectUri: REDIRECT_URI,
        signingKeys: testAs.signingKey,
        cookieSecret: SECRET,
      },
      'fastify',
      { fastify: { ignoreDuplicateSlashes: true } },
    );
  });

  afterAll(async () => {
    await app?.close();
    await testAs?.as.close();
  });

  it('never answers a relay form whose action is protocol-relative (//host)', async () => {
    const res = await request(app.getHttpServer()).get('//callback').expect(200);
    expect(res.text).toContain('signet_relay');
    const actions = formActions(res.text);
    expect(actions.length).toBeGreaterThan(0);
    for (const action of actions) expect(action === undefined || /^\/(?![/\\])/.test(action)).toBe(true);
  });
});
