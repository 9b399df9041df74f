import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { completeLogin } from '@signet/dev-as/testing';
import request from 'supertest';
import { createApp } from '../support/create-app.js';
import { PartnersModule } from './app.module.js';
import { startPartner, type Partner } from './partners.js';

// Partner B's key endpoint alone is down (dev-as failJwks: discovery, PAR and its login pages still answer). A
// response from B cannot be verified: B's callback refuses it with its code and no token request, while partner A,
// with its own JWKS cache, keeps signing in through the same app.
let a: Partner;
let b: Partner;
let app: INestApplication;

beforeAll(async () => {
  [a, b] = await Promise.all([
    startPartner([['bank-a-client', '/callback/bankA']]),
    startPartner([['bank-b-client', '/partner-b/callback']]),
  ]);
  const [clientA] = a.clients;
  const [clientB] = b.clients;
  app = await createApp(
    PartnersModule.forRoot({
      clients: {
        bankA: { issuer: a.as.issuer, ...clientA!, signingKeys: clientA!.signingKey },
        bankB: { issuer: b.as.issuer, ...clientB!, signingKeys: clientB!.signingKey },
      },
      cookieSecret: 'a-test-cookie-secret-of-at-least-32-chars',
      logger: false,
    }),
    'express',
  );
});

afterAll(async () => {
  await app?.close();
  await Promise.all([a?.as.close(), b?.as.close()]);
});

async function answer(agent: ReturnType<typeof request.agent>, login: string): Promise<string> {
  const started = await agent.get(login).expect(302);
  const outcome = await completeLogin(started.headers.location!);
  if (outcome.kind !== 'redirect') throw new Error('expected a redirect to the callback');
  const back = new URL(outcome.url);
  return back.pathname + back.search;
}

describe("partner B's JWKS down", () => {
  it("refuses B's callback with ERR_JWKS_FETCH_FAILED and no token request, while A keeps signing in", async () => {
    b.as.failJwks(503);
    const agentB = request.agent(app.getHttpServer());
    const callbackB = await answer(agentB, '/login/bankB');
    const refused = await agentB.get(callbackB).expect(503);
    expect(refused.body.error).toBe('ERR_JWKS_FETCH_FAILED');
    expect(b.as.counters.token).toBe(0);
    await agentB.get('/me').expect(401);

    const agentA = request.agent(app.getHttpServer());
    await agentA.get(await answer(agentA, '/login/bankA')).expect(303);
    expect((await agentA.get('/me').expect(200)).body).toEqual({ sub: 'alice', iss: a.as.issuer, client: 'bankA' });
    expect(a.as.counters.token).toBe(1);
  });
});
