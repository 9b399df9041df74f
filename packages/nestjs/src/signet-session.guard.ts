import {
  BadRequestException,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ERROR_CODES } from '@signet/core';
import { SIGNET_AUTHORIZE_METADATA } from './signet.constants.js';
import { signetState } from './signet-request.js';
import type { SignetSession } from './signet-session.js';
import { SignetSessionService } from './signet-session.service.js';

/** What `@SignetAuthenticated()` requires of the session. */
export interface SignetSessionRequirements {
  /** Every one of these scopes must have been granted at sign-in. */
  scopes?: string[];
}

/** Codes of the session guards' refusals: core's catalog entries (`ERROR_CODES`), listed here for the README. */
export const SESSION_ERROR_CODES = {
  ERR_SESSION_REQUIRED: ERROR_CODES.ERR_SESSION_REQUIRED,
  ERR_SESSION_SCOPE_INSUFFICIENT: ERROR_CODES.ERR_SESSION_SCOPE_INSUFFICIENT,
  ERR_SESSION_CROSS_SITE: ERROR_CODES.ERR_SESSION_CROSS_SITE,
} as const;

/**
 * Requires a signed-in session (and optionally granted scopes). Leaves the session on the request for
 * `@SignetUser()`. Override `handleRequest` to, say, redirect browsers to the login route instead.
 */
@Injectable()
export class SignetSessionGuard implements CanActivate {
  constructor(
    protected readonly sessions: SignetSessionService,
    protected readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<object>();
    if (this.sessions.isCookieDuplicated(request, http.getResponse<object>()))
      throw new BadRequestException({
        error: 'ERR_COOKIE_DUPLICATED',
        message: 'the request carries two session cookies; sign in again',
      });
    // Stateless cookie or server-side record; a store outage throws ERR_STORE_UNAVAILABLE (503), never "signed out".
    const session = await this.sessions.resolve(request, http.getResponse<object>());
    const requirements =
      this.reflector.getAllAndOverride<SignetSessionRequirements | undefined>(SIGNET_AUTHORIZE_METADATA, [
        context.getHandler(),
        context.getClass(),
      ]) ?? {};
    signetState(request).session = this.handleRequest(session, requirements, context);
    return true;
  }

  /** Decides on the session found (or not); returns it, or throws. */
  protected handleRequest(
    session: SignetSession | undefined,
    requirements: SignetSessionRequirements,
    _context: ExecutionContext,
  ): SignetSession {
    if (!session) throw new UnauthorizedException({ error: 'ERR_SESSION_REQUIRED', message: 'sign in first' });
    const granted = new Set(session.scope.split(' '));
    const missing = (requirements.scopes ?? []).filter((scope) => !granted.has(scope));
    if (missing.length > 0)
      throw new ForbiddenException({
        error: 'ERR_SESSION_SCOPE_INSUFFICIENT',
        message: `this route requires the scope(s): ${missing.join(' ')}`,
      });
    return session;
  }
}
