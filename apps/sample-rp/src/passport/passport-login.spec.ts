import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Controller, Get, type INestApplication } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import express from 'express';
import { generateRpKeys, startDevAs, toPublicJwks, type DevAs } from '@signet/dev-as';
import { completeLogin } from '@signet/dev-as/testing';
import { SignetAuthenticated, SignetModule, SignetUser, type SignetSession } from '@signet/nestjs';
import { ApprovalLogModule } from '../approval-log/approval-log.module.js';
import { ApprovalLogService } from '../approval-log/approval-log.service.js';
import { SampleEnvironmentModule } from '../sample-environment.module.js';
import { SignOutModule } from '../sign-out/sign-out.module.js';
import { PassportLoginModule } from './passport-login.module.js';

// The Passport sign-in path of the sample app, beside SignetModule as the app configures it, against dev-as.

/** Stands in for the app's /me: a route behind the Signet session guard. */
@Controller()
class MeController {
  @Get('me')
  @SignetAuthenticated()
  me(@SignetUser() session: SignetSession) {
    return { sub: session.sub };
  }
}

let as: DevAs;
let app: INestApplication;
let server: Server;
let origin: string;

beforeAll(async () => {
  const expressApp = express();
  server = createServer(expressApp);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const rp = await generateRpKeys();
  as = await startDevAs({
    clients: [
      {
        client_id: 'sample-rp',
        redirect_uris: [`${origin}/callback`, `${origin}/passport/callback`],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'private_key_jwt',
        token_endpoint_auth_signing_alg: 'ES256',
        scope: 'openid profile',
        jwks: toPublicJwks(rp) as never,
        id_token_signed_response_alg: 'ES256',
        authorization_signed_response_alg: 'ES256',
      },
    ],
  });
  const moduleRef = await Test.createTestingModule({
    imports: [
      SignetModule.forRoot({
        issuer: as.issuer,
        clientId: 'sample-rp',
        redirectUri: `${origin}/callback`,
        signingKeys: rp.keys.filter((k) => k.use === 'sig'),
        cookieSecret: 'sample-rp-passport-spec-cookie-secret-0123456789',
        isGlobal: true,
      }),
      SampleEnvironmentModule.register({ SIGNET_REDIRECT_URI: `${origin}/callback` }),
      SignOutModule,
      ApprovalLogModule,
      PassportLoginModule,
    ],
    controllers: [MeController],
  }).compile();
  app = moduleRef.createNestApplication(new ExpressAdapter(expressApp), { logger: false });
  await app.init();
});

afterAll(async () => {
  await app?.close();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await as?.close();
});

/** A browser for the sample's origin: a cookie jar, no automatic redirects. */
class Browser {
  readonly cookies = new Map<string, string>();

  async get(path: string): Promise<Response> {
    const headers = new Headers({ accept: 'application/json' });
    if (this.cookies.size > 0) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(new URL(path, origin), { headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const [name, ...value] = pair!.split('=');
      if (attributes.some((a) => /^\s*max-age=0\s*$/i.test(a))) this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), value.join('='));
    }
    return res;
  }
}

/** /passport/login → the AS → the callback URL the AS sends the browser to (path and query). */
async function passportLogin(browser: Browser, deny = false): Promise<string> {
  const start = await browser.get('/passport/login');
  expect(start.status).toBe(303);
  const outcome = await completeLogin(start.headers.get('location')!, { deny });
  if (outcome.kind !== 'redirect') throw new Error('expected a redirect to the callback');
  const url = new URL(outcome.url);
  expect(url.pathname).toBe('/passport/callback');
  return url.pathname + url.search;
}

describe('the sample app signing in through Passport', () => {
  it('lands on / with the session cookie the Signet guards accept', async () => {
    const browser = new Browser();
    const res = await browser.get(await passportLogin(browser));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/');
    expect(browser.cookies.has('signet.session')).toBe(true);
    const me = await browser.get('/me');
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual({ sub: 'alice' });
  });

  it('records both halves of the Passport login in the one approval log', async () => {
    const log = app.get(ApprovalLogService);
    const before = (await log.page()).total;
    const browser = new Browser();
    await browser.get(await passportLogin(browser));
    const { entries, total } = await log.page();
    const [response, request] = entries;
    expect(total).toBe(before + 2);
    expect(request).toMatchObject({ type: 'authorization.request', clientId: 'sample-rp', delivery: 'par' });
    expect(response).toMatchObject({
      type: 'authorization.response',
      outcome: 'verified',
      subject: 'alice',
      stateHash: (request as { stateHash: string }).stateHash,
    });
  });

  it('answers a denied consent with 403 and the code, and opens no session', async () => {
    const browser = new Browser();
    const tokens = as.tokenRequests;
    const res = await browser.get(await passportLogin(browser, true));
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: 'ERR_AUTHORIZATION_ERROR', authorizationError: 'access_denied' });
    expect(browser.cookies.has('signet.session')).toBe(false);
    expect(as.tokenRequests).toBe(tokens);
  });

  it('refuses a tampered response with its code, no token request and no session', async () => {
    const browser = new Browser();
    const callback = new URL(await passportLogin(browser), origin);
    const [header, payload, signature] = callback.searchParams.get('response')!.split('.');
    const tampered = signature!.slice(0, 10) + (signature![10] === 'A' ? 'B' : 'A') + signature!.slice(11);
    const tokens = as.tokenRequests;
    const res = await browser.get(`/passport/callback?response=${header}.${payload}.${tampered}`);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'ERR_JARM_SIGNATURE_INVALID' });
    expect(browser.cookies.has('signet.session')).toBe(false);
    expect(as.tokenRequests).toBe(tokens);
  });
});
