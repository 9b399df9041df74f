import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import express, { type NextFunction, type Request, type Response as ExpressResponse } from 'express';
import passport from 'passport';
import { startDevAs, type DevAs } from '@signet/dev-as';
import { completeLogin } from '@signet/dev-as/testing';
import { MemoryReplayRegister, MemoryTransactionStore, SignetClients } from '@signet/core';
import { SignetStrategy } from '../src/index.js';
import { Browser, deliver, listen } from './support/browser.js';
import { makeClient } from '../../../tools/test-kit/clients.js';

// Several partners through Passport: one strategy per partner, named after it, each holding that partner's client
// from core's SignetClients (its own issuer, client_id, keys and redirect URI), all on one transaction store. Two
// real dev-as issuers; the mix-up (A's answer at B's callback) is refused by core before any token request.
let server: Awaited<ReturnType<typeof listen>>;
const issuers: Record<'bankA' | 'bankB', DevAs> = {} as never;

beforeAll(async () => {
  server = await listen();
  const partners = new SignetClients();
  const shared = {
    store: new MemoryTransactionStore(),
    replayRegister: new MemoryReplayRegister(),
    logger: false as const,
  };
  const app = express();
  const authenticator = new passport.Passport();
  app.use(authenticator.initialize());
  for (const name of ['bankA', 'bankB'] as const) {
    const redirectUri = `${server.origin}/${name}/callback`;
    const registered = await makeClient(`${name}-client`, 'ES256', { redirectUris: [redirectUri] });
    issuers[name] = await startDevAs({ clients: [registered.metadata as never] });
    const client = await partners.register(name, {
      issuer: issuers[name].issuer,
      clientId: registered.clientId,
      redirectUri,
      signingKeys: [registered.signingKey],
      ...shared,
    });
    // One client per strategy name.
    authenticator.use(
      new SignetStrategy({ client, name }, (result, done) => done(null, { sub: result.subject, partner: name })),
    );
    app.get(`/${name}/login`, authenticator.authenticate(name));
    app.all(`/${name}/callback`, (req: Request, res: ExpressResponse, next: NextFunction) =>
      authenticator.authenticate(
        name,
        { session: false },
        (err: Error | null, user: unknown, info: unknown, status?: number) => {
          if (err) return res.status(500).json({ fault: (err as { code?: string }).code ?? 'unknown' });
          if (!user) return res.status(status ?? 401).json({ refused: info });
          res.json({ user });
        },
      )(req, res, next),
    );
  }
  server.handle(app);
});

afterAll(async () => {
  await server?.close();
  await Promise.all(Object.values(issuers).map((as) => as?.close()));
});

function tokenRequests(): [number, number] {
  return [issuers.bankA.counters.token, issuers.bankB.counters.token];
}

describe('two partners, one SignetStrategy per partner name', () => {
  it.each(['bankA', 'bankB'] as const)('signs in with %s through its own strategy and callback', async (name) => {
    const browser = new Browser(server.origin);
    const outcome = await completeLogin(await browser.startLogin(`/${name}/login`));
    const answer = await deliver(browser, outcome);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ user: { sub: 'alice', partner: name } });
  });

  it.each([
    ['bankA', 'bankB'],
    ['bankB', 'bankA'],
  ] as const)(
    "refuses the answer to a login begun with %s at %s's callback, with no token request",
    async (begunWith, other) => {
      const browser = new Browser(server.origin);
      const outcome = await completeLogin(await browser.startLogin(`/${begunWith}/login`));
      if (outcome.kind !== 'redirect') throw new Error('expected a redirect');
      const before = tokenRequests();
      const refused = await browser.get(`/${other}/callback${new URL(outcome.url).search}`);
      expect(refused.status).toBe(400);
      expect(((await refused.json()) as { refused: { code: string } }).refused.code).toBe('ERR_TRANSACTION_MISMATCH');
      expect(tokenRequests()).toEqual(before);
    },
  );
});
