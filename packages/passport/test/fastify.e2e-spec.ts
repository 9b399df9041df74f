import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fastifyPassport from '@fastify/passport';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { startDevAs, type DevAs } from '@signet/dev-as';
import { completeLogin } from '@signet/dev-as/testing';
import { MemoryTransactionStore, type SignetClientOptions } from '@signet/core';
import { RELAY_FIELD, SIGNET_PAGE_CSP } from '@signet/core/http';
import { relayForm, runFragmentRelay } from '../../../tools/test-kit/relay-page.js';
import { SignetStrategy } from '../src/index.js';
import { signetFastify } from '../src/fastify.js';
import { Browser, deliver, listen } from './support/browser.js';
import { makeClient, type TestClient } from '../../../tools/test-kit/clients.js';

// The strategy in a plain Fastify app under @fastify/passport, against dev-as over real HTTP.
let as: DevAs;
let client: TestClient;
let servers: Array<Awaited<ReturnType<typeof listen>>> = [];
let apps: FastifyInstance[] = [];
let origin: string;
let bareOrigin: string;

const { Authenticator } = fastifyPassport;

function clientOptions(redirectOrigin: string): SignetClientOptions {
  return {
    issuer: as.issuer,
    clientId: client.clientId,
    redirectUri: `${redirectOrigin}/callback`,
    signingKeys: [client.signingKey],
    store: new MemoryTransactionStore(),
  };
}

/** Every outcome as JSON, so tests read what the strategy gave success(), fail() or error(). */
const report = (authenticator: InstanceType<typeof Authenticator>, name = 'signet') =>
  function (this: FastifyInstance, request: FastifyRequest, reply: FastifyReply) {
    return authenticator
      .authenticate(name, { session: false }, async (_req, res, err, user, info, status) => {
        const code = (err as (Error & { code?: string }) | null)?.code;
        if (err) return void res.code(500).send({ fault: code ?? 'unknown', message: err.message });
        if (!user) return void res.code(status ?? 401).send({ refused: info });
        // The app's own cookie, as a session plugin would set it: the strategy's cookies must survive beside it.
        res.header('set-cookie', 'app.session=signed-in; Path=/; HttpOnly').send({ user });
      })
      .call(this, request, reply);
  };

/** A Fastify app as the README shows it; `withPlugin: false` leaves signetFastify out. */
async function fastifyApp(options: SignetClientOptions, withPlugin: boolean): Promise<FastifyInstance> {
  const instance = Fastify();
  // The exact bytes of a form_post reach core, which parses them (a repeated field stays visible).
  instance.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) =>
    done(null, body),
  );
  // No session plugin: the pending login lives in core's store. @fastify/passport's flash plugin only checks
  // that a `session` decorator exists, and nothing reads it with `session: false` and a callback.
  instance.decorateRequest('session', null);
  const authenticator = new Authenticator();
  await instance.register(authenticator.initialize());
  if (withPlugin) await instance.register(signetFastify);
  authenticator.use(
    new SignetStrategy(
      {
        ...options,
        authorizationParameters: (req) => {
          const mode = (req as unknown as FastifyRequest<{ Querystring: { mode?: string } }>).query.mode;
          return mode === 'form_post'
            ? { responseMode: 'form_post.jwt' }
            : mode === 'fragment'
              ? { responseMode: 'fragment.jwt' }
              : {};
        },
      },
      (result, done) => done(null, { sub: result.subject, scope: result.tokens.scope }),
    ),
  );
  authenticator.use(
    new SignetStrategy({ ...options, name: 'picky' }, (_result, done) =>
      done(null, false, { message: 'not on the guest list' }),
    ),
  );
  instance.get('/login', { preValidation: authenticator.authenticate('signet', { scope: 'openid profile' }) }, () => {
    throw new Error('the strategy answers /login itself');
  });
  instance.get('/report/login', report(authenticator));
  instance.get('/picky/login', report(authenticator, 'picky'));
  instance.get('/picky/callback', report(authenticator, 'picky'));
  instance.route({ method: ['GET', 'POST', 'HEAD', 'PUT'], url: '/callback', handler: report(authenticator) });
  await instance.ready();
  return instance;
}

beforeAll(async () => {
  // The AS must know the redirect URIs, hence the ports, before the apps exist: listen first, route later.
  servers = [await listen(), await listen()];
  [origin, bareOrigin] = servers.map((s) => s.origin) as [string, string];
  client = await makeClient('passport-fastify', 'ES256', {
    redirectUris: [`${origin}/callback`, `${origin}/picky/callback`, `${bareOrigin}/callback`],
  });
  as = await startDevAs({ clients: [client.metadata as never] });
  apps = [await fastifyApp(clientOptions(origin), true), await fastifyApp(clientOptions(bareOrigin), false)];
  // fastify.routing is Fastify's own request handler: the whole lifecycle (hooks, parsers) on our server.
  servers.forEach((server, i) => server.handle((req, res) => apps[i]!.routing(req, res)));
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await Promise.all(apps.map((a) => a.close()));
  await as?.close();
});

const urlOf = (outcome: Awaited<ReturnType<typeof completeLogin>>) => {
  if (outcome.kind !== 'redirect') throw new Error('expected a redirect outcome');
  return new URL(outcome.url);
};

describe('SignetStrategy under @fastify/passport', () => {
  it('starts with a pushed, signed request and signs in with a verified JARM response', async () => {
    const browser = new Browser(origin);
    const authorizationUrl = await browser.startLogin('/login');
    expect(new URL(authorizationUrl).origin).toBe(as.issuer);
    expect([...new URL(authorizationUrl).searchParams.keys()].sort()).toEqual(['client_id', 'request_uri']);
    expect([...browser.cookies.keys()].filter((n) => n.startsWith('signet.b.'))).toHaveLength(1);
    const res = await deliver(browser, await completeLogin(authorizationUrl));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ user: { sub: 'alice', scope: expect.stringContaining('profile') } });
    // The binding cookie is cleared through the reply, beside the cookie the app set on the same reply.
    expect([...browser.cookies.keys()].filter((n) => n.startsWith('signet.b.'))).toEqual([]);
    expect(browser.cookies.get('app.session')).toBe('signed-in');
  });

  it('answers the start with 303 and Cache-Control: no-store', async () => {
    const res = await new Browser(origin).get('/login');
    expect(res.status).toBe(303);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('reads a cross-site form_post.jwt through the same-origin relay page', async () => {
    const browser = new Browser(origin);
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
    const browser = new Browser(origin);
    const landing = urlOf(await completeLogin(await browser.startLogin('/login?mode=fragment')));
    const page = await browser.get(landing.pathname + landing.search);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    const posted = runFragmentRelay(await page.text(), landing);
    expect(posted.fields[RELAY_FIELD]).toBe('fragment');
    const res = await browser.post(posted.action, posted.fields);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ user: expect.objectContaining({ sub: 'alice' }) });
  });

  it("fails with the application's info when verify refuses the user", async () => {
    const browser = new Browser(origin);
    const back = urlOf(await completeLogin(await browser.startLogin('/picky/login')));
    const res = await browser.get(`/picky/callback${back.search}`);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ refused: { message: 'not on the guest list' } });
  });
});

describe('refusals under @fastify/passport: fail() with the code, and no token request', () => {
  async function refused(send: (browser: Browser, back: URL) => Promise<Response>, deny = false) {
    const browser = new Browser(origin);
    const back = urlOf(await completeLogin(await browser.startLogin('/login'), { deny }));
    const tokens = as.tokenRequests;
    const res = await send(browser, back);
    expect(as.tokenRequests).toBe(tokens);
    return { status: res.status, headers: res.headers, body: (await res.json()) as { refused: { code: string } } };
  }

  it('refuses a response whose signature was altered', async () => {
    const { status, body } = await refused((browser, back) => {
      const [header, payload, signature] = back.searchParams.get('response')!.split('.');
      const flipped = signature!.slice(0, 10) + (signature![10] === 'A' ? 'B' : 'A') + signature!.slice(11);
      return browser.get(`/callback?response=${header}.${payload}.${flipped}`);
    });
    expect([status, body.refused.code]).toEqual([400, 'ERR_JARM_SIGNATURE_INVALID']);
  });

  it('refuses a response delivered to another browser', async () => {
    const { status, body } = await refused((_browser, back) => new Browser(origin).get(`/callback${back.search}`));
    expect([status, body.refused.code]).toEqual([400, 'ERR_STATE_UNKNOWN']);
  });

  it('refuses a PUT to the callback with 405 and an Allow header', async () => {
    const { status, headers, body } = await refused((browser, back) =>
      fetch(new URL(`/callback${back.search}`, origin), {
        method: 'PUT',
        headers: { cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      }),
    );
    expect([status, body.refused.code]).toEqual([405, 'ERR_CALLBACK_METHOD_NOT_ALLOWED']);
    expect(headers.get('allow')).toBe('GET, POST');
  });

  it('fails a verified access_denied with 403, its code and the AS error', async () => {
    const { status, body } = await refused((browser, back) => browser.get(`/callback${back.search}`), true);
    expect(status).toBe(403);
    expect(body.refused).toEqual({
      code: 'ERR_AUTHORIZATION_ERROR',
      error: 'access_denied',
      message: expect.stringContaining('access_denied'),
    });
  });
});

describe('a Fastify app without the signetFastify plugin', () => {
  it('refuses to start a login with ERR_ADAPTER_INVALID, naming the plugin, and sets no cookie', async () => {
    const browser = new Browser(bareOrigin);
    const res = await browser.get('/report/login');
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({
      fault: 'ERR_ADAPTER_INVALID',
      message: expect.stringContaining('app.register(signetFastify)'),
    });
    expect(browser.cookies.size).toBe(0);
  });
});
