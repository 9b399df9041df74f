import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { completeLogin, completeLogout, CookieJar, type LoginOutcome } from '@signet/dev-as/testing';
import request from 'supertest';
import { startSampleAs, type SampleAs } from './support/dev-as.js';
import { deliver, PLATFORMS, sampleEnv, startSample, type Agent, type Platform } from './support/sample-app.js';

// "After Sign out, Sign in signs straight back in": the AS keeps its own session, so signing out of the app alone
// leaves the next login silent. Each browser here is two cookie jars: the app's (supertest's agent) and the AS's
// (kept across logins, as a browser keeps dev-as's session cookie).

let testAs: SampleAs;
beforeAll(async () => {
  testAs = await startSampleAs();
});
afterAll(async () => {
  await testAs?.as.close();
});

interface Browser {
  app: Agent;
  as: CookieJar;
}

/** A login on `path` (the guard's /login, 302, or Passport's /passport/login, 303) through the AS's pages. */
async function login(browser: Browser, path: string): Promise<LoginOutcome> {
  const start = await browser.app.get(path);
  expect(start.status).toBe(path.startsWith('/passport/') ? 303 : 302);
  return completeLogin(start.headers.location!, { cookies: browser.as });
}

/** A login all the way back to the app: it must sign in. Answers the AS pages shown on the way. */
async function signIn(browser: Browser, path: string): Promise<LoginOutcome['pages']> {
  const outcome = await login(browser, path);
  const callback = await deliver(browser.app, outcome);
  expect(callback.status).toBe(303);
  await browser.app.get('/me').expect(200);
  return outcome.pages;
}

/** The Sign out button: a same-origin POST /logout. */
function signOut(browser: Browser) {
  return browser.app.post('/logout').set('sec-fetch-site', 'same-origin');
}

const setCookies = (res: request.Response) => ([] as string[]).concat(res.headers['set-cookie'] ?? []);

describe.each(PLATFORMS)('signing out and in again on %s (stateless sessions)', (platform: Platform) => {
  let app: INestApplication;
  const browser = (): Browser => ({ app: request.agent(app.getHttpServer()), as: new CookieJar() });

  beforeAll(async () => {
    app = await startSample(sampleEnv(testAs, platform));
  });
  afterAll(async () => {
    await app?.close();
  });

  it('signs straight back in while signed in at the AS: the second login shows no AS page', async () => {
    const b = browser();
    expect(await signIn(b, '/login')).toEqual(['login', 'consent']);
    expect(await signIn(b, '/login')).toEqual([]);
  });

  it.each(['/login', '/passport/login'])(
    'after Sign out, %s shows the AS login page (prompt=login), then the marker is gone',
    async (path) => {
      const b = browser();
      expect(await signIn(b, path)).toEqual(['login', 'consent']);
      const out = await signOut(b);
      expect(out.status).toBe(303);
      expect(setCookies(out)).toContainEqual(
        expect.stringMatching(/^sample-signed-out=1; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax$/),
      );
      await b.app.get('/me').expect(401);
      // The home page says why the next sign-in will ask again; a browser that never signed out sees no such hint.
      expect((await b.app.get('/').expect(200)).text).toContain('id="signed-out-hint"');
      expect((await browser().app.get('/').expect(200)).text).not.toContain('id="signed-out-hint"');

      // The AS still has its session (consent is remembered), yet it asks for the user again.
      const again = await login(b, path);
      expect(again.pages).toEqual(['login']);
      const callback = await deliver(b.app, again);
      expect(callback.status).toBe(303);
      expect(setCookies(callback)).toContainEqual(expect.stringMatching(/^sample-signed-out=; Path=\/; Max-Age=0;/));
      await b.app.get('/me').expect(200);

      // Signed in again: the next login is silent as before.
      expect(await signIn(b, path)).toEqual([]);
    },
  );

  it('keeps asking after an abandoned login: the marker stays until a sign-in completes', async () => {
    const b = browser();
    await signIn(b, '/login');
    await signOut(b).expect(303);
    expect((await login(b, '/login')).pages).toEqual(['login']); // never delivered to the app
    expect((await login(b, '/passport/login')).pages).toEqual(['login']);
  });
});

describe('signing out with server-side sessions: RP-initiated logout ends the AS session', () => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await startSample(sampleEnv(testAs, 'express', { SIGNET_SESSION_STORE: 'memory' }));
  });
  afterAll(async () => {
    await app?.close();
  });

  it('redirects to end_session with id_token_hint; once confirmed, even a browser without the marker meets the login page', async () => {
    const b: Browser = { app: request.agent(app.getHttpServer()), as: new CookieJar() };
    await signIn(b, '/login');
    const out = await signOut(b).expect(303);
    const endSession = new URL(out.headers.location!);
    expect(endSession.origin + endSession.pathname).toBe(`${testAs.as.issuer}/session/end`);
    expect(endSession.searchParams.get('id_token_hint')).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const back = await completeLogout(endSession.href, { cookies: b.as });
    expect(back && new URL(back).searchParams.get('state')).toBe(endSession.searchParams.get('state'));

    // The app's marker aside (a fresh app jar), the AS itself no longer knows the user.
    const other: Browser = { app: request.agent(app.getHttpServer()), as: b.as };
    expect((await login(other, '/login')).pages).toEqual(['login', 'consent']);
  });
});
