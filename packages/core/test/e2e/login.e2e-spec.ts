import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startDevAs, type DevAs } from '@signet/dev-as';
import { completeLogin } from '@signet/dev-as/testing';
import { decodeProtectedHeader } from 'jose';
import { SignetClient, type AuditEvent, type ResponseMode, type SignetClientOptions } from '../../src/index.js';
import { makeClient, type TestClient } from '../../../../tools/test-kit/clients.js';
import { deliver } from './deliver.js';

// End to end through core against oidc-provider on 127.0.0.1: FAPI 2.0 with JAR + PAR + JARM required.
let as: DevAs;
const clients: Record<string, TestClient> = {};

beforeAll(async () => {
  clients.es256 = await makeClient('es256-client', 'ES256');
  clients.ps256 = await makeClient('ps256-client', 'PS256');
  clients.eddsa = await makeClient('eddsa-client', 'EdDSA');
  clients.jarmEnc = await makeClient('jarm-enc-client', 'ES256', { encryptResponses: true });
  clients.jarEnc = await makeClient('jar-enc-client', 'ES256', {
    metadata: { request_object_encryption_alg: 'ECDH-ES', request_object_encryption_enc: 'A256GCM' },
  });
  clients.dpop = await makeClient('dpop-client', 'ES256', { metadata: { dpop_bound_access_tokens: true } });
  clients.fapi1 = await makeClient('fapi1-client', 'PS256');
  as = await startDevAs({
    clients: Object.values(clients).map((c) => c.metadata) as never,
    profile: (clientId) => (clientId === 'fapi1-client' ? 'fapi1-advanced' : 'fapi2'),
  });
});

afterAll(async () => {
  await as?.close();
});

async function clientFor(c: TestClient, options: Partial<SignetClientOptions> = {}) {
  const events: AuditEvent[] = [];
  const client = await SignetClient.create({
    issuer: as.issuer,
    clientId: c.clientId,
    redirectUri: c.redirectUri,
    signingKeys: [c.signingKey],
    ...(c.decryptionKey ? { decryptionKeys: [c.decryptionKey] } : {}),
    audit: (event) => {
      events.push(event);
    },
    logger: false,
    ...options,
  });
  return { client, events };
}

async function signIn(c: TestClient, options: Partial<SignetClientOptions> = {}, responseMode?: ResponseMode) {
  const { client, events } = await clientFor(c, options);
  const request = await client.authorize({ scope: 'openid profile', ...(responseMode ? { responseMode } : {}) });
  const outcome = await completeLogin(request.url);
  const result = await client.callback(deliver(outcome));
  return { client, events, request, result, outcome };
}

describe('signed login against oidc-provider (FAPI 2.0)', () => {
  it.each(['es256', 'ps256', 'eddsa'])('signs in with a %s client key through PAR and JARM', async (name) => {
    const { request, result, events } = await signIn(clients[name]!);
    expect(request.delivery).toBe('par');
    expect(new URL(request.url).searchParams.get('request_uri')).toMatch(/^urn:/);
    expect(result.subject).toBe('alice');
    expect(result.claims?.iss).toBe(as.issuer);
    expect(result.tokens.accessToken).toEqual(expect.any(String));
    expect(events.map((e) => e.type)).toEqual(['authorization.request', 'authorization.response']);
    expect(events[1]).toMatchObject({ outcome: 'verified', subject: 'alice' });
  });

  it.each<ResponseMode>(['query.jwt', 'form_post.jwt', 'fragment.jwt'])(
    'signs in with response_mode %s',
    async (mode) => {
      const { result, outcome } = await signIn(clients.es256!, {}, mode);
      expect(outcome.kind).toBe(mode === 'form_post.jwt' ? 'form_post' : 'redirect');
      expect(result.subject).toBe('alice');
    },
  );

  it('decrypts a nested JWE response for the client registered for encrypted JARM', async () => {
    const { client } = await clientFor(clients.jarmEnc!);
    const outcome = await completeLogin((await client.authorize()).url);
    const input = deliver(outcome);
    const response = (input.params as URLSearchParams).get('response')!;
    expect(response.split('.')).toHaveLength(5);
    expect(decodeProtectedHeader(response)).toMatchObject({ alg: 'ECDH-ES', enc: 'A256GCM' });
    expect((await client.callback(input)).subject).toBe('alice');
  });

  it('pushes an encrypted request object (a nested JWE the AS decrypts)', async () => {
    const pushed: string[] = [];
    const recordingFetch: typeof fetch = async (input, init) => {
      if (String(input).endsWith('/request') && init?.body)
        pushed.push(new URLSearchParams(String(init.body)).get('request') ?? '');
      return fetch(input, init);
    };
    const { result } = await signIn(clients.jarEnc!, {
      encryptRequestObject: { alg: 'ECDH-ES', enc: 'A256GCM' },
      fetch: recordingFetch,
    });
    expect(pushed).toHaveLength(1);
    expect(pushed[0]!.split('.')).toHaveLength(5);
    expect(decodeProtectedHeader(pushed[0]!)).toMatchObject({ alg: 'ECDH-ES', enc: 'A256GCM', cty: 'JWT' });
    expect(result.subject).toBe('alice');
  });

  it('gets DPoP-bound tokens and uses them at the userinfo endpoint', async () => {
    const { client, result } = await signIn(clients.dpop!, { dpop: true });
    expect(result.tokens.tokenType.toLowerCase()).toBe('dpop');
    expect(result.dpopKey).toBeDefined();
    const userinfo = await client.fetchProtectedResource(result, (await client.metadata()).userinfo_endpoint!);
    expect(userinfo.status).toBe(200);
    expect(await userinfo.json()).toMatchObject({ sub: 'alice' });
  });

  it('calls a nonce-demanding resource with the DPoP-bound token: one use_dpop_nonce, one retry', async () => {
    const { client, result } = await signIn(clients.dpop!, { dpop: true });
    const before = as.counters.resource;
    const answer = await client.fetchProtectedResource(result, as.resourceUrl);
    expect(answer.status).toBe(200);
    // The first proof carries no nonce (401 use_dpop_nonce), the retry carries the one the resource sent.
    expect(as.counters.resource - before).toBe(2);
    const again = await client.fetchProtectedResource(result, as.resourceUrl);
    expect(again.status).toBe(200);
    // Each call makes its own DPoP handle (no nonce remembered across calls): again one challenge, one retry.
    expect(as.counters.resource - before).toBe(4);
  });

  it('gets DPoP-bound tokens with one key per login', async () => {
    const { result } = await signIn(clients.dpop!, { dpop: { perSession: true } });
    expect(result.tokens.tokenType.toLowerCase()).toBe('dpop');
  });

  it('sends the request by value under the FAPI 1.0 Advanced profile', async () => {
    const { request, result } = await signIn(clients.fapi1!, { profile: 'fapi1-advanced', usePar: false, dpop: true });
    expect(request.delivery).toBe('value');
    const url = new URL(request.url);
    expect(url.searchParams.get('request')).toMatch(/^ey/);
    expect(url.searchParams.get('response_type')).toBe('code');
    expect(url.searchParams.get('scope')).toBe('openid profile');
    expect(result.subject).toBe('alice');
  });

  it('signs rich authorization requests and records them in the audit event', async () => {
    const details = [{ type: 'account_information', actions: ['read'] }];
    const { client, events } = await clientFor(clients.es256!);
    const request = await client.authorize({ authorizationDetails: details });
    const result = await client.callback(deliver(await completeLogin(request.url)));
    expect(result.subject).toBe('alice');
    expect(events[0]).toMatchObject({ type: 'authorization.request', authorizationDetails: details, delivery: 'par' });
  });
});

describe('refusals against oidc-provider', () => {
  it('turns a verified access_denied into an authorization error without a token request', async () => {
    const { client, events } = await clientFor(clients.es256!);
    const before = as.tokenRequests;
    const outcome = await completeLogin((await client.authorize()).url, { deny: true });
    await expect(client.callback(deliver(outcome))).rejects.toMatchObject({
      code: 'ERR_AUTHORIZATION_ERROR',
      error: 'access_denied',
    });
    expect(as.tokenRequests).toBe(before);
    expect(events[1]).toMatchObject({ outcome: 'refused', code: 'ERR_AUTHORIZATION_ERROR', error: 'access_denied' });
  });

  it('refuses a response replayed after it was accepted', async () => {
    const { client } = await clientFor(clients.es256!);
    const input = deliver(await completeLogin((await client.authorize()).url));
    await client.callback(input);
    const before = as.tokenRequests;
    await expect(client.callback(input)).rejects.toMatchObject({ code: 'ERR_STATE_UNKNOWN' });
    expect(as.tokenRequests).toBe(before);
  });

  it('refuses a response delivered by another channel than the requested mode', async () => {
    const { client } = await clientFor(clients.es256!);
    const input = deliver(await completeLogin((await client.authorize({ responseMode: 'query.jwt' })).url));
    const before = as.tokenRequests;
    await expect(client.callback({ delivery: 'form_post', params: input.params })).rejects.toMatchObject({
      code: 'ERR_JARM_RESPONSE_MODE_MISMATCH',
    });
    expect(as.tokenRequests).toBe(before);
  });

  it('refuses a plain JWS response when the client requires encrypted responses', async () => {
    const { client } = await clientFor(clients.es256!, { decryptionKeys: [clients.jarmEnc!.decryptionKey!] });
    const input = deliver(await completeLogin((await client.authorize()).url));
    await expect(client.callback(input)).rejects.toMatchObject({ code: 'ERR_JARM_ENCRYPTION_REQUIRED' });
  });

  it('completes two logins begun in two tabs, in either order', async () => {
    const { client } = await clientFor(clients.es256!);
    const first = await client.authorize();
    const second = await client.authorize();
    const firstOutcome = await completeLogin(first.url);
    const secondOutcome = await completeLogin(second.url);
    expect((await client.callback(deliver(secondOutcome))).subject).toBe('alice');
    expect((await client.callback(deliver(firstOutcome))).subject).toBe('alice');
  });

  it('does not start a flow when the configured issuer differs from the discovered one', async () => {
    const { client } = await clientFor(clients.es256!, { issuer: `${as.issuer}/` });
    await expect(client.authorize()).rejects.toMatchObject({ code: 'ERR_DISCOVERY_ISSUER_MISMATCH' });
  });
});
