import type { Request } from 'express';
import { Strategy } from 'passport-strategy';
import { SignetClient, SignetError } from '@signet/core';
import { callbackEdge, refusalHeaders } from '@signet/core/http';
import { outcomeOf } from './outcome.js';
import { passportExchange } from './passport-exchange.js';
import './passport-augmentation.js';
import {
  assertStrategyOptions,
  clientOptionsOf,
  pickAuthorizationParameters,
  type SignetAuthenticateOptions,
  type SignetStrategyOptions,
  type SignetStrategyOptionsWithRequest,
  type VerifyCallback,
  type VerifyFunction,
  type VerifyFunctionWithRequest,
} from './strategy-options.js';

/**
 * A Passport strategy over Signet's core: every login starts with a signed request object (JAR, pushed when
 * the AS offers PAR) and ends only after core has verified the signed response (JARM) and exchanged the code.
 * This class makes no check of its own; it maps HTTP to core and core's outcome to passport's actions. It runs
 * under passport (Express, @nestjs/passport on Express) and under @fastify/passport (with `signetFastify`).
 *
 * @example
 * passport.use(new SignetStrategy({ client }, (result, done) => done(null, { sub: result.subject })));
 * app.get('/login', passport.authenticate('signet', { scope: 'openid profile' }));
 * app.all('/callback', passport.authenticate('signet', { successRedirect: '/', failureRedirect: '/error' }));
 */
export class SignetStrategy extends Strategy {
  name: string;
  // No #private members: passport calls authenticate() on Object.create(strategy), a per-request object that
  // inherits from this instance, and #fields are invisible through the prototype chain. The `signet` prefix
  // keeps clear of the members a Nest strategy subclass adds to the same object.
  private readonly signetSource: SignetStrategyOptions | SignetStrategyOptionsWithRequest;
  private readonly signetVerify: VerifyFunction | VerifyFunctionWithRequest;
  private readonly signetPassReq: boolean;
  /** Mutable state lives in a holder, so a write from a per-request object lands on the shared instance. */
  private readonly signetShared: { client?: Promise<SignetClient> } = {};

  constructor(options: SignetStrategyOptionsWithRequest, verify: VerifyFunctionWithRequest);
  constructor(options: SignetStrategyOptions, verify: VerifyFunction);
  constructor(
    options: SignetStrategyOptions | SignetStrategyOptionsWithRequest,
    verify: VerifyFunction | VerifyFunctionWithRequest,
  ) {
    super();
    assertStrategyOptions(options, verify);
    this.name = options.name ?? 'signet';
    this.signetSource = options;
    this.signetVerify = verify;
    // Never verify.length: @nestjs/passport wraps validate() in `(...params) => ...`, whose length is 0.
    this.signetPassReq = options.passReqToCallback === true;
    // Created now (no network) so that compatibility warnings print when the app boots, not at the first login;
    // a configuration error still surfaces, coded, on the first request.
    if (!('client' in options)) this.client().catch(() => undefined);
  }

  /** The client this strategy uses: the one given, or the one created (once) from the options. */
  client(): Promise<SignetClient> {
    this.signetShared.client ??= this.signetCreateClient();
    return this.signetShared.client;
  }

  private async signetCreateClient(): Promise<SignetClient> {
    if ('client' in this.signetSource) return this.signetSource.client;
    try {
      return await SignetClient.create(clientOptionsOf(this.signetSource));
    } catch (cause) {
      const field = cause instanceof SignetError ? cause.field : undefined;
      const detail = cause instanceof Error ? cause.message : String(cause);
      throw new SignetError(
        'ERR_CONFIG_INVALID',
        `SignetStrategy "${this.name}" could not create its Signet client: ${detail}`,
        {
          cause,
          ...(field ? { field } : {}),
        },
      );
    }
  }

  /** Starts a login, verifies a callback, or serves the fragment relay page, depending on the request. */
  override authenticate(req: Request, options?: SignetAuthenticateOptions): void {
    this.signetAuthenticate(req, options).catch((err: unknown) => this.signetRefuse(err));
  }

  private async signetAuthenticate(req: Request, options: SignetAuthenticateOptions | undefined): Promise<void> {
    const client = await this.client();
    const exchange = passportExchange(req);
    const { cookies } = exchange;
    // Core's edge decides what this request is; this strategy only translates its answer into passport's.
    const edge = await callbackEdge(client, exchange.request, { cookies, startsLogins: true });
    switch (edge.kind) {
      case 'refuse':
        for (const [name, value] of Object.entries(refusalHeaders(edge.error))) exchange.setHeader(name, value);
        throw edge.error;
      case 'relay':
        exchange.send(edge.response);
        // @fastify/passport settles a request only on an action; pass() adds nothing to a reply already sent.
        // passport on Express needs none (its pass() would run the next handler after the page).
        if (exchange.settlesOnAction) this.pass();
        return;
      case 'start': {
        const defaults = (await this.signetSource.authorizationParameters?.(req)) ?? {};
        const { url } = await client.authorize({ ...defaults, ...pickAuthorizationParameters(options) }, { cookies });
        exchange.setHeader('Cache-Control', 'no-store');
        return this.redirect(url, 303);
      }
      case 'verify': {
        const result = await client.callback(edge.input, { cookies });
        return this.signetCallVerify(req, result);
      }
    }
  }

  private signetCallVerify(req: Request, result: Awaited<ReturnType<SignetClient['callback']>>): void {
    let settled = false;
    const done: VerifyCallback = (err, user, info) => {
      if (settled) return;
      settled = true;
      if (err) return this.error(err instanceof Error ? err : new Error(String(err)));
      if (!user) return this.fail(info ?? { message: 'the application refused this sign-in' }, 401);
      this.success(user, info ?? {});
    };
    const fault = (err: unknown) => {
      if (settled) return;
      settled = true;
      this.error(err instanceof Error ? err : new Error(String(err)));
    };
    try {
      const returned = this.signetPassReq
        ? (this.signetVerify as VerifyFunctionWithRequest)(req, result, done)
        : (this.signetVerify as VerifyFunction)(result, done);
      // A rejected promise is always a fault; a resolved one says nothing (done decides).
      if (returned && typeof (returned as Promise<void>).then === 'function')
        (returned as Promise<void>).then(undefined, fault);
    } catch (err) {
      fault(err);
    }
  }

  private signetRefuse(err: unknown): void {
    const outcome = outcomeOf(err);
    if (outcome.kind === 'fail') this.fail(outcome.challenge, outcome.status);
    else this.error(outcome.error);
  }
}
