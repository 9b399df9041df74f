// Failures you can diagnose: what each back-channel endpoint answered reaches the error (error.endpoint), one log
// line and the audit record; the message, which a browser may see, names the endpoint, status and body kind only.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createServer } from 'node:net';
import type { SignetError } from '../../src/errors/signet-error.js';
import type { SignetLogRecord } from '../../src/log/signet-logger.js';
import { RawBody } from '../../../testing/src/index.js';
import { startHarness, type Harness } from '../adversarial/harness.js';

const logs: SignetLogRecord[] = [];
const logger = (record: SignetLogRecord) => void logs.push(record);

async function refusal(attempt: Promise<unknown>): Promise<SignetError> {
  return attempt.then(
    () => {
      throw new Error('accepted, but a refusal was expected');
    },
    (e: unknown) => e as SignetError,
  );
}

/** A port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('back-channel failures', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ logger });
  });
  afterAll(() => h.close());
  beforeEach(() => {
    h.reset();
    logs.length = 0;
  });

  /** A login whose signed response verifies: only the token endpoint can fail it. */
  async function validCallback() {
    const login = await h.begin();
    return h.deliver(await h.as.response({ code: login.code, state: login.state }));
  }

  it('reports an HTML error page at the PAR endpoint as a body that is not JSON', async () => {
    h.as.behaviour.par = { status: 500, body: new RawBody('<html><h1>Internal Server Error</h1></html>', 'text/html') };
    const err = await refusal(h.client.authorize());
    expect(err.code).toBe('ERR_PAR_FAILED');
    expect(err.message).toBe(
      'the pushed authorization request endpoint answered HTTP 500 with a body that is not JSON',
    );
    expect(err.endpoint).toEqual({
      endpoint: 'pushed_authorization_request_endpoint',
      url: `${h.as.issuer}/par`,
      status: 500,
      body: 'not-json',
      contentType: 'text/html',
    });
    // One refusal line (an outage record may come beside it: that one is the faults' business).
    expect(logs.filter((r) => r.event === 'signet.refusal')).toEqual([
      expect.objectContaining({ code: 'ERR_PAR_FAILED', status: 500, body: 'not-json' }),
    ]);
  });

  it('sanitizes the OAuth error of the PAR endpoint and keeps it out of the message', async () => {
    const description = `bad\u0000request\u001b[31m é ${'x'.repeat(400)}`;
    h.as.behaviour.par = { status: 400, body: { error: 'invalid_request\n', error_description: description } };
    const err = await refusal(h.client.authorize());
    expect(err.code).toBe('ERR_PAR_REJECTED');
    expect(err.endpoint).toMatchObject({ status: 400, body: 'oauth-error', error: 'invalid_request?' });
    expect(err.endpoint!.errorDescription).toMatch(/^bad\?request\?\[31m \? x+\.\.\.$/);
    expect(err.endpoint!.errorDescription).toHaveLength(256);
    expect(err.message).not.toMatch(/invalid_request|bad/);
    expect(h.events.at(-1)).toMatchObject({
      type: 'authorization.request.refused',
      code: 'ERR_PAR_REJECTED',
      failure: {
        endpoint: 'pushed_authorization_request_endpoint',
        status: 400,
        body: 'oauth-error',
        error: 'invalid_request?',
      },
    });
  });

  it('reports a PAR endpoint that cannot be reached', async () => {
    const original = h.as.metadata.pushed_authorization_request_endpoint;
    const fresh = await startHarness({ as: h.as, logger });
    h.as.metadata.pushed_authorization_request_endpoint = `http://127.0.0.1:${await closedPort()}/par`;
    try {
      const err = await refusal(fresh.client.authorize());
      expect(err.code).toBe('ERR_PAR_FAILED');
      expect(err.message).toBe('the pushed authorization request endpoint could not be reached');
      expect(err.endpoint).toMatchObject({ body: 'none', transport: 'network' });
      expect(err.endpoint).not.toHaveProperty('status');
    } finally {
      h.as.metadata.pushed_authorization_request_endpoint = original;
    }
  });

  it('reports an empty 502 from the token endpoint, once in the log and in the audit record', async () => {
    h.as.behaviour.token = { status: 502, body: new RawBody('') };
    const err = await refusal(validCallback());
    expect(err.code).toBe('ERR_TOKEN_REQUEST_FAILED');
    expect(err.message).toBe('the token endpoint answered HTTP 502 with an empty body');
    expect(logs.filter((r) => r.event === 'signet.refusal')).toEqual([
      expect.objectContaining({
        code: 'ERR_TOKEN_REQUEST_FAILED',
        endpoint: 'token_endpoint',
        status: 502,
        body: 'empty',
      }),
    ]);
    expect(h.events.at(-1)).toMatchObject({
      type: 'authorization.response',
      outcome: 'refused',
      failure: { endpoint: 'token_endpoint', status: 502, body: 'empty' },
    });
  });

  it('keeps the token endpoint OAuth error in the diagnosis, not in the message', async () => {
    h.as.behaviour.token = { status: 400, body: { error: 'invalid_grant', error_description: 'code already used' } };
    const err = await refusal(validCallback());
    expect(err.code).toBe('ERR_TOKEN_REJECTED');
    expect(err.message).toBe('the token endpoint answered HTTP 400 with an OAuth error (see the log)');
    expect(err.endpoint).toMatchObject({ error: 'invalid_grant', errorDescription: 'code already used' });
    expect(logs.filter((r) => r.event === 'signet.refusal').at(-1)).toMatchObject({
      error: 'invalid_grant',
      errorDescription: 'code already used',
    });
  });

  it('refuses a token response without token_type, naming the member', async () => {
    h.as.behaviour.token = { status: 200, body: { access_token: 'at', expires_in: 60 } };
    const err = await refusal(validCallback());
    expect(err.code).toBe('ERR_TOKEN_REQUEST_FAILED');
    expect(err.message).toMatch(/^the token endpoint answered HTTP 200 with a JSON body that does not conform: /);
    expect(err.message).toContain('"token_type"');
  });

  it('accepts a numeric string expires_in, which oauth4webapi reads as the number', async () => {
    h.as.behaviour.token = { status: 200, body: { access_token: 'at', token_type: 'bearer', expires_in: '3600' } };
    const login = await h.begin({ scope: 'profile' }); // no openid: no ID token to forge here
    const result = await h.deliver(await h.as.response({ code: login.code, state: login.state }));
    expect(result.tokens.expiresAt).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000) + 3590);
    expect(result.tokens.tokenType).toBe('bearer');
  });
});

describe('discovery and JWKS failures', () => {
  it('reports what the discovery endpoint answered', async () => {
    const h = await startHarness({ logger });
    try {
      h.as.behaviour.discovery = { status: 503, body: new RawBody('<p>maintenance</p>', 'text/html') };
      const err = await refusal(h.client.authorize());
      expect(err.code).toBe('ERR_DISCOVERY_FAILED');
      expect(err.message).toContain('(the discovery endpoint answered HTTP 503 with a body that is not JSON)');
      expect(err.endpoint).toMatchObject({ endpoint: 'discovery', status: 503, body: 'not-json' });
      expect(h.events.at(-1)).toMatchObject({
        type: 'authorization.request.refused',
        code: 'ERR_DISCOVERY_FAILED',
        failure: { endpoint: 'discovery', status: 503 },
      });
    } finally {
      await h.close();
    }
  });

  it('reports what jwks_uri answered, before any token request', async () => {
    const h = await startHarness({ logger });
    try {
      const login = await h.begin();
      h.as.behaviour.jwks = { status: 500, body: { message: 'keys unavailable' } };
      const err = await refusal(h.deliver(await h.as.response({ code: login.code, state: login.state })));
      expect(err.code).toBe('ERR_JWKS_FETCH_FAILED');
      expect(err.message).toContain(
        '(the JWKS endpoint answered HTTP 500 with a JSON body that is not an OAuth error)',
      );
      expect(err.endpoint).toMatchObject({
        endpoint: 'jwks_uri',
        url: `${h.as.issuer}/jwks`,
        status: 500,
        body: 'json',
      });
      expect(h.as.counts.token).toBe(0);
    } finally {
      await h.close();
    }
  });
});
