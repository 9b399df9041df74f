import { Injectable, Optional, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { SignetClient, type AuthorizationParameters, type AuthorizationRequest } from '@signet/core';
import { exchangeOf } from './http/create-exchange.js';
import { SIGNET_LOGIN_METADATA } from './signet.constants.js';
import { InjectSignetClient } from './signet-client.decorator.js';
import { resolveRouteClient } from './signet-route-client.js';
import { SignetClientsService } from './signet-clients.service.js';
import { signetState } from './signet-request.js';

/**
 * Starts a signed login: `client.authorize()` with the route's parameters, leaves the started login on the
 * request and sets the redirect to the authorization server (`Location`, `Cache-Control: no-store`) on the
 * response, which `@SignetLogin()` answers with a 302. Extend it and override the protected hooks to change what
 * is asked for (e.g. a `login_hint` from the query, a return path in `appState`).
 *
 * @example
 * class LoginGuard extends SignetLoginGuard {
 *   protected override getAuthorizationParameters(context: ExecutionContext) {
 *     return { ...super.getAuthorizationParameters(context), appState: { returnTo: '/account' } };
 *   }
 * }
 */
@Injectable()
export class SignetLoginGuard implements CanActivate {
  constructor(
    /** The module's unnamed client; null when the module has named clients only (see `getClient`). */
    @InjectSignetClient() protected readonly client: SignetClient,
    protected readonly reflector: Reflector,
    @Optional() protected readonly clients?: SignetClientsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    try {
      const client = this.getClient(context);
      const params = await this.getAuthorizationParameters(context);
      const authorization = await client.authorize(params, { cookies: exchangeOf(context).cookies });
      await this.handleAuthorization(authorization, context);
      const started = signetState(this.getRequest(context)).authorization;
      if (started) {
        // The URL carries a one-time request_uri (or a signed request object): never cache it. Set here, with the
        // 302 of the route's @HttpCode, rather than by an interceptor and @Redirect: the platform's redirect()
        // negotiates a body for the 302 and an interceptor adds an Observable chain to every login (issue 15).
        const exchange = exchangeOf(context);
        exchange.setHeader('location', started.url);
        exchange.setHeader('cache-control', 'no-store');
      }
      return true;
    } catch (err) {
      return this.handleError(err, context);
    }
  }

  /**
   * The client this login is for: the route's `@SignetLogin('bankA')` (or its `:client` parameter), else the
   * module's unnamed client. An unknown name is `ERR_CLIENT_UNKNOWN` (404), before anything is signed or sent.
   */
  protected getClient(context: ExecutionContext): SignetClient {
    return resolveRouteClient(context, this.reflector, this.client, this.clients);
  }

  /** The request object's parameters: the route's `@SignetLogin(params)` (handler over class). */
  protected getAuthorizationParameters(
    context: ExecutionContext,
  ): AuthorizationParameters | Promise<AuthorizationParameters> {
    const params = this.reflector.getAllAndOverride<AuthorizationParameters | undefined>(SIGNET_LOGIN_METADATA, [
      context.getHandler(),
      context.getClass(),
    ]);
    return { ...params };
  }

  /** Receives the started login; by default leaves it on the request, where the redirect is taken from. */
  protected handleAuthorization(authorization: AuthorizationRequest, context: ExecutionContext): void | Promise<void> {
    signetState(this.getRequest(context)).authorization = authorization;
  }

  /** Receives any failure; rethrows by default (`SignetExceptionFilter` maps coded errors to HTTP). */
  protected handleError(err: unknown, _context: ExecutionContext): never {
    throw err;
  }

  protected getRequest(context: ExecutionContext): object {
    return context.switchToHttp().getRequest<object>();
  }
}
