import { Inject, Injectable } from '@nestjs/common';
import {
  SignetClient,
  SignetError,
  SignetSessions,
  type LoginResult,
  type LogoutOptions,
  type LogoutOutcome,
  type SessionView,
} from '@signet/core';
import { httpExchange, requestCookies } from './http/create-exchange.js';
import { InjectSignetClient } from './signet-client.decorator.js';
import { SIGNET_SESSION_SETTINGS } from './signet-client.provider.js';
import { grantHandle, NO_GRANT } from './signet-grant.handle.js';
import { signetState } from './signet-request.js';
import { SIGNET_SESSIONS } from './signet-sessions.provider.js';
import { openSession, pickClaims, sealSession, type SessionSettings, type SignetSession } from './signet-session.js';

/** Browsers keep a `__Host-` cookie only with Secure, Path=/ and no Domain: no sibling subdomain can plant one. */
const HOST_PREFIX = '__Host-';

/**
 * The signed-in session. Without a session store: an HMAC-signed, HttpOnly, SameSite=Lax cookie with the subject,
 * the granted scope and a few claims (no tokens). With one (`session.store`): a server-side record holding the
 * encrypted grant, the cookie carrying only its opaque id, so that logout ends it at once on every instance.
 * Works with Express and Fastify request/response objects alike.
 */
@Injectable()
export class SignetSessionService {
  constructor(
    @Inject(SIGNET_SESSION_SETTINGS) private readonly settings: SessionSettings,
    @InjectSignetClient() private readonly client: SignetClient,
    @Inject(SIGNET_SESSIONS) private readonly sessions: SignetSessions | null,
  ) {}

  /** True when sessions are server-side (a session store is configured). */
  get serverSide(): boolean {
    return this.sessions !== null;
  }

  /** Core's server-side sessions, or undefined with stateless cookie sessions. */
  get grantSessions(): SignetSessions | undefined {
    return this.sessions ?? undefined;
  }

  /** The cookie's name: `__Host-` prefixed for server-side sessions over https. */
  get cookieName(): string {
    // Over https the settings carry `__Host-` already (core's rule for every Signet cookie).
    const name = this.settings.cookieName;
    return this.sessions && this.settings.secure && !name.startsWith(HOST_PREFIX) ? HOST_PREFIX + name : name;
  }

  /**
   * The request's valid stateless session, or undefined (absent, forged, expired). Stateless cookie sessions only:
   * with server-side sessions use `resolve()`, which reads the store.
   */
  get(request: object, response?: object): SignetSession | undefined {
    if (this.sessions)
      throw new SignetError(
        'ERR_CONFIG_INVALID',
        'SignetSessionService.get(): sessions are server-side, use resolve()',
        {
          field: 'session.store',
        },
      );
    const cookies = response ? httpExchange(request, response).cookies : requestCookies(request);
    return openSession(cookies.get(this.settings.cookieName), this.settings);
  }

  /**
   * True when the request carries the session cookie twice (cookie tossing: another cookie of our name was
   * planted from a sibling subdomain or over http). Which one is ours cannot be told: the session guard refuses.
   */
  isCookieDuplicated(request: object, response?: object): boolean {
    const cookies = response ? httpExchange(request, response).cookies : requestCookies(request);
    return cookies.duplicated().includes(this.cookieName);
  }

  /**
   * The request's session, stateless or server-side, or undefined. For a server-side one it also leaves the
   * grant handle (`@SignetGrant()`) on the request. A store outage throws `ERR_STORE_UNAVAILABLE` (503).
   */
  async resolve(request: object, response?: object): Promise<SignetSession | undefined> {
    if (!this.sessions) return this.get(request, response);
    const cookies = response ? httpExchange(request, response).cookies : requestCookies(request);
    const id = cookies.get(this.cookieName);
    if (!id) return undefined;
    const view = await this.sessions.open(id);
    if (!view) return undefined;
    const state = signetState(request);
    state.sessionId = view.id;
    state.grant = grantHandle(this.sessions, view.id);
    return toSession(view);
  }

  /** The grant of the request's session (after `resolve()` or `@SignetAuthenticated()`). */
  grantOf(request: object): ReturnType<typeof grantHandle> {
    return signetState(request).grant ?? NO_GRANT;
  }

  /**
   * Signs the subject of a completed login in with a stateless cookie. Returns undefined (and sets nothing)
   * when the login yielded no subject, as in a pure OAuth flow without `openid`. See `start()` for both kinds.
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

  /** Signs a completed login in: a server-side session holding the grant when configured, else the stateless cookie. */
  async start(request: object, response: object, result: LoginResult): Promise<SignetSession | undefined> {
    if (!this.sessions) return this.signIn(request, response, result);
    if (!result.subject) return undefined;
    const view = await this.sessions.start(result);
    httpExchange(request, response).cookies.set(
      this.cookieName,
      view.id,
      // The record's own timeouts decide; the cookie just must not outlive the absolute one.
      this.#cookieOptions(this.sessions.settings.absoluteTimeout, true),
    );
    const state = signetState(request);
    state.sessionId = view.id;
    state.grant = grantHandle(this.sessions, view.id);
    return toSession(view);
  }

  /** Clears the session cookie (stateless sessions; a server-side record stays until `logout()`). */
  signOut(request: object, response: object): void {
    const exchange = httpExchange(request, response);
    exchange.cookies.clear(this.settings.cookieName, this.#cookieOptions(0));
    if (this.sessions && this.cookieName !== this.settings.cookieName)
      exchange.cookies.clear(this.cookieName, this.#cookieOptions(0, true));
  }

  /**
   * Logout: with a server-side session, revokes the refresh token, deletes the record on every instance and
   * returns the RP-initiated logout URL when the AS has one; the cookie is cleared in every case.
   */
  async logout(request: object, response: object, options: LogoutOptions = {}): Promise<LogoutOutcome> {
    let outcome: LogoutOutcome = { ended: false, revoked: false };
    if (this.sessions) {
      const id = httpExchange(request, response).cookies.get(this.cookieName);
      if (id) outcome = await this.sessions.logout(id, options);
    }
    this.signOut(request, response);
    return outcome;
  }

  #cookieOptions(maxAge: number, hostOnly = false) {
    const secure = hostOnly && this.cookieName.startsWith(HOST_PREFIX) ? true : this.settings.secure;
    return { httpOnly: true, secure, sameSite: 'lax' as const, path: '/', maxAge };
  }
}

/** The application's session of a server-side view: no id, no token. */
function toSession(view: SessionView): SignetSession {
  return {
    sub: view.sub,
    iss: view.iss,
    scope: view.scope,
    claims: view.claims,
    iat: view.iat,
    exp: view.exp,
    ...(view.sid !== undefined ? { sid: view.sid } : {}),
    grant: view.grant,
  };
}
