import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import express, { type Request, type Response as ExpressResponse } from 'express';
import passport from 'passport';
import { startDevAs, type DevAs } from '@signet/dev-as';
import { completeLogin } from '@signet/dev-as/testing';
import {
  MemorySessionStore,
  MemoryTransactionStore,
  SignetClient,
  SignetSessions,
  type LoginResult,
} from '@signet/core';
import { endSignetSession, SignetStrategy, signetSession, startSignetSession } from '../src/index.js';
import { Browser, deliver, listen } from './support/browser.js';
import { makeClient } from '../../../tools/test-kit/clients.js';

// The grant in a plain Express app: the strategy's login starts a server-side session, the middleware puts the
// grant on req.signet, and a route calls dev-as's DPoP-checking resource with it, over real HTTP.
let as: DevAs;
let server: Awaited<ReturnType<typeof listen>>;

beforeAll(async () => {
  server = await listen();
  const client = await makeClient('passport-grant', 'ES256', { redirectUris: [`${server.origin}/callback`] });
  as = await startDevAs({ clients: [client.metadata as never] });
  const signet = await SignetClient.create({
    issuer: as.issuer,
    clientId: client.clientId,
    redirectUri: `${server.origin}/callback`,
    signingKeys: [client.signingKey],
    store: new MemoryTransactionStore(),
    dpop: { perSession: true },
  });
  const sessions = await SignetSessions.create(signet, {
    store: new MemorySessionStore(),
    secrets: 'passport-grant-e2e-secret-0123456789abcdef',
  });
  const cookie = { secure: false }; // the test server is plain http on loopback
  const authenticator = new passport.Passport();
  authenticator.use(new SignetStrategy({ client: signet }, (result, done) => done(null, result)));

  const app = express();
  app.use(authenticator.initialize());
  app.use(signetSession(sessions, cookie));
  app.get('/login', authenticator.authenticate('signet', { scope: 'openid profile' }));
  app.get(
    '/callback',
    authenticator.authenticate('signet', { session: false }),
    (req: Request, res: ExpressResponse) => {
      startSignetSession(sessions, req.user as LoginResult, res, cookie).then(
        (view) => res.json({ sub: view.sub, dpop: view.grant.dpop }),
        (err: Error & { code?: string }) => res.status(500).json({ code: err.code }),
      );
    },
  );
  app.get('/api/profile', (req: Request, res: ExpressResponse) => {
    if (!req.signet) return void res.status(401).json({ code: 'ERR_SESSION_UNKNOWN' });
    req.signet
      .fetch(as.resourceUrl)
      .then(async (answer) => res.status(answer.status).json(await answer.json()))
      .catch((err: Error & { code?: string }) => res.status(502).json({ code: err.code }));
  });
  app.post('/logout', (req: Request, res: ExpressResponse) => {
    endSignetSession(sessions, req, res, cookie).then(
      (endSessionUrl) => res.json({ endSessionUrl: endSessionUrl ?? null }),
      (err: Error & { code?: string }) => res.status(500).json({ code: err.code }),
    );
  });
  server.handle(app);
});

afterAll(async () => {
  await server?.close();
  await as?.close();
});

async function signIn(browser: Browser): Promise<Response> {
  const outcome = await completeLogin(await browser.startLogin('/login'));
  return deliver(browser, outcome);
}

describe('server-side sessions in Express (startSignetSession, signetSession)', () => {
  it('signs in into a session whose cookie holds only an opaque id, and calls the resource with the DPoP grant', async () => {
    const browser = new Browser(server.origin);
    const signedIn = await signIn(browser);
    expect(signedIn.status).toBe(200);
    expect(await signedIn.json()).toMatchObject({ dpop: 'session' });
    const id = browser.cookies.get('signet-session');
    expect(id).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    const profile = await browser.get('/api/profile');
    expect(profile.status).toBe(200);
    expect(await profile.json()).toMatchObject({ sub: expect.any(String) });
  });

  it('refuses /api/profile without a session cookie', async () => {
    const profile = await new Browser(server.origin).get('/api/profile');
    expect(profile.status).toBe(401);
    expect(await profile.json()).toEqual({ code: 'ERR_SESSION_UNKNOWN' });
  });

  it('refuses a copied session cookie after logout', async () => {
    const browser = new Browser(server.origin);
    await signIn(browser);
    const copy = new Browser(server.origin);
    copy.cookies.set('signet-session', browser.cookies.get('signet-session')!);
    expect((await copy.get('/api/profile')).status).toBe(200);
    const logout = await browser.post('/logout', {});
    expect(logout.status).toBe(200);
    expect(browser.cookies.has('signet-session')).toBe(false);
    const after = await copy.get('/api/profile');
    expect(after.status).toBe(401);
    expect(await after.json()).toEqual({ code: 'ERR_SESSION_UNKNOWN' });
  });
});
