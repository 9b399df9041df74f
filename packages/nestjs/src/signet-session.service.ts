import { Inject, Injectable } from '@nestjs/common';
import { SignetClient, type LoginResult } from '@signet/core';
import { httpExchange, requestCookies } from './http/create-exchange.js';
import { InjectSignetClient } from './signet-client.decorator.js';
import { SIGNET_SESSION_SETTINGS } from './signet-client.provider.js';
import { openSession, pickClaims, sealSession, type SessionSettings, type SignetSession } from './signet-session.js';

/**
 * The signed-in session: an HMAC-signed, HttpOnly, SameSite=Lax cookie with the subject, the granted scope
 * and a few claims. Works with Express and Fastify request/response objects alike.
 */
@Injectable()
export class SignetSessionService {
  constructor(
    @Inject(SIGNET_SESSION_SETTINGS) private readonly settings: SessionSettings,
    @InjectSignetClient() private readonly client: SignetClient,
  ) {}

  /**
   * The request's valid session, or undefined (absent, forged, expired). The response is optional: reading
   * needs only the request.
   */
  get(request: object, response?: object): SignetSession | undefined {
    const cookies = response ? httpExchange(request, response).cookies : requestCookies(request);
    return openSession(cookies.get(this.settings.cookieName), this.settings);
  }

  /**
   * Signs the subject of a completed login in. Returns undefined (and sets nothing) when the login yielded
   * no subject, as in a pure OAuth flow without `openid`.
   */
  signIn(request: object, response: object, result: LoginResult): SignetSession | undefined {
    if (!result.subject) return undefined;
    const now = Math.floor(Date.now() / 1000);
    const session: SignetSession = {
      sub: result.subject,
      iss: this.client.config.issuer,
      scope: result.tokens.scope ?? '',
      claims: pickClaims(result.claims as Record<string, unknown> | undefined, this.settings.claims),
      iat: now,
      exp: now + this.settings.ttl,
    };
    httpExchange(request, response).cookies.set(
      this.settings.cookieName,
      sealSession(session, this.settings),
      this.#cookieOptions(this.settings.ttl),
    );
    return session;
  }

  /** Clears the session cookie. */
  signOut(request: object, response: object): void {
    const exchange = httpExchange(request, response);
    exchange.cookies.clear(this.settings.cookieName, this.#cookieOptions(0));
  }

  #cookieOptions(maxAge: number) {
    return { httpOnly: true, secure: this.settings.secure, sameSite: 'lax' as const, path: '/', maxAge };
  }
}
