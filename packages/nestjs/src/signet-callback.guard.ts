import { Injectable, Optional, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { SignetClient, type LoginResult } from '@signet/core';
import { callbackEdge, type CallbackEdgeResult } from '@signet/core/http';
import { exchangeOf } from './http/create-exchange.js';
import { SIGNET_CALLBACK_METADATA } from './signet.constants.js';
import { InjectSignetClient } from './signet-client.decorator.js';
import { resolveRouteClient } from './signet-route-client.js';
import { SignetClientsService } from './signet-clients.service.js';
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
 * Finishes a login: core's callback edge reads the request (verify, relay or refuse), core verifies the response
 * (JARM) and exchanges the code; the result is left on the request (`@SignetResult()`) and the subject signed in.
 * On any refusal the handler does not run, no session is created, and `SignetExceptionFilter` answers the code.
 * A relay (one more hop through the browser) is a result: this guard writes core's page and the handler never runs.
 */
@Injectable()
export class SignetCallbackGuard implements CanActivate {
  constructor(
    /** The module's unnamed client; null when the module has named clients only (see `getClient`). */
    @InjectSignetClient() protected readonly client: SignetClient,
    protected readonly sessions: SignetSessionService,
    protected readonly reflector: Reflector,
    @Optional() protected readonly clients?: SignetClientsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const state = signetState(this.getRequest(context));
    state.restartUrl = sameOriginPath(this.getOptions(context).restartUrl);
    const exchange = exchangeOf(context);
    let client: SignetClient;
    try {
      client = this.getClient(context);
    } catch (err) {
      return this.handleError(err, context);
    }
    const edge = await this.getCallbackEdge(context, client);
    switch (edge.kind) {
      case 'relay':
        exchange.send(edge.response);
        // The answer is written; Nest's refusal of a false guard then finds it sent and only ends the response.
        return false;
      case 'refuse':
        return this.handleError(edge.error, context);
      case 'start':
        // Not produced for a callback-only route; kept exhaustive.
        return this.handleError(new TypeError('a callback route cannot start a login'), context);
    }
    try {
      // Core checks the login was begun with this very client (issuer, client_id, redirect URI) before anything else.
      const result = await client.callback(edge.input, { cookies: exchange.cookies });
      state.result = result;
      await this.handleResult(result, context);
      return true;
    } catch (err) {
      return this.handleError(err, context);
    }
  }

  /** What core's callback edge makes of this request (query, form_post, relayed fragment; a relay page; a refusal). */
  protected getCallbackEdge(
    context: ExecutionContext,
    client: SignetClient = this.client,
  ): Promise<CallbackEdgeResult> {
    const exchange = exchangeOf(context);
    return callbackEdge(client, exchange.callbackRequest(), { cookies: exchange.cookies });
  }

  /**
   * Whose callback this is: the route's `@SignetCallback('bankA')` (or its `:client` parameter), else the module's
   * unnamed client. An unknown name is `ERR_CLIENT_UNKNOWN` (404), before the response is read.
   */
  protected getClient(context: ExecutionContext): SignetClient {
    return resolveRouteClient(context, this.reflector, this.client, this.clients);
  }

  /** Receives the verified login; by default signs the subject in unless the route says `session: false`. */
  protected async handleResult(result: LoginResult, context: ExecutionContext): Promise<void> {
    if (this.getOptions(context).session === false) return;
    const http = context.switchToHttp();
    const session = await this.sessions.start(
      http.getRequest<object>(),
      http.getResponse<object>(),
      result,
      signetState(this.getRequest(context)).client,
    );
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
