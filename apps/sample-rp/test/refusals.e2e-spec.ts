import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { completeLogin } from '@signet/dev-as/testing';
import request from 'supertest';
import { startSampleAs, type SampleAs } from './support/dev-as.js';
import {
  adminAgent,
  beginLogin,
  deliver,
  PLATFORMS,
  sampleEnv,
  sessionCookie,
  startSample,
  type Agent,
  type Platform,
} from './support/sample-app.js';

let testAs: SampleAs;
beforeAll(async () => {
  testAs = await startSampleAs();
});
afterAll(async () => {
  await testAs?.as.close();
});

/** Flips one character of the signature: still base64url, no longer the AS's signature. */
function tamper(jwt: string): string {
  const [header, payload, signature] = jwt.split('.');
  return `${header}.${payload}.${signature!.startsWith('A') ? 'B' : 'A'}${signature!.slice(1)}`;
}

describe.each(PLATFORMS)('sample-rp refusals on %s', (platform: Platform) => {
  let app: INestApplication;
  let server: ReturnType<INestApplication['getHttpServer']>;
  let admin: Agent;

  beforeAll(async () => {
    app = await startSample(sampleEnv(testAs, platform));
    server = app.getHttpServer();
    admin = await adminAgent(server);
  });
  afterAll(async () => {
    await app?.close();
  });

  async function responseFor(agent: Agent): Promise<string> {
    const outcome = await beginLogin(agent);
    if (outcome.kind !== 'redirect') throw new Error('expected a redirect');
    return new URL(outcome.url).searchParams.get('response')!;
  }

  it('refuses a tampered response with ERR_JARM_SIGNATURE_INVALID: no session, no token request, logged', async () => {
    const agent = request.agent(server);
    const response = await responseFor(agent);
    const tokens = testAs.as.tokenRequests;
    const res = await agent.get('/callback').query({ response: tamper(response) });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error: 'ERR_JARM_SIGNATURE_INVALID',
      message: expect.any(String),
      recovery: 'restart',
      restartUrl: '/login',
    });
    expect(sessionCookie(res)).toBeUndefined();
    expect(testAs.as.tokenRequests).toBe(tokens);
    await agent.get('/me').expect(401);
    const { body } = await admin.get('/approvals').expect(200);
    expect(body.entries[0]).toMatchObject({
      type: 'authorization.response',
      outcome: 'refused',
      code: 'ERR_JARM_SIGNATURE_INVALID',
    });
    // The login is consumed: the genuine response cannot be used after a refusal.
    const retry = await agent.get('/callback').query({ response });
    expect(retry.body.error).toBe('ERR_STATE_UNKNOWN');
    expect(testAs.as.tokenRequests).toBe(tokens);
  });

  it('refuses the genuine response after a tampered one, even with the cookies from before the tampered attempt', async () => {
    // The default cookie store: the pending login lives in the browser; an attacker who kept its cookies must
    // not be able to bring a used login back (the first delivery consumes it on the server too).
    const login = await request(server).get('/login').expect(302);
    const cookies = ([] as string[]).concat(login.headers['set-cookie'] ?? []).map((c) => c.split(';', 1)[0]!);
    const outcome = await completeLogin(login.headers.location!);
    if (outcome.kind !== 'redirect') throw new Error('expected a redirect');
    const response = new URL(outcome.url).searchParams.get('response')!;
    const tokens = testAs.as.tokenRequests;
    const bad = await request(server)
      .get('/callback')
      .query({ response: tamper(response) })
      .set('Cookie', cookies);
    expect(bad.body.error).toBe('ERR_JARM_SIGNATURE_INVALID');
    const genuine = await request(server).get('/callback').query({ response }).set('Cookie', cookies);
    expect([genuine.status, genuine.body.error]).toEqual([400, 'ERR_STATE_UNKNOWN']);
    expect(sessionCookie(genuine)).toBeUndefined();
    expect(testAs.as.tokenRequests).toBe(tokens);
  });

  it('shows a browser the refusal code in an HTML page without a stack trace', async () => {
    const agent = request.agent(server);
    const response = await responseFor(agent);
    const res = await agent
      .get('/callback')
      .query({ response: tamper(response) })
      .set('accept', 'text/html,application/xhtml+xml');
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('<code id="error-code">ERR_JARM_SIGNATURE_INVALID</code>');
    expect(res.text).not.toMatch(/\bat \S+ \(|\.ts:\d+|node_modules/);
  });

  it('refuses a response delivered to another browser with ERR_STATE_UNKNOWN', async () => {
    const response = await responseFor(request.agent(server));
    const tokens = testAs.as.tokenRequests;
    const res = await request(server).get('/callback').query({ response });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('ERR_STATE_UNKNOWN');
    expect(testAs.as.tokenRequests).toBe(tokens);
  });

  it('refuses a /login response delivered to /passport/callback with ERR_TRANSACTION_MISMATCH (cross-callback)', async () => {
    const agent = request.agent(server);
    const response = await responseFor(agent);
    const tokens = testAs.as.tokenRequests;
    const res = await agent.get('/passport/callback').query({ response });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('ERR_TRANSACTION_MISMATCH');
    expect(sessionCookie(res)).toBeUndefined();
    expect(testAs.as.tokenRequests).toBe(tokens);
    const { body } = await admin.get('/approvals').expect(200);
    expect(body.entries[0]).toMatchObject({ outcome: 'refused', code: 'ERR_TRANSACTION_MISMATCH' });
  });

  it('refuses a replayed response', async () => {
    const agent = request.agent(server);
    const response = await responseFor(agent);
    await agent.get('/callback').query({ response }).expect(303);
    const replay = await agent.get('/callback').query({ response });
    expect(replay.status).toBe(400);
    // The first delivery consumed the login: the replay finds no login for its state (before any JWS work).
    expect(replay.body.error).toBe('ERR_STATE_UNKNOWN');
  });

  it('answers access_denied with 403 and ERR_AUTHORIZATION_ERROR, no session', async () => {
    const agent = request.agent(server);
    const tokens = testAs.as.tokenRequests;
    const res = await deliver(agent, await beginLogin(agent, { deny: true }));
    expect(res.status).toBe(403);
    expect(res.body).toEqual({
      error: 'ERR_AUTHORIZATION_ERROR',
      message: expect.any(String),
      authorizationError: 'access_denied',
      recovery: 'restart',
      restartUrl: '/login',
    });
    expect(sessionCookie(res)).toBeUndefined();
    expect(testAs.as.tokenRequests).toBe(tokens);
    const { body } = await admin.get('/approvals').expect(200);
    expect(body.entries[0]).toMatchObject({
      outcome: 'refused',
      code: 'ERR_AUTHORIZATION_ERROR',
      error: 'access_denied',
    });
  });

  it('refuses an unsigned code and state with ERR_JARM_RESPONSE_MISSING', async () => {
    const res = await request(server).get('/callback').query({ code: 'abc', state: 'xyz' });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('ERR_JARM_RESPONSE_MISSING');
  });

  it('refuses unsigned parameters beside the response', async () => {
    const agent = request.agent(server);
    const response = await responseFor(agent);
    const res = await agent.get('/callback').query({ response, code: 'injected' });
    expect(res.body.error).toBe('ERR_JARM_UNEXPECTED_PARAMETERS');
  });

  describe('bad input answers 4xx with a code, never 500', () => {
    it('refuses POST /callback with application/json (415)', async () => {
      const res = await request(server)
        .post('/callback')
        .set('content-type', 'application/json')
        .send(JSON.stringify({ response: 'a.b.c' }));
      expect(res.status).toBe(415);
      expect(res.body.error).toBe('ERR_CALLBACK_MEDIA_TYPE_UNSUPPORTED');
    });

    it('refuses POST /callback with malformed JSON (which the body parser refuses first) with 415 and the code', async () => {
      const res = await request(server).post('/callback').set('content-type', 'application/json').send('{"response":');
      expect(res.status).toBe(415);
      expect(res.body.error).toBe('ERR_CALLBACK_MEDIA_TYPE_UNSUPPORTED');
      expect(res.text).not.toMatch(/\bat \S+ \(|node_modules/);
    });

    it('refuses POST /callback with a media type the platform has no parser for with 415 and the code', async () => {
      const res = await request(server).post('/callback').set('content-type', 'application/xml').send('<x/>');
      expect(res.status).toBe(415);
      expect(res.body.error).toBe('ERR_CALLBACK_MEDIA_TYPE_UNSUPPORTED');
    });

    it.each(['put', 'patch', 'delete', 'options'] as const)(
      'refuses %s on /callback with 405 ERR_CALLBACK_METHOD_NOT_ALLOWED and Allow: GET, POST',
      async (method) => {
        const res = await request(server)[method]('/callback').set('accept', 'application/json');
        expect(res.status).toBe(405);
        expect(res.headers['allow']).toBe('GET, POST');
        expect(res.body.error).toBe('ERR_CALLBACK_METHOD_NOT_ALLOWED');
      },
    );

    it('answers a browser refused by the platform with the HTML refusal page naming the code', async () => {
      const res = await request(server).put('/callback').set('accept', 'text/html');
      expect(res.status).toBe(405);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).toContain('<code id="error-code">ERR_CALLBACK_METHOD_NOT_ALLOWED</code>');
    });

    it('refuses POST /callback with text/plain', async () => {
      const res = await request(server).post('/callback').set('content-type', 'text/plain').send('response=a.b.c');
      expect(res.status).toBe(415);
      expect(res.body.error).toBe('ERR_CALLBACK_MEDIA_TYPE_UNSUPPORTED');
      expect(res.text).not.toMatch(/\bat \S+ \(|node_modules/);
    });

    it('refuses an oversized response parameter with ERR_JARM_RESPONSE_TOO_LARGE', async () => {
      const res = await request(server)
        .post('/callback')
        .type('form')
        .send({ response: 'a'.repeat(20_000) });
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('ERR_JARM_RESPONSE_TOO_LARGE');
    });

    it("refuses a body over the body parser's bound before parsing it with 413 ERR_CALLBACK_BODY_TOO_LARGE", async () => {
      const res = await request(server)
        .post('/callback')
        .type('form')
        .send(`response=${'a'.repeat(300_000)}`);
      expect(res.status).toBe(413);
      expect(res.body.error).toBe('ERR_CALLBACK_BODY_TOO_LARGE');
      expect(res.text).not.toMatch(/\bat \S+ \(|node_modules/);
    });

    it('refuses a 12 KB query response that is no JWS with ERR_JARM_MALFORMED, never a 500', async () => {
      // Node's 16 KiB header limit (431, before the app) is tighter than maxResponseSize for a query: a longer
      // query never reaches Signet. Within it, the length alone is no problem; the shape is.
      const res = await request(server).get(`/callback?response=${'a'.repeat(12_000)}`);
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('ERR_JARM_MALFORMED');
    });

    it('refuses repeated response parameters in the query with ERR_JARM_RESPONSE_DUPLICATED', async () => {
      const res = await request(server).get('/callback?response=a.b.c&response=d.e.f');
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('ERR_JARM_RESPONSE_DUPLICATED');
    });

    it('refuses repeated response fields in a form body with ERR_JARM_RESPONSE_DUPLICATED', async () => {
      const res = await request(server).post('/callback').type('form').send('response=a.b.c&response=d.e.f');
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('ERR_JARM_RESPONSE_DUPLICATED');
    });

    it('refuses a nested form field with a code', async () => {
      const res = await request(server).post('/callback').type('form').send('response[x]=1');
      expect(res.status).toBe(400);
      expect(res.body.error).toMatch(/^ERR_JARM_/);
    });

    it('refuses a bad relay marker', async () => {
      const res = await request(server).post('/callback').type('form').send('response=a.b.c&signet_relay=other');
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('ERR_JARM_UNEXPECTED_PARAMETERS');
    });

    it('refuses a malformed percent-encoding with a code', async () => {
      const res = await request(server).get('/callback?response=%E0%A4%A');
      expect(res.status).toBe(400);
      expect(res.body.error).toMatch(/^ERR_JARM_/);
    });

    it('never lets a refusal sign anyone in', async () => {
      const agent = request.agent(server);
      await agent.get('/callback?response=a.b.c').expect(400);
      await agent.get('/me').expect(401);
    });
  });
});
