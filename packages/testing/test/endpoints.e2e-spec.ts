// The test AS's endpoints over real HTTP, driven by a real Signet client: JARM in every response mode from the
// authorization endpoint, the client checks of PAR and the token endpoint (private_key_jwt, PKCE, DPoP).
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { SignetClient } from '@signet/core';
import { MemoryCookieJar } from '../../../tools/test-kit/cookie-jar.js';
import {
  callbackInputOf,
  createTestKey,
  startTestAuthorizationServer,
  type AuthorizationOutcome,
  type TestAuthorizationServer,
} from '../src/index.js';
import { clientFor, login, REDIRECT_URI, refusalCode } from './support/signet-client.js';

/** What a browser does with the authorization endpoint's answer: follow the 303, or read the auto-posted form. */
async function browse(url: string): Promise<{ status: number; outcome: AuthorizationOutcome }> {
  const response = await fetch(url, { redirect: 'manual' });
  if (response.status === 303)
    return { status: 303, outcome: { kind: 'redirect', url: response.headers.get('location')! } };
  const html = await response.text();
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1] ?? '';
  const fields = Object.fromEntries([...html.matchAll(/name="([^"]+)" value="([^"]+)"/g)].map((m) => [m[1]!, m[2]!]));
  return { status: response.status, outcome: { kind: 'form_post', action, fields } };
}

describe('the test AS over HTTP', () => {
  let as: TestAuthorizationServer;
  beforeAll(async () => {
    as = await startTestAuthorizationServer();
  });
  afterAll(() => as.close());
  beforeEach(() => as.reset());

  it.each([
    ['jwt', 303, 'query'],
    ['query.jwt', 303, 'query'],
    ['fragment.jwt', 303, 'fragment'],
    ['form_post.jwt', 200, 'form_post'],
  ] as const)('answers response_mode=%s with %d and the response in the %s', async (mode, status, delivery) => {
    const client = await clientFor(as, { responseMode: mode });
    const cookies = new MemoryCookieJar();
    const { url } = await client.authorize({ scope: 'openid email' }, { cookies });
    const answer = await browse(`${url}&login=bob`);
    expect(answer.status).toBe(status);
    const input = callbackInputOf(answer.outcome);
    expect([input.delivery, Object.keys(input.params)]).toEqual([delivery, ['response']]);
    if (answer.outcome.kind === 'form_post') expect(answer.outcome.action).toBe(REDIRECT_URI);
    else expect(answer.outcome.url.startsWith(REDIRECT_URI)).toBe(true);
    const result = await client.callback(input, { cookies });
    expect([result.subject, result.claims?.email]).toEqual(['bob', 'bob@example.test']);
  });

  it('plays the attack the authorization URL names (attack=)', async () => {
    const client = await clientFor(as);
    const cookies = new MemoryCookieJar();
    const { url } = await client.authorize({}, { cookies });
    const { outcome } = await browse(`${url}&attack=tampered-signature`);
    expect(await refusalCode(client.callback(callbackInputOf(outcome), { cookies }))).toBe(
      'ERR_JARM_SIGNATURE_INVALID',
    );
    expect(as.counts.token).toBe(0);
  });

  it('refuses a request_uri used twice (400 invalid_request_uri)', async () => {
    const client = await clientFor(as);
    const { url } = await client.authorize({}, { cookies: new MemoryCookieJar() });
    expect((await browse(url)).status).toBe(303);
    const again = await fetch(url, { redirect: 'manual' });
    expect([again.status, ((await again.json()) as { error: string }).error]).toEqual([400, 'invalid_request_uri']);
  });

  it('refuses a client assertion signed by a key the client never registered (PAR: invalid_client)', async () => {
    const unregistered = await SignetClient.create({
      issuer: as.issuer,
      clientId: as.clientId,
      redirectUri: REDIRECT_URI,
      signingKeys: [(await createTestKey('ES256', 'never-registered')).privateJwk],
      logger: false,
    });
    expect(await refusalCode(unregistered.authorize({}, {}))).toBe('ERR_PAR_REJECTED');
    expect([as.counts.par, as.pushed.length]).toEqual([1, 0]);
  });
});

describe('DPoP at the test AS token endpoint', () => {
  let as: TestAuthorizationServer;
  afterEach(() => as.close());

  it('binds the tokens of a DPoP client to its key (token_type DPoP)', async () => {
    as = await startTestAuthorizationServer({ requireDpop: true });
    const result = await login(await clientFor(as, { dpop: true }), as);
    expect(result.tokens.tokenType.toLowerCase()).toBe('dpop');
    expect(as.tokenRequests[0]?.get('grant_type')).toBe('authorization_code');
  });

  it('refuses a token request without a DPoP proof when DPoP is required (ERR_DPOP_FAILED)', async () => {
    as = await startTestAuthorizationServer({ requireDpop: true });
    expect(await refusalCode(login(await clientFor(as), as))).toBe('ERR_DPOP_FAILED');
    expect(as.counts.token).toBe(1);
  });

  it('asks for a DPoP nonce once, and Signet retries with it', async () => {
    as = await startTestAuthorizationServer({ requireDpop: true, dpopNonce: true });
    expect((await login(await clientFor(as, { dpop: true }), as)).subject).toBe('alice');
    expect(as.counts.token).toBe(2);
  });
});
