import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startDevAs, type DevAs } from '@signet/dev-as';
import { completeLogin } from '@signet/dev-as/testing';
import {
  SignetClient,
  SignetError,
  type AuditEvent,
  type SignetClientOptions,
  type SignetLogRecord,
} from '../../src/index.js';
import { makeClient, type TestClient } from '../../../../tools/test-kit/clients.js';
import { deliver } from '../e2e/deliver.js';

// Two oidc-provider servers with the quirks of issue 12's partner server, over real HTTP on 127.0.0.1:
// - `endpointOnly` accepts only the URL of the endpoint called as the client assertion `aud`, and its JARM
//   responses live 3600 s (exp = its access-token lifetime);
// - `tokenOnly` accepts only the token endpoint URL, and answers every refusal with an empty body.
let endpointOnly: DevAs;
let tokenOnly: DevAs;
let rp: TestClient;

beforeAll(async () => {
  rp = await makeClient('interop-client', 'ES256');
  [endpointOnly, tokenOnly] = await Promise.all([
    startDevAs({
      clients: [rp.metadata as never],
      quirks: { clientAssertionAudience: 'endpoint', jarmLifetime: 3600 },
    }),
    startDevAs({
      clients: [rp.metadata as never],
      quirks: { clientAssertionAudience: 'token_endpoint', emptyErrorBodies: true },
    }),
  ]);
});

afterAll(async () => {
  await Promise.all([endpointOnly?.close(), tokenOnly?.close()]);
});

async function clientAt(as: DevAs, options: Partial<SignetClientOptions> = {}) {
  const events: AuditEvent[] = [];
  const logs: SignetLogRecord[] = [];
  const client = await SignetClient.create({
    issuer: as.issuer,
    clientId: rp.clientId,
    redirectUri: rp.redirectUri,
    signingKeys: [rp.signingKey],
    audit: (event) => void events.push(event),
    logger: (record) => void logs.push(record),
    ...options,
  });
  return { client, events, logs };
}

async function refusal(promise: Promise<unknown>): Promise<SignetError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SignetError);
  return err as SignetError;
}

describe('client assertion audience', () => {
  it('refuses to start a login at a server that accepts only its endpoint URL, by default, and says what it answered', async () => {
    const { client, events, logs } = await clientAt(endpointOnly);
    expect(logs).toEqual([]); // strict: nothing to warn about at boot
    const err = await refusal(client.authorize());
    expect(err.code).toBe('ERR_PAR_REJECTED');
    expect(err.endpoint).toMatchObject({
      endpoint: 'pushed_authorization_request_endpoint',
      url: `${endpointOnly.issuer}/request`,
      status: 401,
      body: 'oauth-error',
      error: 'invalid_client',
    });
    // The browser may see the message: the endpoint, the status, never the server's own words.
    expect(err.message).toBe(
      'the pushed authorization request endpoint answered HTTP 401 with an OAuth error (see the log)',
    );
    expect(err.message).not.toContain('invalid_client');
    expect(logs).toEqual([
      expect.objectContaining({
        level: 'warn',
        event: 'signet.refusal',
        code: 'ERR_PAR_REJECTED',
        operation: 'authorize',
        endpoint: 'pushed_authorization_request_endpoint',
        status: 401,
        error: 'invalid_client',
      }),
    ]);
    expect(JSON.stringify(logs)).not.toMatch(/eyJ/); // no assertion, request object or other JWT
    expect(events).toEqual([
      expect.objectContaining({
        type: 'authorization.request.refused',
        code: 'ERR_PAR_REJECTED',
        failure: {
          endpoint: 'pushed_authorization_request_endpoint',
          status: 401,
          body: 'oauth-error',
          error: 'invalid_client',
        },
      }),
    ]);
    expect(events[0]).not.toHaveProperty('relaxations');
  });

  it('reports an empty 401 as such, the failure of issue 12 (ERR_PAR_FAILED)', async () => {
    const { client, logs } = await clientAt(tokenOnly, { clientAssertionAudience: 'endpoint' });
    const err = await refusal(client.authorize());
    expect(err.code).toBe('ERR_PAR_FAILED');
    expect(err.message).toBe('the pushed authorization request endpoint answered HTTP 401 with an empty body');
    expect(err.endpoint).toMatchObject({ status: 401, body: 'empty' });
    expect(err.endpoint).not.toHaveProperty('error');
    expect(logs.filter((r) => r.event === 'signet.refusal')).toEqual([
      expect.objectContaining({ code: 'ERR_PAR_FAILED', status: 401, body: 'empty' }),
    ]);
  });

  it('signs in with clientAssertionAudience=endpoint and responseMaxLifetime=3600, warned at boot and audited', async () => {
    const { client, events, logs } = await clientAt(endpointOnly, {
      clientAssertionAudience: 'endpoint',
      responseMaxLifetime: 3600,
    });
    expect(logs.map((r) => [r.event, r.option, r.value, r.variable])).toEqual([
      ['signet.compatibility', 'clientAssertionAudience', 'endpoint', 'SIGNET_CLIENT_ASSERTION_AUDIENCE'],
      ['signet.compatibility', 'responseMaxLifetime', 3600, 'SIGNET_RESPONSE_MAX_LIFETIME'],
    ]);
    expect(logs[0]!.message).toContain('FAPI 2.0 Security Profile §5.3.2.1');
    const request = await client.authorize({ scope: 'openid' });
    const tokensBefore = endpointOnly.tokenRequests;
    const result = await client.callback(deliver(await completeLogin(request.url)));
    expect(result.subject).toBe('alice');
    expect(endpointOnly.tokenRequests).toBe(tokensBefore + 1); // the token endpoint accepted the endpoint audience too
    expect(events.map((e) => [e.type, e.relaxations])).toEqual([
      ['authorization.request', ['clientAssertionAudience=endpoint']],
      ['authorization.response', ['clientAssertionAudience=endpoint', 'responseMaxLifetime=3600']],
    ]);
  });

  it('signs in with clientAssertionAudience=token_endpoint at a server that accepts only its token endpoint URL', async () => {
    const { client } = await clientAt(tokenOnly, { clientAssertionAudience: 'token_endpoint' });
    const request = await client.authorize();
    const result = await client.callback(deliver(await completeLogin(request.url)));
    expect(result.subject).toBe('alice');
  });
});

describe('response max lifetime', () => {
  it('refuses a 3600 s JARM response by default, before any token request', async () => {
    const { client, events, logs } = await clientAt(endpointOnly, { clientAssertionAudience: 'endpoint' });
    const request = await client.authorize();
    const outcome = await completeLogin(request.url);
    const tokensBefore = endpointOnly.tokenRequests;
    const err = await refusal(client.callback(deliver(outcome)));
    expect(err.code).toBe('ERR_JARM_LIFETIME_TOO_LONG');
    expect(endpointOnly.tokenRequests).toBe(tokensBefore);
    expect(logs.at(-1)).toMatchObject({
      event: 'signet.refusal',
      code: 'ERR_JARM_LIFETIME_TOO_LONG',
      operation: 'callback',
    });
    expect(events.at(-1)).toMatchObject({ outcome: 'refused', code: 'ERR_JARM_LIFETIME_TOO_LONG' });
  });
});
