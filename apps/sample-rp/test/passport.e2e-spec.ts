import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { completeLogin, type LoginOutcome } from '@signet/dev-as/testing';
import request from 'supertest';
import { startSampleAs, type SampleAs } from './support/dev-as.js';
import {
  deliver,
  PLATFORMS,
  sampleEnv,
  sessionCookie,
  startSample,
  type Agent,
  type Platform,
} from './support/sample-app.js';

// The sample's Passport sign-in path (/passport/login, /passport/callback) through the real bootstrap on both
// platforms: @nestjs/passport on Express, @fastify/passport on Fastify, the same SignetStrategy, against dev-as.

let testAs: SampleAs;
beforeAll(async () => {
  testAs = await startSampleAs();
});
afterAll(async () => {
  await testAs?.as.close();
});

/** GET /passport/login (the strategy's 303), then dev-as's login and consent pages. */
async function beginPassportLogin(agent: Agent, deny = false): Promise<LoginOutcome> {
  const login = await agent.get('/passport/login').expect(303);
  expect(login.headers['cache-control']).toBe('no-store');
  const authorization = new URL(login.headers.location!);
  expect(authorization.origin).toBe(testAs.as.issuer);
  // Pushed (PAR): the front channel carries only the client and the request_uri.
  expect([...authorization.searchParams.keys()].sort()).toEqual(['client_id', 'request_uri']);
  return completeLogin(login.headers.location!, deny ? { deny: true } : {});
}

/** The signed response of a query-delivered outcome, checked to come back to the Passport callback. */
function passportResponse(outcome: LoginOutcome): string {
  if (outcome.kind !== 'redirect') throw new Error('expected a redirect');
  const back = new URL(outcome.url);
  expect(back.pathname).toBe('/passport/callback');
  return back.searchParams.get('response')!;
}

/** Flips one character of the signature: still base64url, no longer the AS's signature. */
function tamper(jwt: string): string {
  const [header, payload, signature] = jwt.split('.');
  return `${header}.${payload}.${signature!.startsWith('A') ? 'B' : 'A'}${signature!.slice(1)}`;
}

describe.each(PLATFORMS)('the Passport path on %s', (platform: Platform) => {
  let app: INestApplication;
  let server: ReturnType<INestApplication['getHttpServer']>;

  beforeAll(async () => {
    app = await startSample(sampleEnv(testAs, platform));
    server = app.getHttpServer();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('signs in: 303 to / with the session the Signet guards read, /me has the subject', async () => {
    const agent = request.agent(server);
    const tokens = testAs.as.tokenRequests;
    const callback = await deliver(agent, await beginPassportLogin(agent));
    expect(callback.status).toBe(303);
    expect(callback.headers.location).toBe('/');
    expect(sessionCookie(callback)).toMatch(/HttpOnly; SameSite=Lax/);
    // The pending login's cookie (the sample's sealed cookie store) is cleared beside the session it set.
    const cleared = ([] as string[]).concat(callback.headers['set-cookie'] ?? []).filter((c) => /Max-Age=0/.test(c));
    expect(cleared.map((c) => c.split('=', 1)[0])).toEqual([expect.stringMatching(/^signet\.tx\./)]);
    expect(testAs.as.tokenRequests).toBe(tokens + 1);
    const me = await agent.get('/me').expect(200);
    expect(me.body).toMatchObject({ sub: 'alice', iss: testAs.as.issuer });
  });

  it('refuses a tampered response with 400 ERR_JARM_SIGNATURE_INVALID: no session, no token request', async () => {
    const agent = request.agent(server);
    const response = passportResponse(await beginPassportLogin(agent));
    const tokens = testAs.as.tokenRequests;
    const res = await agent.get('/passport/callback').query({ response: tamper(response) });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'ERR_JARM_SIGNATURE_INVALID' });
    expect(sessionCookie(res)).toBeUndefined();
    expect(testAs.as.tokenRequests).toBe(tokens);
    await agent.get('/me').expect(401);
  });

  it('refuses a response delivered to another browser with 400 ERR_STATE_UNKNOWN', async () => {
    const response = passportResponse(await beginPassportLogin(request.agent(server)));
    const tokens = testAs.as.tokenRequests;
    const res = await request(server).get('/passport/callback').query({ response });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'ERR_STATE_UNKNOWN' });
    expect(testAs.as.tokenRequests).toBe(tokens);
  });

  it('refuses a replayed response with 400 ERR_STATE_UNKNOWN (the login was consumed)', async () => {
    const agent = request.agent(server);
    const response = passportResponse(await beginPassportLogin(agent));
    await agent.get('/passport/callback').query({ response }).expect(303);
    const tokens = testAs.as.tokenRequests;
    const replay = await agent.get('/passport/callback').query({ response });
    expect(replay.status).toBe(400);
    expect(replay.body).toMatchObject({ error: 'ERR_STATE_UNKNOWN' });
    expect(testAs.as.tokenRequests).toBe(tokens);
  });

  it('answers a denied consent with 403 ERR_AUTHORIZATION_ERROR and the AS error, no session', async () => {
    const agent = request.agent(server);
    const tokens = testAs.as.tokenRequests;
    const res = await deliver(agent, await beginPassportLogin(agent, true));
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ error: 'ERR_AUTHORIZATION_ERROR', authorizationError: 'access_denied' });
    expect(sessionCookie(res)).toBeUndefined();
    expect(testAs.as.tokenRequests).toBe(tokens);
  });

  it('refuses a /login response delivered to /passport/callback with ERR_TRANSACTION_MISMATCH', async () => {
    const agent = request.agent(server);
    const login = await agent.get('/login').expect(302);
    const outcome = await completeLogin(login.headers.location!);
    if (outcome.kind !== 'redirect') throw new Error('expected a redirect');
    const response = new URL(outcome.url).searchParams.get('response')!;
    const res = await agent.get('/passport/callback').query({ response });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'ERR_TRANSACTION_MISMATCH' });
  });
});

describe.each(PLATFORMS)('the Passport path with form_post.jwt on %s', (platform: Platform) => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await startSample(sampleEnv(testAs, platform, { SIGNET_RESPONSE_MODE: 'form_post.jwt' }));
  });
  afterAll(async () => {
    await app?.close();
  });

  it('bounces the cross-site post through the relay page, then signs in', async () => {
    const agent = request.agent(app.getHttpServer());
    const outcome = await beginPassportLogin(agent);
    if (outcome.kind !== 'form_post') throw new Error('expected a form_post');
    expect(new URL(outcome.action).pathname).toBe('/passport/callback');
    // The AS's post is cross-site: SameSite=Lax withholds the binding cookie, so the edge answers its relay page.
    const page = await request(app.getHttpServer())
      .post('/passport/callback')
      .set('sec-fetch-site', 'cross-site')
      .type('form')
      .send(outcome.fields);
    expect(page.status).toBe(200);
    expect(page.text).toContain('name="signet_relay" value="form_post"');
    const fields = Object.fromEntries(
      [...page.text.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)].map((m) => [m[1], m[2]]),
    );
    const res = await agent.post('/passport/callback').set('sec-fetch-site', 'same-origin').type('form').send(fields);
    expect(res.status).toBe(303);
    await agent.get('/me').expect(200);
  });
});

/** One bad or odd request, sent as written to either callback. */
interface EdgeCase {
  name: string;
  send: (path: string, server: Parameters<typeof request>[0]) => request.Test;
  status: number;
  /** The Signet code in the JSON body; undefined for an HTML page. */
  code?: string;
  /** What the HTML page (a relay page) must contain. */
  page?: string;
}

const EDGE_CASES: EdgeCase[] = [
  {
    name: 'a PUT (405, Allow)',
    send: (path, s) => request(s).put(path).set('accept', 'application/json'),
    status: 405,
    code: 'ERR_CALLBACK_METHOD_NOT_ALLOWED',
  },
  {
    name: 'a HEAD, which must not consume a login (405)',
    send: (path, s) => request(s).head(`${path}?response=a.b.c`),
    status: 405,
  },
  {
    name: 'a JSON POST (415)',
    send: (path, s) => request(s).post(path).set('content-type', 'application/json').send('{"response":"a.b.c"}'),
    status: 415,
    code: 'ERR_CALLBACK_MEDIA_TYPE_UNSUPPORTED',
  },
  {
    name: 'a form over the body bound (413)',
    send: (path, s) =>
      request(s)
        .post(path)
        .type('form')
        .send(`response=${'a'.repeat(300_000)}`),
    status: 413,
    code: 'ERR_CALLBACK_BODY_TOO_LARGE',
  },
  {
    name: 'an unsigned code and state',
    send: (path, s) => request(s).get(`${path}?code=abc&state=xyz`),
    status: 400,
    code: 'ERR_JARM_RESPONSE_MISSING',
  },
  {
    name: 'a repeated response parameter',
    send: (path, s) => request(s).get(`${path}?response=a.b.c&response=d.e.f`),
    status: 400,
    code: 'ERR_JARM_RESPONSE_DUPLICATED',
  },
  {
    name: 'a bad relay marker',
    send: (path, s) => request(s).post(path).type('form').send('response=a.b.c&signet_relay=other'),
    status: 400,
    code: 'ERR_JARM_UNEXPECTED_PARAMETERS',
  },
  {
    name: 'a response this browser began no login for',
    send: (path, s) => request(s).get(`${path}?response=a.b.c`),
    status: 400,
    code: 'ERR_STATE_UNKNOWN',
  },
  {
    name: 'a bare GET, as a fragment.jwt response lands (the relay page)',
    send: (path, s) => request(s).get(path),
    status: 200,
    page: '<script>',
  },
  {
    name: 'a cross-site form post without the binding cookie (the relay page)',
    send: (path, s) =>
      request(s).post(path).set('sec-fetch-site', 'cross-site').type('form').send('response=a.b.c&iss=x'),
    status: 200,
    page: 'name="signet_relay" value="form_post"',
  },
];

/** What a client sees of an answer: status, the code, the headers the edge sets, and the whole page when HTML. */
function seen(res: request.Response) {
  const html = /^text\/html/.test(res.headers['content-type'] ?? '');
  return {
    status: res.status,
    code: html ? undefined : (res.body as { error?: string }).error,
    allow: res.headers['allow'],
    cacheControl: res.headers['cache-control'],
    csp: res.headers['content-security-policy'],
    page: html ? res.text : undefined,
  };
}

// issue 14: the two adapters share core's one callback edge. The same request to the Nest guard's /callback and to
// the Passport strategy's /passport/callback gets the same answer (status, code, headers, the relay page byte
// for byte); only the recovery hints the Nest route adds (restartUrl) differ, and they are not compared.
describe.each(PLATFORMS)('one callback edge behind both adapters on %s', (platform: Platform) => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await startSample(sampleEnv(testAs, platform));
  });
  afterAll(async () => {
    await app?.close();
  });

  it.each(EDGE_CASES.map((c) => [c.name, c] as const))('answers %s alike', async (_name, edgeCase) => {
    const server = app.getHttpServer();
    const nest = seen(await edgeCase.send('/callback', server));
    const passport = seen(await edgeCase.send('/passport/callback', server));
    expect(passport).toEqual(nest);
    expect(nest.status).toBe(edgeCase.status);
    expect(nest.code).toBe(edgeCase.code);
    if (edgeCase.status === 405) expect(nest.allow).toBe('GET, POST');
    if (edgeCase.page === undefined) expect(nest.page).toBeUndefined();
    else expect(nest.page).toContain(edgeCase.page);
  });
});
