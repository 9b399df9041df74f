import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { completeLogin } from '@signet/dev-as/testing';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import type { SignetModuleOptions, SignetSession } from '../../src/index.js';
import { resolveSessionSettings, sealSession } from '../../src/signet-session.js';
import { PLATFORMS } from '../support/create-app.js';
import { CapturingLogger, PeekSessionGuard, createApp, startHardeningApp } from './app.module.js';

// The session under attack: other sites' sign-out POSTs, tossed and mistyped cookies, cookie floods.

describe.each(PLATFORMS)('NestJS adapter hardening on %s', (platform) => {
  let app: INestApplication;
  let options: SignetModuleOptions;
  let close: (() => Promise<void>) | undefined;
  const logger = new CapturingLogger();

  beforeAll(async () => {
    ({ app, options, close } = await startHardeningApp(platform, logger));
  });

  afterAll(async () => {
    await close?.();
  });

  /** A browser that signed in: its agent holds the session cookie. */
  async function signedIn() {
    const agent = request.agent(app.getHttpServer());
    const login = await agent.get('/login').expect(302);
    const outcome = await completeLogin(login.headers.location!);
    if (outcome.kind !== 'redirect') throw new Error('expected a redirect');
    const back = new URL(outcome.url);
    await agent.get(back.pathname + back.search).expect(303);
    await agent.get('/me').expect(200);
    return agent;
  }

  describe('the session', () => {
    it('answers a login with its redirect after another guard read the session without a response object', async () => {
      const peeking = await createApp(options, platform, {
        providers: [{ provide: APP_GUARD, useClass: PeekSessionGuard }],
      });
      try {
        const login = await request(peeking.getHttpServer()).get('/login');
        expect(login.status).toBe(302);
        expect(String(login.headers['set-cookie'])).toContain('signet.b.');
      } finally {
        await peeking.close();
      }
    });

    it('refuses a cross-site POST to a sign-out route with ERR_SESSION_CROSS_SITE and keeps the session', async () => {
      const agent = await signedIn();
      const res = await agent
        .post('/logout')
        .set('sec-fetch-site', 'cross-site')
        .set('origin', 'https://evil.example')
        .expect(403);
      expect(res.body.error).toBe('ERR_SESSION_CROSS_SITE');
      expect(String(res.headers['set-cookie'] ?? '')).not.toContain('signet.session=');
      await agent.get('/me').expect(200);
    });

    it('refuses a POST whose Origin is another site when the browser sends no Sec-Fetch-Site', async () => {
      const agent = await signedIn();
      const res = await agent.post('/logout').set('origin', 'https://evil.example').expect(403);
      expect(res.body.error).toBe('ERR_SESSION_CROSS_SITE');
      await agent.get('/me').expect(200);
    });

    it('refuses a POST from an opaque origin (sandboxed frame, data: URL)', async () => {
      const res = await request(app.getHttpServer()).post('/logout').set('origin', 'null').expect(403);
      expect(res.body.error).toBe('ERR_SESSION_CROSS_SITE');
    });

    it('signs out on a same-origin POST', async () => {
      const agent = await signedIn();
      const server = app.getHttpServer() as Server;
      if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
      await agent.post('/logout').set('sec-fetch-site', 'same-origin').expect(303);
      await agent.get('/me').expect(401);
      const other = await signedIn();
      await other.post('/logout').set('host', host).set('origin', `http://${host}`).expect(303);
      await other.get('/me').expect(401);
    });

    it('refuses a request carrying a forged session cookie beside the real one (cookie tossing) with ERR_COOKIE_DUPLICATED', async () => {
      const agent = request.agent(app.getHttpServer());
      const login = await agent.get('/login').expect(302);
      const outcome = await completeLogin(login.headers.location!);
      if (outcome.kind !== 'redirect') throw new Error('expected a redirect');
      const back = new URL(outcome.url);
      const callback = await agent.get(back.pathname + back.search).expect(303);
      const valid = (callback.headers['set-cookie'] as unknown as string[])
        .find((c) => c.startsWith('signet.session='))!
        .split(';', 1)[0]!;
      const server = app.getHttpServer();
      await request(server).get('/me').set('cookie', `other=%ZZ; ${valid}`).expect(200);
      const res = await request(server)
        .get('/me')
        .set('cookie', `signet.session=%E0%A4%A; other=%ZZ; ${valid}`)
        .expect(400);
      expect(res.body.error).toBe('ERR_COOKIE_DUPLICATED');
    });

    it('refuses a correctly signed session whose fields have the wrong types with 401, not a fault', async () => {
      // Signed with the app's secret, as an older or another cookie format under the same secret would be.
      const settings = resolveSessionSettings(options);
      const odd = { sub: 'alice', iss: 'x', scope: 5, claims: 'none', iat: 0, exp: Math.floor(Date.now() / 1000) + 60 };
      const cookie = sealSession(odd as unknown as SignetSession, settings);
      const res = await request(app.getHttpServer()).get('/me').set('cookie', `signet.session=${cookie}`).expect(401);
      expect(res.body.error).toBe('ERR_SESSION_REQUIRED');
    });

    it('answers a request with hundreds of cookies without a fault', async () => {
      const cookies = Array.from({ length: 300 }, (_, i) => `c${i}=${i}`).join('; ');
      const res = await request(app.getHttpServer()).get('/me').set('cookie', cookies).expect(401);
      expect(res.body.error).toBe('ERR_SESSION_REQUIRED');
    });

    it('sets the session cookie HttpOnly, SameSite=Lax, Path=/ with a lifetime', async () => {
      const agent = request.agent(app.getHttpServer());
      const login = await agent.get('/login').expect(302);
      const outcome = await completeLogin(login.headers.location!);
      if (outcome.kind !== 'redirect') throw new Error('expected a redirect');
      const back = new URL(outcome.url);
      const res = await agent.get(back.pathname + back.search).expect(303);
      const cookie = (res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('signet.session='))!;
      expect(cookie).toMatch(/; HttpOnly/);
      expect(cookie).toMatch(/; SameSite=Lax/);
      expect(cookie).toMatch(/; Path=\/(;|$)/);
      expect(cookie).toMatch(/; Max-Age=\d+/);
    });
  });
});
