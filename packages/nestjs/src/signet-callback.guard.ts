import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { auditEarlyRefusal, SignetClient, SignetError, type CallbackInput, type LoginResult } from '@signet/core';
import { exchangeOf } from './http/create-exchange.js';
import { SIGNET_CALLBACK_METADATA } from './signet.constants.js';
import { InjectSignetClient } from './signet-client.decorator.js';
import { callbackInput } from './signet-callback.input.js';
import { SignetRelayRequired } from './signet-relay.exception.js';
import { signetState } from './signet-request.js';
import { SignetSessionService } from './signet-session.service.js';

/** Options of a `@SignetCallback()` route. */
export interface SignetCallbackOptions {
  /** Sign the subject in (session cookie) after a verified login. Default true. */
  session?: boolean;
  /**
   * Where a refusal page sends the user when the login cannot be finished (`recovery: 'restart'`): the app's
   * login route, a same-origin path. Default `/`.
   */
  restartUrl?: string;
}

/** A same-origin path only: a refusal page must not become an open redirect. */
function sameOriginPath(path: string | undefined): string {
  return typeof path === 'string' && /^\/(?![/\\])[^\s]*$/.test(path) ? path : '/';
}

/**
 * Finishes a login: reads the authorization response from the request, lets core verify it (JARM) and exchange
 * the code, leaves the result on the request (`@SignetResult()`) and signs the subject in. On any refusal the
 * handler does not run, no session is created, and `SignetExceptionFilter` answers with the code.
 */
@Injectable()
export class SignetCallbackGuard implements CanActivate {
  constructor(
    @InjectSignetClient() protected readonly client: SignetClient,
    protected readonly sessions: SignetSessionService,
    protected readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    signetState(this.getRequest(context)).restartUrl = sameOriginPath(this.getOptions(context).restartUrl);
    let input: CallbackInput;
    try {
      input = await this.getCallbackInput(context);
    } catch (err) {
      if (err instanceof SignetRelayRequired) throw err; // one more hop through the browser, not a failure
      // Refusals made here, before core saw anything, still belong in the approval record.
      if (err instanceof SignetError) auditEarlyRefusal(this.client.config, err);
      return this.handleError(err, context);
    }
    try {
      const result = await this.client.callback(input, { cookies: exchangeOf(context).cookies });
      signetState(this.getRequest(context)).result = result;
      await this.handleResult(result, context);
      return true;
    } catch (err) {
      return this.handleError(err, context);
    }
  }

  /** The authorization response as delivered (query, form_post, or relayed fragment). */
  protected getCallbackInput(context: ExecutionContext): Promise<CallbackInput> {
    return callbackInput(exchangeOf(context), this.client.config.maxResponseSize);
  }

  /** Receives the verified login; by default signs the subject in unless the route says `session: false`. */
  protected async handleResult(result: LoginResult, context: ExecutionContext): Promise<void> {
    if (this.getOptions(context).session === false) return;
    const http = context.switchToHttp();
    const session = await this.sessions.start(http.getRequest<object>(), http.getResponse<object>(), result);
    if (session) signetState(this.getRequest(context)).session = session;
  }

  /** Receives any refusal; rethrows by default (`SignetExceptionFilter` maps coded errors to HTTP). */
  protected handleError(err: unknown, _context: ExecutionContext): never {
    throw err;
  }

  protected getOptions(context: ExecutionContext): SignetCallbackOptions {
    return (
      this.reflector.getAllAndOverride<SignetCallbackOptions | undefined>(SIGNET_CALLBACK_METADATA, [
        context.getHandler(),
        context.getClass(),
      ]) ?? {}
    );
  }

  protected getRequest(context: ExecutionContext): object {
    return context.switchToHttp().getRequest<object>();
  }
}
