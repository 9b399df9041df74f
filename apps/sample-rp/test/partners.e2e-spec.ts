import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateRpKeys, startDevAs, toPublicJwks, type DevAs } from '@signet/dev-as';
import { freePort } from '@signet/redis-store/testing';
import type { ClientMetadata } from 'oidc-provider';
import type { JWK } from 'jose';
import request from 'supertest';
import { createSampleApp } from '../src/bootstrap.js';
import { COOKIE_SECRET } from './support/dev-as.js';
import { startOn } from './support/grant-fixture.js';
import type { Instance } from './support/load-balanced.js';
import { beginLogin, deliver, type Agent } from './support/sample-app.js';

// The sample with its own client (AS A, /login, /callback) and a partner (SIGNET_CLIENTS=bankB: AS B, a second
// real dev-as on its own port, /login/bankB, /callback/bankB), server-side sessions, and back-channel logout
// delivered by each AS to its own endpoint of the listening app.
interface Issuer {
  as: DevAs;
  signingKey: JWK;
}
let port: number;
let a: Issuer;
let b: Issuer;
let app: Instance;

async function issuer(clientId: string, callback: string, backchannel: string): Promise<Issuer> {
  const rp = await generateRpKeys();
  const client: ClientMetadata = {
    client_id: clientId,
    redirect_uris: [`http://127.0.0.1:${port}${callback}`],
    response_types: ['code'],
    grant_types: ['authorization_code'],
    token_endpoint_auth_method: 'private_key_jwt',
    token_endpoint_auth_signing_alg: 'ES256',
    scope: 'openid profile email',
    jwks: toPublicJwks(rp) as ClientMetadata['jwks'],
    id_token_signed_response_alg: 'ES256',
    authorization_signed_response_alg: 'ES256',
    backchannel_logout_uri: `http://127.0.0.1:${port}${backchannel}`,
    backchannel_logout_session_required: true,
  };
  return { as: await startDevAs({ clients: [client] }), signingKey: rp.keys.find((k) => k.use === 'sig')! };
}

function env(extra: Record<string, string> = {}): Record<string, string | undefined> {
  return {
    SIGNET_ISSUER: a.as.issuer,
    SIGNET_CLIENT_ID: 'sample-rp',
    SIGNET_REDIRECT_URI: `http://127.0.0.1:${port}/callback`,
    SIGNET_SIGNING_KEY: JSON.stringify(a.signingKey),
    SIGNET_COOKIE_SECRET: COOKIE_SECRET,
    SIGNET_SCOPE: 'openid profile email',
    SIGNET_STORE: 'memory',
    SIGNET_SESSION_STORE: 'memory',
    SIGNET_ADMIN_SUBJECTS: 'alice',
    SIGNET_CLIENTS: 'bankB',
    SIGNET_BANKB_ISSUER: b.as.issuer,
    SIGNET_BANKB_CLIENT_ID: 'sample-rp-bank-b',
    SIGNET_BANKB_REDIRECT_URI: `http://127.0.0.1:${port}/callback/bankB`,
    SIGNET_BANKB_SIGNING_KEY: JSON.stringify(b.signingKey),
    ...extra,
  };
}

beforeAll(async () => {
  port = await freePort();
  [a, b] = await Promise.all([
    issuer('sample-rp', '/callback', '/backchannel-logout'),
    issuer('sample-rp-bank-b', '/callback/bankB', '/backchannel-logout/bankB'),
  ]);
  app = await startOn(env(), port);
});

afterAll(async () => {
  await app?.close();
  await Promise.all([a?.as.close(), b?.as.close()]);
});

async function signIn(login: string): Promise<Agent> {
  const agent = request.agent(app.origin);
  const callback = await deliver(agent, await beginLogin(agent, { path: login }));
  expect(callback.status).toBe(303);
  return agent;
}

describe('sample-rp with a partner (SIGNET_CLIENTS)', () => {
  it('offers the partner on the home page beside its own sign-in', async () => {
    const home = await request(app.origin).get('/').expect(200);
    expect(home.text).toContain('<a class="button" id="login" href="/login">');
    expect(home.text).toMatch(/<a class="button partner" id="login-bankB" href="\/login\/bankB">/);
  });

  it('signs in with its own client at /login and with the partner at /login/bankB', async () => {
    const own = await signIn('/login');
    expect((await own.get('/me').expect(200)).body).toMatchObject({ sub: 'alice', iss: a.as.issuer });
    expect((await own.get('/me')).body.client).toBeUndefined();
    const partner = await signIn('/login/bankB');
    expect((await partner.get('/me').expect(200)).body).toMatchObject({
      sub: 'alice',
      iss: b.as.issuer,
      client: 'bankB',
    });
    const home = (await partner.get('/').expect(200)).text;
    expect(home).toContain('<dd id="partner">bankB</dd>');
    // The approval log names the partner of each of its records (by issuer and client_id).
    expect(home).toMatch(/<td>sample-rp-bank-b <span class="partner" data-partner="bankB">\(bankB\)<\/span><\/td>/);
    expect(home).toMatch(/<td>sample-rp<\/td>/);
  });

  it("calls the partner's own resource with the partner's grant", async () => {
    const partner = await signIn('/login/bankB');
    const [before, otherBefore] = [b.as.counters.resource, a.as.counters.resource];
    const answer = await partner.get('/api/profile').expect(200);
    expect(answer.body).toMatchObject({ sub: 'alice' });
    expect(b.as.counters.resource).toBe(before + 1);
    expect(a.as.counters.resource).toBe(otherBefore);
  });

  it("refuses the partner's genuine answer at the app's own /callback, with no token request", async () => {
    const agent = request.agent(app.origin);
    const outcome = await beginLogin(agent, { path: '/login/bankB' });
    if (outcome.kind !== 'redirect') throw new Error('expected a redirect');
    const tokens = [a.as.counters.token, b.as.counters.token];
    const refused = await agent.get(`/callback${new URL(outcome.url).search}`).expect(400);
    expect(refused.body.error).toBe('ERR_TRANSACTION_MISMATCH');
    expect([a.as.counters.token, b.as.counters.token]).toEqual(tokens);
    await agent.get('/me').expect(401);
  });

  it('refuses an unknown partner with 404 ERR_CLIENT_UNKNOWN', async () => {
    const refused = await request(app.origin).get('/login/bankZ').expect(404);
    expect(refused.body.error).toBe('ERR_CLIENT_UNKNOWN');
  });

  it("ends only that partner's sessions on a back-channel logout, from either side", async () => {
    const own = await signIn('/login');
    const partner = await signIn('/login/bankB');
    // The same subject name at both servers: A's logout token must not end B's session, nor the reverse.
    expect(await a.as.backchannelLogout('sample-rp', 'alice')).toBeGreaterThan(0);
    await own.get('/me').expect(401);
    await partner.get('/me').expect(200);
    const ownAgain = await signIn('/login');
    expect(await b.as.backchannelLogout('sample-rp-bank-b', 'alice')).toBeGreaterThan(0);
    await partner.get('/me').expect(401);
    await ownAgain.get('/me').expect(200);
  });

  it("signs a partner's session out at /logout without touching the app's own", async () => {
    const own = await signIn('/login');
    const partner = await signIn('/login/bankB');
    await partner.post('/logout?everywhere=1').set('sec-fetch-site', 'same-origin').expect(303);
    await partner.get('/me').expect(401);
    await own.get('/me').expect(200);
  });

  it("stops the boot when a partner's callback is not /callback/<name>, naming the variable and the fix", async () => {
    const error = await createSampleApp(env({ SIGNET_BANKB_REDIRECT_URI: `http://127.0.0.1:${port}/cb` }), {
      logger: false,
    }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toMatch(/^SIGNET_BANKB_REDIRECT_URI path is "\/cb"\. Fix: .*\/callback\/bankB/);
  });
});
