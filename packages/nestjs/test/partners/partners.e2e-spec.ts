import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { CookieTransactionStore, SignetError } from '@signet/core';
import { completeLogin } from '@signet/dev-as/testing';
import request from 'supertest';
import { SignetClientsService, type SignetClientsModuleOptions } from '../../src/index.js';
import { createApp, type Platform } from '../support/create-app.js';
import { PartnersModule } from './app.module.js';
import { craftedBy, startPartner, type Partner } from './partners.js';

// Two partners in one Nest app, through real HTTP: two real dev-as issuers on their own ports, one named client of
// each (bankA at /callback/bankA, bankB at /partner-b/callback), and a third client (bankC, a second registration
// at A's server) registered at runtime. The mix-up attack must be refused at the callback before any key lookup,
// with no token request to either server.
const SECRET = 'a-test-cookie-secret-of-at-least-32-chars';
let a: Partner;
let b: Partner;
let bStopped = false;

beforeAll(async () => {
  [a, b] = await Promise.all([
    startPartner([
      ['bank-a-client', '/callback/bankA'],
      ['bank-c-client', '/callback/bankC'],
    ]),
    startPartner([['bank-b-client', '/partner-b/callback']]),
  ]);
});

afterAll(async () => {
  await Promise.all([a?.as.close(), bStopped ? undefined : b?.as.close()]);
});

function options(extra: Partial<SignetClientsModuleOptions> = {}): SignetClientsModuleOptions {
  const [clientA] = a.clients;
  const [clientB] = b.clients;
  return {
    clients: {
      bankA: { issuer: a.as.issuer, ...clientA!, signingKeys: clientA!.signingKey, scope: 'openid profile' },
      bankB: { issuer: b.as.issuer, ...clientB!, signingKeys: clientB!.signingKey },
    },
    cookieSecret: SECRET,
    logger: false,
    ...extra,
  };
}

function tokenRequests(): [number, number] {
  return [a.as.counters.token, b.as.counters.token];
}

function pathOf(url: string): string {
  const parsed = new URL(url);
  return parsed.pathname + parsed.search;
}

async function authorizationResponse(agent: ReturnType<typeof request.agent>, login: string): Promise<string> {
  const started = await agent.get(login).expect(302);
  const outcome = await completeLogin(started.headers.location!);
  if (outcome.kind !== 'redirect') throw new Error('expected a redirect to the callback');
  return outcome.url;
}

// Express with core's default store shared by the partners (forRoot); Fastify with the cookie store (forRootAsync).
const SCENARIOS: Array<[Platform, 'forRoot' | 'forRootAsync']> = [
  ['express', 'forRoot'],
  ['fastify', 'forRootAsync'],
];

describe.each(SCENARIOS)('named clients on %s (%s)', (platform, form) => {
  let app: INestApplication;
  let clients: SignetClientsService;

  beforeAll(async () => {
    const configured =
      form === 'forRoot'
        ? options()
        : options({ store: new CookieTransactionStore({ secrets: SECRET }), responseMode: 'query.jwt' });
    app = await createApp(PartnersModule[form](configured), platform);
    clients = app.get(SignetClientsService);
  });

  afterAll(async () => {
    await app?.close();
  });

  it.each([
    ['bankA', '/login/bankA', '/callback/bankA'],
    ['bankB', '/login/bank-b', '/partner-b/callback'],
    ['bankB', '/login/bankB', '/partner-b/callback'],
  ])(
    'signs in with %s through %s at its own callback, and the session names the partner',
    async (name, login, path) => {
      const agent = request.agent(app.getHttpServer());
      const back = await authorizationResponse(agent, login);
      expect(new URL(back).pathname).toBe(path);
      await agent.get(pathOf(back)).expect(303);
      const me = await agent.get('/me').expect(200);
      const partner = name === 'bankA' ? a : b;
      expect(me.body).toEqual({ sub: 'alice', iss: partner.as.issuer, client: name });
    },
  );

  it.each([
    ['bankA', '/login/bankA', '/partner-b/callback'],
    ['bankB', '/login/bank-b', '/callback/bankA'],
  ])(
    "refuses the genuine answer to a login begun with %s (%s) at the other partner's callback %s, before any key lookup",
    async (_begunWith, login, otherCallback) => {
      const agent = request.agent(app.getHttpServer());
      const back = new URL(await authorizationResponse(agent, login));
      const before = tokenRequests();
      const jwksBefore = [clients.get('bankA').stats.jwksFetches, clients.get('bankB').stats.jwksFetches];
      const refused = await agent.get(otherCallback + back.search).expect(400);
      expect(refused.body.error).toBe('ERR_TRANSACTION_MISMATCH');
      expect(tokenRequests()).toEqual(before);
      expect([clients.get('bankA').stats.jwksFetches, clients.get('bankB').stats.jwksFetches]).toEqual(jwksBefore);
      expect(refused.headers['set-cookie'] ?? []).not.toEqual(
        expect.arrayContaining([expect.stringMatching(/^signet\.session=[^;]/)]),
      );
      await agent.get('/me').expect(401);
    },
  );

  it("refuses, at A's callback, a response crafted by B's server with its real key (ERR_JARM_ISSUER_INVALID)", async () => {
    const agent = request.agent(app.getHttpServer());
    const back = new URL(await authorizationResponse(agent, '/login/bankA'));
    const state = await stateOf(back);
    const before = tokenRequests();
    const jwksBefore = clients.get('bankA').stats.jwksFetches;
    const response = await craftedBy(b, { aud: a.clients[0]!.clientId, state });
    const refused = await agent.get(`/callback/bankA?response=${response}`).expect(400);
    expect(refused.body.error).toBe('ERR_JARM_ISSUER_INVALID');
    expect(clients.get('bankA').stats.jwksFetches).toBe(jwksBefore);
    expect(tokenRequests()).toEqual(before);
  });

  it.each(['/login/bankZ', '/callback/bankZ?response=x', '/login/__proto__'])(
    'refuses an unknown partner at %s with 404 ERR_CLIENT_UNKNOWN, before any request to a server',
    async (path) => {
      const parBefore = [a.as.counters.par, b.as.counters.par];
      const refused = await request(app.getHttpServer()).get(path).set('accept', 'application/json').expect(404);
      expect(refused.body.error).toBe('ERR_CLIENT_UNKNOWN');
      expect([a.as.counters.par, b.as.counters.par]).toEqual(parBefore);
    },
  );

  it('refuses a login route that names no partner when the app has named partners only', async () => {
    const refused = await request(app.getHttpServer()).get('/unnamed-login').expect(404);
    expect(refused.body).toMatchObject({
      error: 'ERR_CLIENT_UNKNOWN',
      message: expect.stringContaining('names no client'),
    });
  });

  it('registers a third partner at runtime, validated, and signs in with it at its own callback', async () => {
    const clientC = a.clients[1]!;
    expect(clients.has('bankC')).toBe(false);
    const invalid = await clients
      .register('bankC', {
        issuer: 'not a url',
        clientId: clientC.clientId,
        redirectUri: clientC.redirectUri,
        signingKeys: clientC.signingKey,
      })
      .then(
        () => undefined,
        (e: unknown) => e as { code: string; message: string },
      );
    expect(invalid).toMatchObject({
      code: 'ERR_CONFIG_INVALID',
      message: expect.stringMatching(/^clients\.bankC: .*issuer/),
    });
    const taken = await clients
      .register('bankC', {
        issuer: a.as.issuer,
        clientId: clientC.clientId,
        redirectUri: a.clients[0]!.redirectUri,
        signingKeys: clientC.signingKey,
      })
      .then(
        () => undefined,
        (e: unknown) => e as { code: string; message: string },
      );
    expect(taken).toMatchObject({ code: 'ERR_CONFIG_INVALID', message: expect.stringContaining('"bankA"') });
    expect(clients.has('bankC')).toBe(false);

    await clients.register('bankC', {
      issuer: a.as.issuer,
      clientId: clientC.clientId,
      redirectUri: clientC.redirectUri,
      signingKeys: clientC.signingKey,
    });
    expect(clients.names()).toEqual(['bankA', 'bankB', 'bankC']);
    const agent = request.agent(app.getHttpServer());
    const back = await authorizationResponse(agent, '/login/bankC');
    await agent.get(pathOf(back)).expect(303);
    expect((await agent.get('/me').expect(200)).body).toEqual({ sub: 'alice', iss: a.as.issuer, client: 'bankC' });
    // Its public keys join the app's JWKS beside the others'.
    const jwks = await request(app.getHttpServer()).get('/.well-known/jwks.json').expect(200);
    expect(jwks.body.keys.map((k: { kid: string }) => k.kid)).toEqual(
      expect.arrayContaining([a.clients[0]!.signingKey.kid, b.clients[0]!.signingKey.kid, clientC.signingKey.kid]),
    );
  });

  it("answers another method at a partner's callback with 405 ERR_CALLBACK_METHOD_NOT_ALLOWED (httpRefusals)", async () => {
    const refused = await request(app.getHttpServer()).put('/partner-b/callback').expect(405);
    expect(refused.body.error).toBe('ERR_CALLBACK_METHOD_NOT_ALLOWED');
  });

  if (form === 'forRoot')
    it('injects a named client with @InjectSignetClient(name)', async () => {
      const injected = await request(app.getHttpServer()).get('/injected/bank-a').expect(200);
      expect(injected.body).toEqual({ issuer: a.as.issuer });
    });
});

/** The state a login carries, read from the genuine response's unverified payload (the test plays the attacker). */
async function stateOf(back: URL): Promise<string> {
  const jwt = back.searchParams.get('response')!;
  return JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()).state as string;
}

describe('named clients at boot', () => {
  async function bootRefusal(configured: SignetClientsModuleOptions): Promise<SignetError> {
    const error = await Test.createTestingModule({ imports: [PartnersModule.forRoot(configured)] })
      .compile()
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(SignetError);
    return error as SignetError;
  }

  it('refuses an empty set of clients', async () => {
    const error = await bootRefusal({ ...options(), clients: {} });
    expect(error).toMatchObject({ code: 'ERR_CONFIG_INVALID', field: 'clients' });
  });

  it("refuses a partner's bad option, naming the partner and the option", async () => {
    const configured = options();
    configured.clients['bankB'] = { ...configured.clients['bankB']!, usePar: false };
    const error = await bootRefusal(configured);
    expect(error.code).toBe('ERR_CONFIG_INVALID');
    expect(error.message).toMatch(/^clients\.bankB: usePar/);
  });

  it('refuses two partners sharing one redirect URI', async () => {
    const configured = options();
    configured.clients['bankB'] = { ...configured.clients['bankB']!, redirectUri: a.clients[0]!.redirectUri };
    const error = await bootRefusal(configured);
    expect(error).toMatchObject({ code: 'ERR_CONFIG_INVALID', field: 'redirectUri' });
    expect(error.message).toContain('"bankA"');
  });
});

describe('named clients from the environment (SIGNET_CLIENTS)', () => {
  function env(extra: Record<string, string> = {}): Record<string, string> {
    const [clientA] = a.clients;
    const [clientB] = b.clients;
    return {
      SIGNET_CLIENTS: 'bankA,bankB',
      SIGNET_COOKIE_SECRET: SECRET,
      SIGNET_STORE: 'memory',
      SIGNET_SCOPE: 'openid email',
      SIGNET_BANKA_ISSUER: a.as.issuer,
      SIGNET_BANKA_CLIENT_ID: clientA!.clientId,
      SIGNET_BANKA_REDIRECT_URI: clientA!.redirectUri,
      SIGNET_BANKA_SIGNING_KEY: JSON.stringify(clientA!.signingKey),
      SIGNET_BANKB_ISSUER: b.as.issuer,
      SIGNET_BANKB_CLIENT_ID: clientB!.clientId,
      SIGNET_BANKB_REDIRECT_URI: clientB!.redirectUri,
      SIGNET_BANKB_SIGNING_KEY: JSON.stringify(clientB!.signingKey),
      ...extra,
    };
  }

  it('signs in with each partner configured from its own variables', async () => {
    const app = await createApp(
      PartnersModule.forEnvironment(env({ SIGNET_BANKA_SCOPE: 'openid profile' })),
      'express',
    );
    try {
      const clients = app.get(SignetClientsService);
      expect(clients.names()).toEqual(['bankA', 'bankB']);
      expect(clients.get('bankB').settings.clientId).toBe(b.clients[0]!.clientId);
      for (const [name, login, partner] of [
        ['bankA', '/login/bankA', a],
        ['bankB', '/login/bank-b', b],
      ] as const) {
        const agent = request.agent(app.getHttpServer());
        const back = await authorizationResponse(agent, login);
        await agent.get(pathOf(back)).expect(303);
        expect((await agent.get('/me').expect(200)).body).toEqual({
          sub: 'alice',
          iss: partner.as.issuer,
          client: name,
        });
      }
      // A's request used its own scope, B's the plain SIGNET_SCOPE.
      expect(clients.get('bankA').settings.scope).toBe('openid profile');
      expect(clients.get('bankB').settings.scope).toBe('openid email');
    } finally {
      await app.close();
    }
  });

  it('adds the plain client variables as the unnamed client beside the partners', async () => {
    const clientC = a.clients[1]!;
    const variables = env({
      SIGNET_ISSUER: a.as.issuer,
      SIGNET_CLIENT_ID: clientC.clientId,
      SIGNET_REDIRECT_URI: clientC.redirectUri,
      SIGNET_SIGNING_KEY: JSON.stringify(clientC.signingKey),
    });
    const app = await createApp(PartnersModule.forEnvironment(variables), 'express');
    try {
      expect(app.get(SignetClientsService).names()).toEqual(['default', 'bankA', 'bankB']);
      const parBefore = a.as.counters.par;
      const started = await request(app.getHttpServer()).get('/unnamed-login').expect(302);
      expect(new URL(started.headers.location!).searchParams.get('client_id')).toBe(clientC.clientId);
      expect(a.as.counters.par).toBe(parBefore + 1);
    } finally {
      await app.close();
    }
  });

  it("enforces each partner's own policy file: A's refuses an unreviewed scope, B is not touched", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'signet-partners-policy-'));
    const policyFile = join(dir, 'bank-a.yaml');
    await writeFile(
      policyFile,
      [
        'version: 1',
        'clients:',
        `  ${a.clients[0]!.clientId}:`,
        '    owner: { team: Partners, contact: partners@example.com }',
        '    purpose: bank A sign-in',
        '    reviewedScopes: [openid]',
        '    reviewBy: 2099-12-31',
        '',
      ].join('\n'),
    );
    try {
      // A's default scope holds a scope A's policy never reviewed: the boot stops, naming A's client.
      const error = await bootRefusal(
        env({ SIGNET_BANKA_POLICY_FILE: policyFile, SIGNET_BANKA_SCOPE: 'openid email' }),
      );
      expect(error.code).toBe('ERR_POLICY_SCOPE_NOT_REVIEWED');
      expect(error.message).toContain('"bank-a-client"');
      // The partner first, then the variable of the option to fix (not only the client_id).
      expect(error.message).toMatch(
        /^clients\.bankA: SIGNET_BANKA_SCOPE: "email" of the default scope was not reviewed/,
      );
      expect(error.message).toContain('Fix: review it');
      // B pointed at A's file: B has no entry there; the boot names B, B's policy variable and the fix.
      const unknown = await bootRefusal(env({ SIGNET_BANKB_POLICY_FILE: policyFile }));
      expect(unknown.code).toBe('ERR_POLICY_CLIENT_UNKNOWN');
      expect(unknown.message).toMatch(
        /^clients\.bankB: SIGNET_BANKB_POLICY_FILE: client "bank-b-client" has no entry\. Fix: add/,
      );
      // Within A's policy, A signs in; B, with no policy of its own, keeps its wider scope.
      const app = await createApp(
        PartnersModule.forEnvironment(env({ SIGNET_BANKA_POLICY_FILE: policyFile, SIGNET_BANKA_SCOPE: 'openid' })),
        'express',
      );
      try {
        const clients = app.get(SignetClientsService);
        expect(clients.get('bankB').settings.scope).toBe('openid email');
        for (const login of ['/login/bankA', '/login/bank-b']) {
          const agent = request.agent(app.getHttpServer());
          await agent.get(pathOf(await authorizationResponse(agent, login))).expect(303);
        }
      } finally {
        await app.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  async function bootRefusal(variables: Record<string, string>): Promise<SignetError> {
    const error = await Test.createTestingModule({ imports: [PartnersModule.forEnvironment(variables)] })
      .compile()
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(SignetError);
    return error as SignetError;
  }

  it("stops the boot on a partner's value core refuses, naming the partner and its variable", async () => {
    const error = await bootRefusal(env({ SIGNET_BANKB_USE_PAR: 'false' }));
    expect(error.code).toBe('ERR_CONFIG_INVALID');
    expect(error.message).toMatch(/^clients\.bankB: SIGNET_BANKB_USE_PAR: FAPI 2\.0 requires PAR/);
  });

  it('stops the boot when a partner lacks its redirect URI, naming the variable and the fix', async () => {
    const { SIGNET_BANKB_REDIRECT_URI: _missing, ...variables } = env();
    const error = await bootRefusal(variables);
    expect(error.message).toMatch(
      /^clients\.bankB: SIGNET_BANKB_REDIRECT_URI is not set\. Fix: set SIGNET_BANKB_REDIRECT_URI/,
    );
  });

  it("stops the boot on a partner's unreadable policy file, naming its variable", async () => {
    const error = await bootRefusal(env({ SIGNET_BANKA_POLICY_FILE: '/nonexistent/policy.yaml' }));
    expect(error.message).toMatch(/^clients\.bankA: SIGNET_BANKA_POLICY_FILE/);
  });
});

// Last: stops B's server for good.
describe("partner B's server down", () => {
  it('keeps partner A signing in while B cannot even start a login', async () => {
    const app = await createApp(PartnersModule.forRoot(options()), 'express');
    try {
      bStopped = true;
      await b.as.close();
      const refused = await request(app.getHttpServer()).get('/login/bank-b').expect(503);
      expect(refused.body.error).toBe('ERR_DISCOVERY_FAILED');
      const agent = request.agent(app.getHttpServer());
      const back = await authorizationResponse(agent, '/login/bankA');
      await agent.get(pathOf(back)).expect(303);
      expect((await agent.get('/me').expect(200)).body.client).toBe('bankA');
    } finally {
      await app.close();
    }
  });
});
