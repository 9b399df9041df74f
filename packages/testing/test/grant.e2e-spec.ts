// After the callback, against the test AS: refresh with rotation (a used refresh token is dead), DPoP-bound
// userinfo, revocation and RP-initiated logout, driven by core's server-side sessions.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MemorySessionStore, SignetSessions, type SignetClient } from '@signet/core';
import { MemoryCookieJar } from '../../../tools/test-kit/cookie-jar.js';
import { callbackInputOf, startTestAuthorizationServer, type TestAuthorizationServer } from '../src/index.js';
import { clientFor } from './support/signet-client.js';

describe('the grant at the test AS', () => {
  let as: TestAuthorizationServer;
  let client: SignetClient;
  let sessions: SignetSessions;

  beforeAll(async () => {
    as = await startTestAuthorizationServer({ requireDpop: true });
    client = await clientFor(as, { dpop: { perSession: true }, scope: 'openid profile email' });
    // refreshSkew above the AS's 300 s token lifetime: every use of the grant refreshes it first.
    sessions = await SignetSessions.create(client, {
      store: new MemorySessionStore(),
      secrets: 'grant-test-secret-0123456789abcdef-0123',
      refreshSkew: 600,
      userinfo: true,
    });
  });
  afterAll(() => as.close());

  async function session() {
    const cookies = new MemoryCookieJar();
    const { url } = await client.authorize({}, { cookies });
    return sessions.start(await client.callback(callbackInputOf(await as.authorize(url)), { cookies }));
  }

  it('answers userinfo for a DPoP-bound token presented with a proof of its key', async () => {
    as.reset();
    const view = await session();
    expect(as.counts.userinfo).toBe(1);
    expect(view.claims).toMatchObject({ name: 'Alice Example', email: 'alice@example.test' });
  });

  it('rotates the refresh token on each refresh (Signet presents the new one)', async () => {
    const view = await session();
    as.reset();
    const first = await sessions.accessToken(view);
    const second = await sessions.accessToken(view);
    expect(first).not.toBe(second);
    expect(as.counts.refresh).toBe(2);
    // The second refresh presented the token the first one returned: the AS rotated it (a used one is dead there).
    const presented = as.tokenRequests.map((form) => form.get('refresh_token'));
    expect(new Set(presented).size).toBe(2);
  });

  it('revokes the grant at sign-out and offers the end-session URL', async () => {
    const view = await session();
    as.reset();
    const outcome = await sessions.logout(view);
    expect(outcome).toMatchObject({ ended: true, revoked: true });
    expect(outcome.endSessionUrl?.startsWith(`${as.issuer}/logout?`)).toBe(true);
    expect(as.counts.revocation).toBe(1);
  });
});
