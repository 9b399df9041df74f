import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import express, { type Express, type NextFunction, type Request, type Response as ExpressResponse } from 'express';
import session from 'express-session';
import passport from 'passport';
import { startDevAs, type DevAs } from '@signet/dev-as';
import { completeLogin } from '@signet/dev-as/testing';
import {
  CookieTransactionStore,
  MemoryTransactionStore,
  type AuditEvent,
  type LoginResult,
  type SignetClientOptions,
} from '@signet/core';
import { RELAY_FIELD, SIGNET_PAGE_CSP } from '@signet/core/http';
import { relayForm, runFragmentRelay } from '../../../tools/test-kit/relay-page.js';
import { SignetStrategy, type VerifyCallback } from '../src/index.js';
import { Browser, deliver, listen, responseOf } from './support/browser.js';
import { makeClient, type TestClient } from '../../../tools/test-kit/clients.js';

// The strategy in plain Express apps (with and without express-session), against dev-as over real HTTP.
let as: DevAs;
let client: TestClient;
const servers: Record<'plain' | 'session' | 'cookies', Awaited<ReturnType<typeof listen>>> = {} as never;
const audit: AuditEvent[] = [];

function clientOptions(origin: string, extra: Partial<SignetClientOptions> = {}): SignetClientOptions {
  return {
    issuer: as.issuer,
    clientId: client.clientId,
    redirectUri: `${origin}/callback`,
    signingKeys: [client.signingKey],
    audit: (event) => {
      audit.push(event);
    },
    ...extra,
  };
}

const toUser = (result: LoginResult, done: VerifyCallback) =>
  done(null, {
    sub: result.subject,
    scope: result.tokens.scope,
    authorizationDetails: result.tokens.authorizationDetails,
    appState: result.appState,
  });

/** Per request: the response mode and where to return, as an app would derive them from the request. */
function fromRequest(req: Request) {
  const mode = req.query['mode'];
  return {
    ...(mode === 'form_post'
      ? { responseMode: 'form_post.jwt' as const }
      : mode === 'fragment'
        ? { responseMode: 'fragment.jwt' as const }
        : {}),
    ...(typeof req.query['returnTo'] === 'string' ? { appState: { returnTo: req.query['returnTo'] } } : {}),
  };
}

/** An Express app as its README shows it. `session`: express-session + passport.session(), else stateless. */
function expressApp(options: SignetClientOptions, opts: { session: boolean }): Express {
  const app = express();
  const authenticator = new passport.Passport();
  authenticator.use(new SignetStrategy({ ...options, authorizationParameters: fromRequest }, toUser));
  authenticator.use(
    new SignetStrategy({ ...options, name: 'picky' }, (_result, done) =>
      done(null, false, { message: 'not on the guest list' }),
    ),
  );
  authenticator.use(
    new SignetStrategy({ ...options, name: 'throwing' }, () => {
      throw new Error('the user directory is down');
    }),
  );

  if (opts.session) {
    app.use(express.urlencoded({ extended: false }));
    app.use(session({ secret: 'passport-e2e-session-secret', resave: false, saveUninitialized: false }));
    authenticator.serializeUser((user, done) => done(null, user));
    authenticator.deserializeUser((user, done) => done(null, user as Express.User));
  }
  app.use(authenticator.initialize());
  if (opts.session) app.use(authenticator.session());

  app.get('/login', authenticator.authenticate('signet', { scope: ['openid', 'profile'] }));
  app.get(
    '/login/rar',
    authenticator.authenticate('signet', {
      authorizationDetails: [{ type: 'account_information', actions: ['read'] }],
    }),
  );
  app.get('/picky/login', authenticator.authenticate('picky'));
  app.get('/throwing/login', authenticator.authenticate('throwing'));

  /** Custom callback: every outcome as JSON, so tests read the strategy's fail()/error() arguments. */
  const report = (name: string) => (req: Request, res: ExpressResponse, next: NextFunction) =>
    authenticator.authenticate(
      name,
      { session: false },
      (err: (Error & { code?: string }) | null, user: unknown, info: unknown, status?: number) => {
        if (err) return res.status(500).json({ fault: err.code ?? 'unknown', message: err.message });
        if (!user) return res.status(status ?? 401).json({ refused: info });
        res.json({ user });
      },
    )(req, res, next);

  if (opts.session) {
    // passport's own handling: req.logIn into the session, then successRedirect; fail() answers with its status.
    app.all('/callback', authenticator.authenticate('signet', { successRedirect: '/me' }));
  } else {
    app.all('/callback', report('signet'));
  }
  app.get('/report/login', report('signet'));
  app.all('/picky/callback', report('picky'));
  app.all('/throwing/callback', report('throwing'));
  app.get('/me', (req, res) => (req.user ? res.json(req.user) : res.status(401).json({ signedIn: false })));
  return app;
}

beforeAll(async () => {
  servers.plain = await listen();
  servers.session = await listen();
  servers.cookies = await listen();
  const origins = Object.values(servers).map((s) => s.origin);
  client = await makeClient('passport-express', 'ES256', {
    redirectUris: origins.flatMap((o) => [`${o}/callback`, `${o}/picky/callback`, `${o}/throwing/callback`]),
  });
  as = await startDevAs({ clients: [client.metadata as never] });
  servers.plain.handle(
    expressApp(clientOptions(servers.plain.origin, { store: new MemoryTransactionStore() }), { session: false }),
  );
  servers.session.handle(expressApp(clientOptions(servers.session.origin), { session: true }));
  const store = new CookieTransactionStore({ secrets: 'passport-e2e-cookie-secret-0123456789abcdef' });
  servers.cookies.handle(expressApp(clientOptions(servers.cookies.origin, { store }), { session: false }));
});

afterAll(async () => {
  await Promise.all(Object.values(servers).map((s) => s?.close()));
  await as?.close();
});

/** One complete login in `browser`: start, sign in at the AS, deliver the signed response. */
async function signIn(browser: Browser, path = '/login', deny = false) {
  const authorizationUrl = await browser.startLogin(path);
  const outcome = await completeLogin(authorizationUrl, { deny });
  return { authorizationUrl, outcome, response: await deliver(browser, outcome) };
}

describe('SignetStrategy in Express without a session', () => {
  it('starts with a pushed, signed request and signs in with a verified JARM response', async () => {
    const browser = new Browser(servers.plain.origin);
    const authorizationUrl = await browser.startLogin();
    const url = new URL(authorizationUrl);
    expect(url.origin).toBe(as.issuer);
    expect([...url.searchParams.keys()].sort()).toEqual(['client_id', 'request_uri']);
    const bindings = [...browser.cookies.keys()].filter((n) => n.startsWith('signet.b.'));
    expect(bindings).toHaveLength(1);

    const outcome = await completeLogin(authorizationUrl);
    expect(responseOf(outcome).split('.')).toHaveLength(3);
    const res = await deliver(browser, outcome);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      user: expect.objectContaining({ sub: 'alice', scope: expect.stringContaining('profile') }),
    });
    expect([...browser.cookies.keys()].filter((n) => n.startsWith('signet.b.'))).toEqual([]);
  });

  it('signs per-call authorization_details into the request and gets them back from the token endpoint', async () => {
    const { response } = await signIn(new Browser(servers.plain.origin), '/login/rar');
    const body = (await response.json()) as { user: { authorizationDetails: Array<{ type: string }> } };
    expect(body.user.authorizationDetails).toEqual([
      expect.objectContaining({ type: 'account_information', actions: ['read'] }),
    ]);
    expect(audit).toContainEqual(
      expect.objectContaining({
        type: 'authorization.request',
        authorizationDetails: [{ type: 'account_information', actions: ['read'] }],
      }),
    );
  });

  it('carries appState from authorizationParameters(req) through the login', async () => {
    const { response } = await signIn(new Browser(servers.plain.origin), '/login?returnTo=%2Faccount');
    expect(await response.json()).toEqual({ user: expect.objectContaining({ appState: { returnTo: '/account' } }) });
  });

  it('reads a form_post.jwt callback without a body parser in front of it', async () => {
    const browser = new Browser(servers.plain.origin);
    const outcome = await completeLogin(await browser.startLogin('/login?mode=form_post'));
    if (outcome.kind !== 'form_post') throw new Error('expected a form_post');
    const res = await browser.post('/callback', outcome.fields);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ user: expect.objectContaining({ sub: 'alice' }) });
  });

  it('bounces a cross-site form_post.jwt through a same-origin page, where the binding cookie comes along', async () => {
    const browser = new Browser(servers.plain.origin);
    const outcome = await completeLogin(await browser.startLogin('/login?mode=form_post'));
    const page = await deliver(browser, outcome);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(SIGNET_PAGE_CSP);
    const form = relayForm(await page.text(), '/callback');
    expect(form.fields[RELAY_FIELD]).toBe('form_post');
    const res = await browser.post(form.action, form.fields);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ user: expect.objectContaining({ sub: 'alice' }) });
  });

  it('relays a fragment.jwt response through the callback page', async () => {
    const browser = new Browser(servers.plain.origin);
    const outcome = await completeLogin(await browser.startLogin('/login?mode=fragment'));
    if (outcome.kind !== 'redirect') throw new Error('expected a redirect');
    const landing = new URL(outcome.url);
    expect(landing.hash).toMatch(/^#response=/);

    const page = await browser.get(landing.pathname + landing.search);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(SIGNET_PAGE_CSP);
    expect(page.headers.get('cache-control')).toBe('no-store');
    const posted = runFragmentRelay(await page.text(), landing);
    expect(posted.addressBar).toBe(landing.origin + landing.pathname + landing.search);
    expect(posted.fields[RELAY_FIELD]).toBe('fragment');

    const res = await browser.post(posted.action, posted.fields);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ user: expect.objectContaining({ sub: 'alice' }) });
  });

  it("fails with the application's info when verify refuses the user", async () => {
    const browser = new Browser(servers.plain.origin);
    const outcome = await completeLogin(await browser.startLogin('/picky/login'));
    const url = new URL(responseUrl(outcome));
    const res = await browser.get(`/picky/callback${url.search}`);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ refused: { message: 'not on the guest list' } });
  });

  it('turns a verify function that throws into error()', async () => {
    const browser = new Browser(servers.plain.origin);
    const outcome = await completeLogin(await browser.startLogin('/throwing/login'));
    const res = await browser.get(`/throwing/callback${new URL(responseUrl(outcome)).search}`);
    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({ message: 'the user directory is down' });
  });
});

describe('SignetStrategy in Express with express-session', () => {
  it('signs in into the session through successRedirect', async () => {
    const browser = new Browser(servers.session.origin);
    const { response } = await signIn(browser);
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/me');
    expect(browser.cookies.has('connect.sid')).toBe(true);
    const me = await browser.get('/me');
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ sub: 'alice' });
  });

  it('reads a form_post.jwt callback that express.urlencoded() already parsed', async () => {
    const browser = new Browser(servers.session.origin);
    const outcome = await completeLogin(await browser.startLogin('/login?mode=form_post'));
    const form = relayForm(await (await deliver(browser, outcome)).text(), '/callback');
    const res = await browser.post(form.action, form.fields);
    expect(res.status).toBe(302);
    expect((await browser.get('/me')).status).toBe(200);
  });

  it('answers a denied consent with 403 and leaves the session signed out', async () => {
    const browser = new Browser(servers.session.origin);
    const tokens = as.tokenRequests;
    const { response } = await signIn(browser, '/login', true);
    expect(response.status).toBe(403);
    expect(as.tokenRequests).toBe(tokens);
    expect((await browser.get('/me')).status).toBe(401);
  });
});

describe('SignetStrategy in Express with the cookie transaction store', () => {
  it('keeps the pending login in a sealed cookie and clears it on return', async () => {
    const browser = new Browser(servers.cookies.origin);
    const authorizationUrl = await browser.startLogin();
    expect([...browser.cookies.keys()].filter((n) => n.startsWith('signet.tx.'))).toHaveLength(1);
    const res = await deliver(browser, await completeLogin(authorizationUrl));
    expect(res.status).toBe(200);
    expect([...browser.cookies.keys()].filter((n) => n.startsWith('signet.'))).toEqual([]);
  });
});

describe('two tabs signing in at once', () => {
  it.each(['plain', 'session', 'cookies'] as const)('both logins succeed (%s)', async (name) => {
    const browser = new Browser(servers[name].origin);
    const first = await browser.startLogin();
    const second = await browser.startLogin();
    const firstOutcome = await completeLogin(first);
    const secondOutcome = await completeLogin(second);
    // Delivered in the reverse order: neither login overwrote the other.
    const b = await deliver(browser, secondOutcome);
    const a = await deliver(browser, firstOutcome);
    const ok = name === 'session' ? 302 : 200;
    expect([b.status, a.status]).toEqual([ok, ok]);
  });
});

describe('refusals: fail() with the code, and no token request', () => {
  async function refused(deliverTampered: (browser: Browser, outcomeUrl: URL) => Promise<Response>, deny = false) {
    const browser = new Browser(servers.plain.origin);
    const outcome = await completeLogin(await browser.startLogin(), { deny });
    const tokens = as.tokenRequests;
    const res = await deliverTampered(browser, new URL(responseUrl(outcome)));
    expect(as.tokenRequests).toBe(tokens);
    return { status: res.status, body: (await res.json()) as { refused: { code: string; error?: string } } };
  }

  it('refuses a response whose signature was altered', async () => {
    const { status, body } = await refused((browser, url) => {
      const [header, payload, signature] = url.searchParams.get('response')!.split('.');
      const flipped = signature!.slice(0, 10) + (signature![10] === 'A' ? 'B' : 'A') + signature!.slice(11);
      return browser.get(`/callback?response=${header}.${payload}.${flipped}`);
    });
    expect(status).toBe(400);
    expect(body.refused.code).toBe('ERR_JARM_SIGNATURE_INVALID');
  });

  it('refuses an unsigned code and state instead of starting a new login', async () => {
    const { status, body } = await refused((browser) => browser.get('/callback?code=forged&state=forged'));
    expect(status).toBe(400);
    expect(body.refused.code).toBe('ERR_JARM_RESPONSE_MISSING');
  });

  it('refuses unsigned parameters beside the signed response', async () => {
    const { body } = await refused((browser, url) => browser.get(`/callback${url.search}&code=injected`));
    expect(body.refused.code).toBe('ERR_JARM_UNEXPECTED_PARAMETERS');
  });

  it('refuses a response delivered to another browser', async () => {
    const { body } = await refused((_browser, url) => new Browser(servers.plain.origin).get(`/callback${url.search}`));
    expect(body.refused.code).toBe('ERR_STATE_UNKNOWN');
  });

  it('refuses a response delivered twice', async () => {
    const browser = new Browser(servers.plain.origin);
    const outcome = await completeLogin(await browser.startLogin());
    expect((await deliver(browser, outcome)).status).toBe(200);
    const tokens = as.tokenRequests;
    const again = await deliver(browser, outcome);
    expect(again.status).toBe(400);
    expect(((await again.json()) as { refused: { code: string } }).refused.code).toBe('ERR_STATE_UNKNOWN');
    expect(as.tokenRequests).toBe(tokens);
  });

  it('fails a verified access_denied with 403, its code and the AS error', async () => {
    const { status, body } = await refused((browser, url) => browser.get(`/callback${url.search}`), true);
    expect(status).toBe(403);
    expect(body.refused).toEqual({
      code: 'ERR_AUTHORIZATION_ERROR',
      error: 'access_denied',
      message: expect.stringContaining('access_denied'),
    });
    expect(audit).toContainEqual(
      expect.objectContaining({
        type: 'authorization.response',
        outcome: 'refused',
        code: 'ERR_AUTHORIZATION_ERROR',
        error: 'access_denied',
      }),
    );
  });
});

describe('faults: error()', () => {
  it('reports an unreachable authorization server as error(), not as a refused login', async () => {
    const down = await listen();
    const origin = down.origin;
    await down.close();
    const rp = await listen();
    rp.handle(expressApp({ ...clientOptions(rp.origin), issuer: origin }, { session: false }));
    try {
      const res = await new Browser(rp.origin).get('/report/login');
      expect(res.status).toBe(500);
      expect(await res.json()).toMatchObject({ fault: 'ERR_DISCOVERY_FAILED' });
    } finally {
      await rp.close();
    }
  });

  it('reports client options that do not validate as error() on first use, naming the option', async () => {
    const strategy = new SignetStrategy({ ...clientOptions('http://127.0.0.1:1'), signingKeys: [] }, toUser);
    const app = express();
    const authenticator = new passport.Passport();
    authenticator.use(strategy);
    app.get('/login', (req, res, next) =>
      authenticator.authenticate('signet', (err: Error & { code: string }) =>
        res.status(500).json({ fault: err.code, message: err.message }),
      )(req, res, next),
    );
    const rp = await listen();
    rp.handle(app);
    try {
      for (let i = 0; i < 2; i += 1) {
        const res = await new Browser(rp.origin).get('/login');
        expect(await res.json()).toEqual({
          fault: 'ERR_CONFIG_INVALID',
          message: expect.stringMatching(/SignetStrategy "signet" could not create its Signet client: signingKeys/),
        });
      }
      expect(strategy.client()).toBe(strategy.client());
    } finally {
      await rp.close();
    }
  });
});

function responseUrl(outcome: Awaited<ReturnType<typeof completeLogin>>): string {
  if (outcome.kind !== 'redirect') throw new Error('expected a redirect outcome');
  return outcome.url;
}
