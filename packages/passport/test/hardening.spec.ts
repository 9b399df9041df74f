import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import express, { type NextFunction, type Request, type Response } from 'express';
import passport from 'passport';
import request from 'supertest';
import { startDevAs, type DevAs } from '@signet/dev-as';
import { completeLogin } from '@signet/dev-as/testing';
import { MemoryTransactionStore } from '@signet/core';
import { formActions } from '../../../tools/test-kit/relay-page.js';
import { rawRequest } from '../../../tools/test-kit/raw-http.js';
import { SignetStrategy } from '../src/index.js';
import { listen } from './support/browser.js';
import { makeClient } from '../../../tools/test-kit/clients.js';

// An attacker's view of the strategy in a plain Express app: bad input gets a 4xx with a code, never a fault or a
// dropped connection; only GET and POST can deliver a response; relay pages never post off-origin.

let as: DevAs;
let rp: Awaited<ReturnType<typeof listen>>;

beforeAll(async () => {
  rp = await listen();
  const client = await makeClient('passport-hardening', 'ES256', { redirectUris: [`${rp.origin}/callback`] });
  as = await startDevAs({ clients: [client.metadata as never] });
  const authenticator = new passport.Passport();
  authenticator.use(
    new SignetStrategy(
      {
        issuer: as.issuer,
        clientId: client.clientId,
        redirectUri: `${rp.origin}/callback`,
        signingKeys: [client.signingKey],
        store: new MemoryTransactionStore(),
      },
      (result, done) => done(null, { sub: result.subject }),
    ),
  );
  const app = express();
  // Parsers an application commonly has in front of everything; none of them parses forms.
  app.use(express.json());
  app.use(express.text());
  app.use(authenticator.initialize());
  /** Every outcome as JSON: refusals with the status and challenge passport's fail() received. */
  const report = (req: Request, res: Response, next: NextFunction) =>
    authenticator.authenticate(
      'signet',
      { session: false },
      (err: (Error & { code?: string }) | null, user: unknown, info: unknown, status?: number) => {
        if (err) return res.status(500).json({ fault: err.code ?? 'unknown' });
        if (!user) return res.status(status ?? 401).json({ refused: info });
        res.json({ user });
      },
    )(req, res, next);
  app.get('/login', report);
  app.post('/login', report);
  app.all('/callback', report);
  // Mounted wherever else too, as `app.use(passport.authenticate(...))` would be: odd paths reach the strategy.
  app.use(report);
  rp.handle(app);
});

afterAll(async () => {
  await rp?.close();
  await as?.close();
});

/** A browser's agent that began a login and holds the AS's answer (query.jwt), not yet delivered. */
async function pendingLogin() {
  const agent = request.agent(rp.server);
  const login = await agent.get('/login').expect(303);
  const outcome = await completeLogin(login.headers.location!);
  if (outcome.kind !== 'redirect') throw new Error('expected a redirect');
  const back = new URL(outcome.url);
  return { agent, path: back.pathname + back.search, response: back.searchParams.get('response')! };
}

/** Sends a request line as written (absolute-form targets included); answers the status and the raw text. */
const raw = (head: string, body = '') => rawRequest(rp.server, head, body);

describe('methods at the callback', () => {
  it('refuses HEAD with 405 and an Allow header, without consuming the login or requesting a token', async () => {
    const { agent, path } = await pendingLogin();
    const tokens = as.tokenRequests;
    const head = await agent.head(path);
    expect(head.status).toBe(405);
    expect(head.headers['allow']).toBe('GET, POST');
    expect(as.tokenRequests).toBe(tokens);
    const res = await agent.get(path).expect(200);
    expect(res.body).toEqual({ user: { sub: 'alice' } });
  });

  it.each(['delete', 'put', 'options'] as const)(
    'refuses %s carrying a response with 405 and the code',
    async (method) => {
      const res = await request(rp.server)[method]('/callback?response=a.b.c');
      expect(res.status).toBe(405);
      if (method !== 'options') expect(res.body.refused.code).toBe('ERR_CALLBACK_METHOD_NOT_ALLOWED');
    },
  );
});

describe('bodies at the callback', () => {
  it('refuses a JSON body with 415 ERR_CALLBACK_MEDIA_TYPE_UNSUPPORTED, even when a JSON parser read it', async () => {
    const res = await request(rp.server).post('/callback').send({ response: 'a.b.c' }).expect(415);
    expect(res.body.refused.code).toBe('ERR_CALLBACK_MEDIA_TYPE_UNSUPPORTED');
  });

  it('refuses a text/plain body with 415, even when a text parser read it', async () => {
    const res = await request(rp.server)
      .post('/callback')
      .set('content-type', 'text/plain')
      .send('response=a.b.c')
      .expect(415);
    expect(res.body.refused.code).toBe('ERR_CALLBACK_MEDIA_TYPE_UNSUPPORTED');
  });

  it('refuses multipart with 415', async () => {
    const res = await request(rp.server).post('/callback').field('response', 'a.b.c').expect(415);
    expect(res.body.refused.code).toBe('ERR_CALLBACK_MEDIA_TYPE_UNSUPPORTED');
  });

  it('names no attacker-chosen content type in the refusal', async () => {
    const res = await request(rp.server)
      .post('/callback')
      .set('content-type', 'x/<script>alert(1)</script>')
      .send('response=a.b.c')
      .expect(415);
    expect(JSON.stringify(res.body)).not.toContain('<script>');
  });

  it('reads a form whose content type carries a charset parameter', async () => {
    const res = await request(rp.server)
      .post('/callback')
      .set('content-type', 'application/x-www-form-urlencoded; charset=UTF-8')
      .set('sec-fetch-site', 'same-origin')
      .send('response=a.b.c')
      .expect(400);
    expect(res.body.refused.code).toBe('ERR_JARM_MALFORMED');
  });

  it('answers an oversized form with 413 ERR_CALLBACK_BODY_TOO_LARGE instead of dropping the connection', async () => {
    const res = await request(rp.server)
      .post('/callback')
      .type('form')
      .send(`response=${'a'.repeat(300_000)}`);
    expect(res.status).toBe(413);
    expect(res.body.refused.code).toBe('ERR_CALLBACK_BODY_TOO_LARGE');
  });

  it('still starts a login on a JSON POST to the login route', async () => {
    const res = await request(rp.server).post('/login').send({ hint: 'x' });
    expect(res.status).toBe(303);
  });
});

describe('the request line', () => {
  it('answers an absolute-form target whose authority does not parse with a coded 4xx, not a fault', async () => {
    const res = await raw('GET http://x:99999/callback?response=a.b.c HTTP/1.1');
    expect(res.status).toBe(400);
    expect(res.text).toContain('ERR_JARM_MALFORMED');
  });

  it('posts a bounced form_post back to a path of this origin, never to the host named in the request line', async () => {
    const res = await raw(
      'POST http://evil.example/callback HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded',
      'response=a.b.c',
    );
    expect(res.status).toBe(200);
    expect(res.text).not.toContain('evil.example');
    // No action at all: the form posts to the page's own URL, which the browser keeps on this origin.
    expect(formActions(res.text)).toEqual([undefined]);
  });

  it('never answers a relay form whose action is protocol-relative (//host)', async () => {
    const res = await raw(
      'POST //evil.example/callback HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded',
      'response=a.b.c',
    );
    expect(res.status).toBe(200);
    expect(formActions(res.text)).toEqual([undefined]);
  });
});

describe('the relay pages', () => {
  it('escapes every relayed field', async () => {
    const res = await request(rp.server)
      .post('/callback')
      .type('form')
      .send({ response: '"><script>alert(1)</script>', iss: "'onmouseover='x" })
      .expect(200);
    expect(res.text).not.toContain('<script>alert(1)');
    expect(res.text).not.toContain("'onmouseover");
    expect(res.headers['content-security-policy']).toContain("form-action 'self'");
  });

  it('cannot relabel a query.jwt response as a relayed fragment: the mode check refuses it, no token request', async () => {
    const { agent, response } = await pendingLogin();
    const tokens = as.tokenRequests;
    const res = await agent
      .post('/callback')
      .type('form')
      .set('sec-fetch-site', 'same-origin')
      .send({ response, signet_relay: 'fragment' })
      .expect(400);
    expect(res.body.refused.code).toBe('ERR_JARM_RESPONSE_MODE_MISMATCH');
    expect(as.tokenRequests).toBe(tokens);
  });
});

describe('cookies', () => {
  it('keeps malformed and nameless cookies a coded refusal, never a fault', async () => {
    const res = await request(rp.server)
      .get('/callback?response=x.y.z')
      .set('cookie', 'signet.b.x=%E0%A4%A; novalue; =orphan; ; a=%ZZ; a=again')
      .expect(400);
    expect(res.body.refused.code).toBe('ERR_JARM_MALFORMED');
  });

  it('refuses a callback carrying two Signet cookies of one name (cookie tossing) with ERR_COOKIE_DUPLICATED, no token request', async () => {
    const login = await request(rp.server).get('/login').expect(303);
    const ours = (login.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';', 1)[0]!);
    const outcome = await completeLogin(login.headers.location!);
    if (outcome.kind !== 'redirect') throw new Error('expected a redirect');
    const back = new URL(outcome.url);
    const tokens = as.tokenRequests;
    // The binding cookie twice: ours, and one planted beside it from a sibling subdomain.
    const res = await request(rp.server)
      .get(back.pathname + back.search)
      .set('cookie', [...ours, `${ours[0]!.split('=', 1)[0]}=planted`].join('; '))
      .expect(400);
    expect(res.body.refused.code).toBe('ERR_COOKIE_DUPLICATED');
    expect(as.tokenRequests).toBe(tokens);
  });
});
