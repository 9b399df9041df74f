import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  Controller,
  Get,
  Injectable,
  Module,
  Post,
  Redirect,
  Req,
  Res,
  UseFilters,
  UseGuards,
  type CanActivate,
  type ExecutionContext,
  type INestApplication,
  type LoggerService,
  type Type,
} from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { SignetError } from '@signet/core';
import { SIGNET_PAGE_CSP } from '@signet/core/http';
import { completeLogin } from '@signet/dev-as/testing';
import type { Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import request from 'supertest';
import {
  SignetAuthenticated,
  SignetCallback,
  SignetExceptionFilter,
  SignetLogin,
  SignetModule,
  SignetSameOriginGuard,
  SignetSessionService,
  SignetUser,
  type SignetModuleOptions,
  type SignetSession,
} from '../src/index.js';
import { resolveSessionSettings, sealSession } from '../src/signet-session.js';
import { PLATFORMS, type Platform } from './support/create-app.js';
import { startTestAs, type TestAs } from './support/dev-as.js';

// An attacker's and a maintainer's view of the NestJS adapter: bad input gets a 4xx with a code, never a 500;
// relay pages never post off-origin; state-changing session routes refuse other sites.

const REDIRECT_URI = 'http://127.0.0.1:4998/callback';
const SECRET = 'hardening-cookie-secret-of-at-least-32-characters';

@Controller()
class HardeningController {
  constructor(private readonly sessions: SignetSessionService) {}

  @Get('login')
  @SignetLogin()
  login() {}

  @Get('login/fragment')
  @SignetLogin({ responseMode: 'fragment.jwt' })
  loginFragment() {}

  @Get('callback')
  @SignetCallback()
  @Redirect('/', 303)
  callback() {}

  @Post('callback')
  @SignetCallback()
  @Redirect('/', 303)
  callbackPost() {}

  @Get('me')
  @SignetAuthenticated()
  me(@SignetUser() session: SignetSession) {
    return { sub: session.sub };
  }

  @Post('logout')
  @UseGuards(SignetSameOriginGuard)
  @Redirect('/', 303)
  logout(@Req() req: object, @Res({ passthrough: true }) res: object) {
    this.sessions.signOut(req, res);
  }

  /** A handler that has started its answer when a Signet refusal is thrown. */
  @Get('late')
  @UseFilters(SignetExceptionFilter)
  late(@Res() res: { raw?: { write(chunk: string): void }; write(chunk: string): void }) {
    (res.raw ?? res).write('partial');
    throw new SignetError('ERR_JARM_MALFORMED');
  }
}

/** An application's own global guard that looks at the session, as many apps do, without a response object. */
@Injectable()
class PeekSessionGuard implements CanActivate {
  constructor(private readonly sessions: SignetSessionService) {}
  canActivate(context: ExecutionContext): boolean {
    this.sessions.get(context.switchToHttp().getRequest<object>());
    return true;
  }
}

/** Keeps what Nest logs at error level, so a test can tell that nothing threw behind the answer. */
class CapturingLogger implements LoggerService {
  readonly errors: unknown[] = [];
  log() {}
  warn() {}
  debug() {}
  verbose() {}
  error(message: unknown) {
    this.errors.push(message);
  }
}

async function createApp(
  options: SignetModuleOptions,
  platform: Platform,
  extra: { providers?: unknown[]; fastify?: Record<string, unknown>; logger?: LoggerService } = {},
): Promise<INestApplication> {
  @Module({
    imports: [SignetModule.forRoot({ ...options, isGlobal: true })],
    controllers: [HardeningController],
    providers: (extra.providers ?? []) as Type[],
  })
  class HardeningModule {}
  const moduleRef = await Test.createTestingModule({ imports: [HardeningModule] }).compile();
  const app =
    platform === 'fastify'
      ? moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(extra.fastify))
      : moduleRef.createNestApplication();
  app.useLogger(extra.logger ?? false);
  await app.init();
  if (platform === 'fastify') await (app as NestFastifyApplication).getHttpAdapter().getInstance().ready();
  return app;
}

/** Sends one request line as written (absolute-form targets included), answers status line, headers and body. */
async function raw(app: INestApplication, head: string, body = ''): Promise<{ status: number; text: string }> {
  const server = app.getHttpServer() as Server;
  if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const text = await new Promise<string>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () =>
      socket.write(
        `${head}\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      ),
    );
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString()));
    socket.on('end', () => resolve(received));
    socket.on('error', reject);
  });
  return { status: Number(text.split(' ', 2)[1]), text };
}

/** The `action` of every form in a page (undefined for a form without one). */
function formActions(html: string): Array<string | undefined> {
  return [...html.matchAll(/<form\b[^>]*>/g)].map((m) => /\baction="([^"]*)"/.exec(m[0])?.[1]);
}

describe.each(PLATFORMS)('NestJS adapter hardening on %s', (platform) => {
  let testAs: TestAs;
  let app: INestApplication;
  let options: SignetModuleOptions;
  const logger = new CapturingLogger();

  beforeAll(async () => {
    testAs = await startTestAs({ redirectUri: REDIRECT_URI });
    options = {
      issuer: testAs.as.issuer,
      clientId: 'test-rp',
      redirectUri: REDIRECT_URI,
      signingKeys: testAs.signingKey,
      cookieSecret: SECRET,
    };
    app = await createApp(options, platform, { logger });
  });

  afterAll(async () => {
    await app?.close();
    await testAs?.as.close();
  });

  /** A browser that signed in: its agent holds the session cookie. */
  async function signedIn() {
    const agent = request.agent(app.getHttpServer());
    const login = await agent.get('/login').expect(302);
    const outcome = await completeLogin(login.headers.location!);
    if (outcome.kind !== 'redirect') throw new Error('expected a redirect');
    const back = new URL(outcome.url);
    await agent.get(back.pathname + back.search).expect(303);
    await agent.get('/me').expect(200);
    return agent;
  }

  describe('the session', () => {
    it('answers a login with its redirect after another guard read the session without a response object', async () => {
      const peeking = await createApp(options, platform, {
        providers: [{ provide: APP_GUARD, useClass: PeekSessionGuard }],
      });
      try {
        const login = await request(peeking.getHttpServer()).get('/login');
        expect(login.status).toBe(302);
        expect(String(login.headers['set-cookie'])).toContain('signet.b.');
      } finally {
        await peeking.close();
      }
    });

    it('refuses a cross-site POST to a sign-out route with ERR_SESSION_CROSS_SITE and keeps the session', async () => {
      const agent = await signedIn();
      const res = await agent
        .post('/logout')
        .set('sec-fetch-site', 'cross-site')
        .set('origin', 'https://evil.example')
        .expect(403);
      expect(res.body.error).toBe('ERR_SESSION_CROSS_SITE');
      expect(String(res.headers['set-cookie'] ?? '')).not.toContain('signet.session=');
      await agent.get('/me').expect(200);
    });

    it('refuses a POST whose Origin is another site when the browser sends no Sec-Fetch-Site', async () => {
      const agent = await signedIn();
      const res = await agent.post('/logout').set('origin', 'https://evil.example').expect(403);
      expect(res.body.error).toBe('ERR_SESSION_CROSS_SITE');
      await agent.get('/me').expect(200);
    });

    it('refuses a POST from an opaque origin (sandboxed frame, data: URL)', async () => {
      const res = await request(app.getHttpServer()).post('/logout').set('origin', 'null').expect(403);
      expect(res.body.error).toBe('ERR_SESSION_CROSS_SITE');
    });

    it('signs out on a same-origin POST', async () => {
      const agent = await signedIn();
      const server = app.getHttpServer() as Server;
      if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
      await agent.post('/logout').set('sec-fetch-site', 'same-origin').expect(303);
      await agent.get('/me').expect(401);
      const other = await signedIn();
      await other.post('/logout').set('host', host).set('origin', `http://${host}`).expect(303);
      await other.get('/me').expect(401);
    });

    it('refuses a request carrying a forged session cookie beside the real one (cookie tossing) with ERR_COOKIE_DUPLICATED', async () => {
      const agent = request.agent(app.getHttpServer());
      const login = await agent.get('/login').expect(302);
      const outcome = await completeLogin(login.headers.location!);
      if (outcome.kind !== 'redirect') throw new Error('expected a redirect');
      const back = new URL(outcome.url);
      const callback = await agent.get(back.pathname + back.search).expect(303);
      const valid = (callback.headers['set-cookie'] as unknown as string[])
        .find((c) => c.startsWith('signet.session='))!
        .split(';', 1)[0]!;
      const server = app.getHttpServer();
      await request(server).get('/me').set('cookie', `other=%ZZ; ${valid}`).expect(200);
      const res = await request(server)
        .get('/me')
        .set('cookie', `signet.session=%E0%A4%A; other=%ZZ; ${valid}`)
        .expect(400);
      expect(res.body.error).toBe('ERR_COOKIE_DUPLICATED');
    });

    it('refuses a correctly signed session whose fields have the wrong types with 401, not a fault', async () => {
      // Signed with the app's secret, as an older or another cookie format under the same secret would be.
      const settings = resolveSessionSettings(options);
      const odd = { sub: 'alice', iss: 'x', scope: 5, claims: 'none', iat: 0, exp: Math.floor(Date.now() / 1000) + 60 };
      const cookie = sealSession(odd as unknown as SignetSession, settings);
      const res = await request(app.getHttpServer()).get('/me').set('cookie', `signet.session=${cookie}`).expect(401);
      expect(res.body.error).toBe('ERR_SESSION_REQUIRED');
    });

    it('answers a request with hundreds of cookies without a fault', async () => {
      const cookies = Array.from({ length: 300 }, (_, i) => `c${i}=${i}`).join('; ');
      const res = await request(app.getHttpServer()).get('/me').set('cookie', cookies).expect(401);
      expect(res.body.error).toBe('ERR_SESSION_REQUIRED');
    });

    it('sets the session cookie HttpOnly, SameSite=Lax, Path=/ with a lifetime', async () => {
      const agent = request.agent(app.getHttpServer());
      const login = await agent.get('/login').expect(302);
      const outcome = await completeLogin(login.headers.location!);
      if (outcome.kind !== 'redirect') throw new Error('expected a redirect');
      const back = new URL(outcome.url);
      const res = await agent.get(back.pathname + back.search).expect(303);
      const cookie = (res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('signet.session='))!;
      expect(cookie).toMatch(/; HttpOnly/);
      expect(cookie).toMatch(/; SameSite=Lax/);
      expect(cookie).toMatch(/; Path=\/(;|$)/);
      expect(cookie).toMatch(/; Max-Age=\d+/);
    });
  });

  describe('the relay pages', () => {
    it('posts the fragment relay back to its own page, never to a target taken from the request line', async () => {
      const res = await raw(app, 'GET http://evil.example/callback HTTP/1.1');
      expect(res.status).toBe(200);
      expect(res.text).not.toContain('evil.example');
      const actions = formActions(res.text);
      expect(actions.length).toBeGreaterThan(0);
      for (const action of actions) expect(action === undefined || /^\/(?![/\\])/.test(action)).toBe(true);
    });

    it('posts a bounced form_post back to its own page, never to a target taken from the request line', async () => {
      const res = await raw(
        app,
        'POST http://evil.example/callback HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded',
        'response=a.b.c',
      );
      expect(res.status).toBe(200);
      expect(res.text).not.toContain('evil.example');
      const actions = formActions(res.text);
      expect(actions.length).toBeGreaterThan(0);
      for (const action of actions) expect(action === undefined || /^\/(?![/\\])/.test(action)).toBe(true);
    });

    it("escapes every relayed field and sends core's one hash-based page CSP", async () => {
      const post = () =>
        request(app.getHttpServer())
          .post('/callback')
          .type('form')
          .send({ response: '"><script>alert(1)</script>', iss: "'onmouseover='x" })
          .expect(200);
      const [a, b] = [await post(), await post()];
      expect(a.text).not.toContain('<script>alert(1)');
      expect(a.text).not.toContain("'onmouseover");
      expect(a.text).toContain('&#34;&#62;&#60;script&#62;');
      expect(a.headers['content-security-policy']).toBe(SIGNET_PAGE_CSP);
      expect(b.headers['content-security-policy']).toBe(SIGNET_PAGE_CSP);
      expect(SIGNET_PAGE_CSP).not.toContain('unsafe-inline');
      expect(SIGNET_PAGE_CSP).toContain("form-action 'self'");
    });

    it('cannot relabel a query.jwt response as a relayed fragment: the mode check refuses it, no token request', async () => {
      const agent = request.agent(app.getHttpServer());
      const login = await agent.get('/login').expect(302);
      const outcome = await completeLogin(login.headers.location!);
      if (outcome.kind !== 'redirect') throw new Error('expected a redirect');
      const response = new URL(outcome.url).searchParams.get('response')!;
      const tokens = testAs.as.tokenRequests;
      const res = await agent
        .post('/callback')
        .type('form')
        .set('sec-fetch-site', 'same-origin')
        .send({ response, signet_relay: 'fragment' })
        .expect(400);
      expect(res.body.error).toBe('ERR_JARM_RESPONSE_MODE_MISMATCH');
      expect(testAs.as.tokenRequests).toBe(tokens);
    });
  });

  describe('bad input to the callback', () => {
    it('answers another method with 405, the code and an Allow header', async () => {
      const res = await request(app.getHttpServer()).head('/callback?response=a.b.c').expect(405);
      expect(res.headers['allow']).toBe('GET, POST');
    });

    it('names no attacker-chosen content type in a 415 refusal', async () => {
      const res = await request(app.getHttpServer())
        .post('/callback')
        .set('content-type', 'text/<script>x</script>')
        .send('response=a.b.c')
        .expect(415);
      // Fastify refuses a media type it has no parser for before any route runs (its own 415, no Signet code).
      if (platform === 'express') expect(res.body.error).toBe('ERR_CALLBACK_MEDIA_TYPE_UNSUPPORTED');
      expect(JSON.stringify(res.body)).not.toContain('<script>');
    });

    it('refuses text/plain with 415 and the code', async () => {
      const res = await request(app.getHttpServer())
        .post('/callback')
        .set('content-type', 'text/plain')
        .send('response=a.b.c')
        .expect(415);
      expect(res.body.error).toBe('ERR_CALLBACK_MEDIA_TYPE_UNSUPPORTED');
    });

    it('reads a form whose content type carries a charset parameter', async () => {
      const res = await request(app.getHttpServer())
        .post('/callback')
        .set('content-type', 'application/x-www-form-urlencoded; charset=UTF-8')
        .set('sec-fetch-site', 'same-origin')
        .send('response=a.b.c')
        .expect(400);
      expect(res.body.error).toBe('ERR_JARM_MALFORMED');
    });

    it('refuses a structured (bracketed) response field with a code', async () => {
      const res = await request(app.getHttpServer())
        .post('/callback')
        .type('form')
        .set('sec-fetch-site', 'same-origin')
        .send('response[a]=1&signet_relay=form_post')
        .expect(400);
      // Express's extended form parser makes `response` an object (not a JWS); Fastify's keeps `response[a]` as a
      // name of its own, so no `response` arrives at all. Each is refused with its own code.
      expect(res.body.error).toBe(platform === 'express' ? 'ERR_JARM_MALFORMED' : 'ERR_JARM_RESPONSE_MISSING');
    });

    it('refuses a repeated relay marker with ERR_JARM_UNEXPECTED_PARAMETERS', async () => {
      const res = await request(app.getHttpServer())
        .post('/callback')
        .type('form')
        .send('response=a.b.c&signet_relay=fragment&signet_relay=form_post')
        .expect(400);
      expect(res.body.error).toBe('ERR_JARM_UNEXPECTED_PARAMETERS');
    });

    it('refuses an oversized form response with ERR_JARM_RESPONSE_TOO_LARGE', async () => {
      const res = await request(app.getHttpServer())
        .post('/callback')
        .type('form')
        .send(`response=${'a'.repeat(20_000)}`)
        .expect(400);
      expect(res.body.error).toBe('ERR_JARM_RESPONSE_TOO_LARGE');
    });

    it('keeps a malformed percent-escape in the query a coded refusal', async () => {
      const res = await request(app.getHttpServer()).get('/callback?response=%E0%A4%A').expect(400);
      expect(res.body.error).toBe('ERR_JARM_MALFORMED');
    });
  });

  describe('the exception filter', () => {
    it('ends a response whose headers were already sent, without an error behind it', async () => {
      logger.errors.length = 0;
      const res = await request(app.getHttpServer()).get('/late');
      expect(res.text).toBe('partial');
      expect(logger.errors).toEqual([]);
    });
  });
});

describe('NestJS adapter hardening on fastify with ignoreDuplicateSlashes', () => {
  let testAs: TestAs;
  let app: INestApplication;

  beforeAll(async () => {
    testAs = await startTestAs({ redirectUri: REDIRECT_URI });
    app = await createApp(
      {
        issuer: testAs.as.issuer,
        clientId: 'test-rp',
        redirectUri: REDIRECT_URI,
        signingKeys: testAs.signingKey,
        cookieSecret: SECRET,
      },
      'fastify',
      { fastify: { ignoreDuplicateSlashes: true } },
    );
  });

  afterAll(async () => {
    await app?.close();
    await testAs?.as.close();
  });

  it('never answers a relay form whose action is protocol-relative (//host)', async () => {
    const res = await request(app.getHttpServer()).get('//callback').expect(200);
    expect(res.text).toContain('signet_relay');
    const actions = formActions(res.text);
    expect(actions.length).toBeGreaterThan(0);
    for (const action of actions) expect(action === undefined || /^\/(?![/\\])/.test(action)).toBe(true);
  });
});
