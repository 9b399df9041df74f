import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startDevAs, type DevAs } from '@signet/dev-as';
import { completeLogin } from '@signet/dev-as/testing';
import {
  MemorySessionStore,
  SignetClient,
  SignetError,
  SignetSessions,
  isSignetError,
  sessionKey,
  type AuditEvent,
  type SessionView,
} from '../../src/index.js';
import { httpStatusOf } from '../../src/http.js';
import { makeClient, type TestClient } from '../../../../tools/test-kit/clients.js';
import { deliver } from './deliver.js';

// The grant after sign-in, end to end through core against dev-as: the vault, DPoP-bound calls to dev-as's
// protected resource (nonce retry included), refresh with rotation and single flight, revocation and logout.
const SECRET = 'core-grant-e2e-secret-0123456789abcdef';
let as: DevAs;
let c: TestClient;

beforeAll(async () => {
  c = await makeClient('grant-client', 'ES256', {
    metadata: {
      grant_types: ['authorization_code', 'refresh_token'],
      dpop_bound_access_tokens: true,
      post_logout_redirect_uris: ['http://127.0.0.1:1/'],
    },
  });
  as = await startDevAs({ clients: [c.metadata] as never });
});

afterAll(async () => {
  await as?.close();
});

async function setup(store = new MemorySessionStore(), options: { userinfo?: boolean } = {}) {
  const events: AuditEvent[] = [];
  const client = await SignetClient.create({
    issuer: as.issuer,
    clientId: c.clientId,
    redirectUri: c.redirectUri,
    signingKeys: [c.signingKey],
    dpop: { perSession: true },
    audit: (event) => {
      events.push(event);
    },
  });
  const sessions = await SignetSessions.create(client, { store, secrets: SECRET, ...options });
  return { client, sessions, events, store };
}

async function signIn(client: SignetClient, sessions: SignetSessions): Promise<SessionView> {
  const request = await client.authorize({ scope: 'openid profile email' });
  return sessions.start(await client.callback(deliver(await completeLogin(request.url))));
}

describe('server-side sessions and the grant (core, dev-as)', () => {
  it('starts a session whose record holds no token in clear and calls the resource with a DPoP-bound token', async () => {
    const { client, sessions, store } = await setup();
    const session = await signIn(client, sessions);
    expect(session.grant).toMatchObject({ tokenType: 'dpop', dpop: 'session', refreshable: true, refreshCount: 0 });
    const record = await store.get(sessionKey(session.id));
    const stored = JSON.stringify(record);
    const tokens = as.storedTokens();
    expect(tokens.length).toBeGreaterThan(0);
    for (const token of tokens) expect(stored).not.toContain(token);
    expect(stored).not.toContain('"d"');

    const answer = await sessions.fetch(session, as.resourceUrl);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ sub: 'alice', dpop_bound: true });
  });

  it('refuses a relative resource URL as a usage error (ERR_USAGE_INVALID, 500) and sends nothing', async () => {
    const { client, sessions } = await setup();
    const session = await signIn(client, sessions);
    const before = as.counters.resource;
    const refusal = await sessions.fetch(session, '/resource').then(
      () => undefined,
      (e: unknown) => e as SignetError,
    );
    expect(refusal).toBeInstanceOf(SignetError);
    expect(refusal).toMatchObject({ code: 'ERR_USAGE_INVALID', field: 'url' });
    expect(httpStatusOf(refusal!)).toBe(500);
    expect(as.counters.resource).toBe(before);
  });

  it('keeps userinfo claims when configured', async () => {
    const { client, sessions } = await setup(undefined, { userinfo: true });
    const session = await signIn(client, sessions);
    expect(session.claims).toMatchObject({ name: 'Alice Example', email: 'alice@example.test' });
  });

  it('refreshes an expiring token once, with rotation, for concurrent callers on two instances', async () => {
    const store = new MemorySessionStore();
    const a = await setup(store);
    const b = await setup(store);
    as.lifetimes.AccessToken = 5; // within the 30 s refresh skew: expired for the client from the start
    const session = await signIn(a.client, a.sessions);
    as.lifetimes.AccessToken = 600;
    const before = as.counters.refresh;
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).sessions.fetch(session.id, as.resourceUrl)),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(as.counters.refresh - before).toBe(1);
    const refreshed = await a.sessions.open(session.id);
    expect(refreshed?.grant).toMatchObject({ refreshCount: 1, refreshable: true });
    expect(refreshed!.grant.expiresAt! - Date.now() / 1000).toBeGreaterThan(500);
    const audited = [...a.events, ...b.events].filter((e) => e.type === 'grant.refresh');
    expect(audited).toEqual([expect.objectContaining({ outcome: 'refreshed', rotated: true, refreshCount: 1 })]);
  });

  it('ends the session with ERR_GRANT_REVOKED when the AS refuses the refresh (invalid_grant)', async () => {
    const { client, sessions, events } = await setup();
    as.lifetimes.AccessToken = 5;
    const session = await signIn(client, sessions);
    as.lifetimes.AccessToken = 600;
    await as.revokeRefreshTokens('alice');
    const refused = await sessions.accessToken(session).catch((err: unknown) => err);
    expect(isSignetError(refused, 'ERR_GRANT_REVOKED')).toBe(true);
    expect(await sessions.open(session.id)).toBeUndefined();
    expect(events).toContainEqual(expect.objectContaining({ type: 'session.ended', reason: 'grant_revoked' }));
    const again = await sessions.accessToken(session).catch((err: unknown) => err);
    expect(isSignetError(again, 'ERR_SESSION_UNKNOWN')).toBe(true);
  });

  it('refuses a vault moved into another session record (ERR_GRANT_VAULT_INVALID) and ends that session', async () => {
    const { client, sessions, store } = await setup();
    const one = await signIn(client, sessions);
    const two = await signIn(client, sessions);
    const victim = (await store.get(sessionKey(two.id)))!;
    const donor = (await store.get(sessionKey(one.id)))!;
    await store.replace({ ...victim, vault: donor.vault }, { version: victim.version });
    const refused = await sessions.accessToken(two).catch((err: unknown) => err);
    expect(isSignetError(refused, 'ERR_GRANT_VAULT_INVALID')).toBe(true);
    expect(await store.get(sessionKey(two.id))).toBeUndefined();
  });

  it('logout revokes the refresh token, deletes the session and offers RP-initiated logout', async () => {
    const { client, sessions, events } = await setup();
    const session = await signIn(client, sessions);
    const revocations = as.counters.revocation;
    const outcome = await sessions.logout(session, { postLogoutRedirectUri: 'http://127.0.0.1:1/', state: 's1' });
    expect(outcome).toMatchObject({ ended: true, revoked: true });
    expect(as.counters.revocation - revocations).toBe(1);
    const url = new URL(outcome.endSessionUrl!);
    expect(url.origin + url.pathname).toBe(`${as.issuer}/session/end`);
    expect(url.searchParams.get('id_token_hint')).toEqual(expect.any(String));
    expect(url.searchParams.get('post_logout_redirect_uri')).toBe('http://127.0.0.1:1/');
    expect(url.searchParams.get('state')).toBe('s1');
    expect(await sessions.open(session.id)).toBeUndefined();
    expect(events).toContainEqual(expect.objectContaining({ type: 'session.ended', reason: 'logout', revoked: true }));
  });
});
