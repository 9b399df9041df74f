import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  All,
  Catch,
  Controller,
  Get,
  HttpException,
  Inject,
  Injectable,
  mixin,
  Req,
  UseFilters,
  UseGuards,
  type ArgumentsHost,
  type ExceptionFilter,
  type ExecutionContext,
  type INestApplication,
  type Type,
} from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import { AuthGuard, PassportStrategy, type IAuthGuard } from '@nestjs/passport';
import { Test } from '@nestjs/testing';
import express, { type Request, type Response as ExpressResponse } from 'express';
import { startDevAs, type DevAs } from '@signet/dev-as';
import { completeLogin } from '@signet/dev-as/testing';
import { AuthorizationServerError, SignetClient, SignetError, type LoginResult } from '@signet/core';
import { SignetStrategy, type SignetFailure } from '../src/index.js';
import { SignetAuthGuard } from '../src/nest.js';
import { Browser, listen } from './support/browser.js';
import { makeClient } from '../../../tools/test-kit/clients.js';

// @nestjs/passport's PassportStrategy mixin over SignetStrategy, in a small Nest app against dev-as.
// The mixin hands passport a `(...params) => this.validate(...params)` callback whose length is 0 (or, with
// callbackArity, whatever it is told): SignetStrategy must call it the same way regardless.

const CLIENT = Symbol('TEST_SIGNET_CLIENT');
const calls: Record<string, number[]> = {};

@Injectable()
class SignetAuth extends PassportStrategy(SignetStrategy, 'signet') {
  constructor(@Inject(CLIENT) client: SignetClient) {
    super({ client });
  }

  validate(result: LoginResult) {
    (calls.signet ??= []).push(arguments.length);
    return { sub: result.subject };
  }
}

/** Async, and declaring three parameters: openid-client's strategy would have read that as "wants userinfo". */
@Injectable()
class AsyncSignetAuth extends PassportStrategy(SignetStrategy, 'signet-async') {
  constructor(@Inject(CLIENT) client: SignetClient) {
    super({ client });
  }

  async validate(result: LoginResult, _done?: unknown, _userinfo?: unknown) {
    (calls.async ??= []).push(arguments.length);
    await new Promise((resolve) => setImmediate(resolve));
    return { sub: result.subject, via: 'async' };
  }
}

/** callbackArity: true makes the mixin report validate.length + 1 as the callback's length. */
@Injectable()
class ArityReportingAuth extends PassportStrategy(SignetStrategy, 'signet-arity', true) {
  constructor(@Inject(CLIENT) client: SignetClient) {
    super({ client });
  }

  validate(result: LoginResult) {
    (calls.arity ??= []).push(arguments.length);
    return { sub: result.subject, via: 'arity' };
  }
}

@Injectable()
class RequestAwareAuth extends PassportStrategy(SignetStrategy, 'signet-req') {
  constructor(@Inject(CLIENT) client: SignetClient) {
    super({ client, passReqToCallback: true });
  }

  validate(req: Request, result: LoginResult) {
    return { sub: result.subject, path: req.path };
  }
}

/** A guard as an app writes it: keeps the strategy's status and code instead of the default 401. */
function signetGuard(name: string): Type<IAuthGuard> {
  class SignetGuard extends AuthGuard(name) {
    override handleRequest<T>(
      err: unknown,
      user: T,
      info: SignetFailure | undefined,
      _context: ExecutionContext,
      status?: number,
    ): T {
      if (err) throw err;
      if (!user) throw new HttpException({ code: info?.code, error: info?.error }, status ?? 401);
      return user;
    }
  }
  return mixin(SignetGuard);
}

/** Shows what reached the exception filter: which class, and whether core's evidence came along. */
@Catch()
class InspectingFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const err = exception as SignetError & Partial<AuthorizationServerError>;
    host
      .switchToHttp()
      .getResponse<ExpressResponse>()
      .status(499)
      .json({
        signetError: exception instanceof SignetError,
        code: err.code,
        expected: err.expected,
        errorDescription: err.errorDescription,
      });
  }
}

@Controller()
class AuthController {
  /** The package's guard: a refusal reaches the filter as core's own error. */
  @All('kept/callback')
  @UseGuards(SignetAuthGuard('signet'))
  @UseFilters(InspectingFilter)
  keptCallback(@Req() req: Request) {
    return req.user;
  }

  @Get('login')
  @UseGuards(AuthGuard('signet'))
  login() {}

  @All('callback')
  @UseGuards(signetGuard('signet'))
  callback(@Req() req: Request) {
    return req.user;
  }

  @Get('async/login')
  @UseGuards(AuthGuard('signet-async'))
  asyncLogin() {}

  @Get('async/callback')
  @UseGuards(signetGuard('signet-async'))
  asyncCallback(@Req() req: Request) {
    return req.user;
  }

  @Get('arity/login')
  @UseGuards(AuthGuard('signet-arity'))
  arityLogin() {}

  @Get('arity/callback')
  @UseGuards(signetGuard('signet-arity'))
  arityCallback(@Req() req: Request) {
    return req.user;
  }

  @Get('req/login')
  @UseGuards(AuthGuard('signet-req'))
  reqLogin() {}

  @Get('req/callback')
  @UseGuards(signetGuard('signet-req'))
  reqCallback(@Req() req: Request) {
    return req.user;
  }
}

let as: DevAs;
let app: INestApplication;
let rp: Awaited<ReturnType<typeof listen>>;

beforeAll(async () => {
  rp = await listen();
  const registration = await makeClient('passport-nest', 'ES256', { redirectUris: [`${rp.origin}/callback`] });
  as = await startDevAs({ clients: [registration.metadata as never] });
  const client = await SignetClient.create({
    issuer: as.issuer,
    clientId: registration.clientId,
    redirectUri: `${rp.origin}/callback`,
    signingKeys: [registration.signingKey],
  });
  const moduleRef = await Test.createTestingModule({
    controllers: [AuthController],
    providers: [
      { provide: CLIENT, useValue: client },
      SignetAuth,
      AsyncSignetAuth,
      ArityReportingAuth,
      RequestAwareAuth,
    ],
  }).compile();
  const server = express();
  app = moduleRef.createNestApplication(new ExpressAdapter(server), { logger: false });
  await app.init();
  rp.handle(server);
});

afterAll(async () => {
  await app?.close();
  await rp?.close();
  await as?.close();
});

/** Starts at `/<prefix>login`, signs in at the AS, and delivers the response to `/<prefix>callback`. */
async function signIn(prefix: string, deny = false): Promise<Response> {
  const browser = new Browser(rp.origin);
  const outcome = await completeLogin(await browser.startLogin(`/${prefix}login`), { deny });
  if (outcome.kind !== 'redirect') throw new Error('expected a redirect');
  return browser.get(`/${prefix}callback${new URL(outcome.url).search}`);
}

describe('PassportStrategy(SignetStrategy) with AuthGuard', () => {
  it('signs in with validate(result) and puts its return value on req.user', async () => {
    const res = await signIn('');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ sub: 'alice' });
  });

  it('fails a denied consent with 403 and ERR_AUTHORIZATION_ERROR through handleRequest', async () => {
    const tokens = as.tokenRequests;
    const res = await signIn('', true);
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ code: 'ERR_AUTHORIZATION_ERROR', error: 'access_denied' });
    expect(as.tokenRequests).toBe(tokens);
  });

  it('refuses an unsigned response with its code and no token request', async () => {
    const tokens = as.tokenRequests;
    const res = await new Browser(rp.origin).get('/callback?code=forged&state=forged');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'ERR_JARM_RESPONSE_MISSING' });
    expect(as.tokenRequests).toBe(tokens);
  });
});

describe("SignetAuthGuard (@signet/passport/nest) keeps core's error", () => {
  async function pendingResponse(deny = false): Promise<{ browser: Browser; response: string }> {
    const browser = new Browser(rp.origin);
    const outcome = await completeLogin(await browser.startLogin('/login'), { deny });
    if (outcome.kind !== 'redirect') throw new Error('expected a redirect');
    return { browser, response: new URL(outcome.url).searchParams.get('response')! };
  }

  it('with its evidence: a PUT carries expected [GET, POST]', async () => {
    const res = await fetch(`${rp.origin}/kept/callback?response=a.b.c`, { method: 'PUT' });
    expect(await res.json()).toEqual({
      signetError: true,
      code: 'ERR_CALLBACK_METHOD_NOT_ALLOWED',
      expected: ['GET', 'POST'],
    });
  });

  it("with the AS's error_description: a denied consent", async () => {
    const { browser, response } = await pendingResponse(true);
    const res = await browser.get(`/kept/callback?response=${response}`);
    expect(await res.json()).toEqual({
      signetError: true,
      code: 'ERR_AUTHORIZATION_ERROR',
      errorDescription: 'End-User denied the authorization request',
    });
  });
});

describe('the validate-arity trap (nestjs/passport#141, openid-client#689)', () => {
  it('gives validate(result) the result, whatever the length of the callback passport sees', async () => {
    calls.signet = [];
    expect(await (await signIn('')).json()).toEqual({ sub: 'alice' });
    // The mixin forwards (result, done): the result first, never a userinfo slot in between.
    expect(calls.signet).toEqual([2]);
  });

  it('works with an async validate declaring three parameters', async () => {
    calls.async = [];
    const res = await signIn('async/');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ sub: 'alice', via: 'async' });
    expect(calls.async).toEqual([2]);
  });

  it('works when the mixin is told to report a callback arity (callbackArity: true)', async () => {
    calls.arity = [];
    const res = await signIn('arity/');
    expect(await res.json()).toEqual({ sub: 'alice', via: 'arity' });
    expect(calls.arity).toEqual([2]);
  });

  it('passes the request first with passReqToCallback', async () => {
    const res = await signIn('req/');
    expect(await res.json()).toEqual({ sub: 'alice', path: '/req/callback' });
  });
});
