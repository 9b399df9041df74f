import { Inject, Injectable, Optional } from '@nestjs/common';
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
import { SIGNET_SESSIONS, SIGNET_SESSIONS_BY_CLIENT, type SignetSessionsByClient } from './signet-sessions.provider.js';
import { SignetClientsService } from './signet-clients.service.js';
import { openSession, pickClaims, sealSession, type SessionSettings, type SignetSession } from './signet-session.js';

/** Browsers keep a `__Host-` cookie only with Secure, Path=/ and no Domain: no sibling subdomain can plant one. */
const HOST_PREFIX = '__Host-';

/** A server-side session of a named client: its cookie is `<client>.<id>` (names have no dot, ids neither). */
const NAME_SEPARATOR = '.';

/** Which client's sessions a server-side cookie belongs to, and its opaque id. */
interface SessionCookie {
  client?: string;
  id: string;
}

function parseSessionCookie(value: string): SessionCookie {
  const at = value.indexOf(NAME_SEPARATOR);
  return at < 0 ? { id: value } : { client: value.slice(0, at), id: value.slice(at + 1) };
}

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
    @InjectSignetClient() private readonly client: SignetClient | null,
    @Inject(SIGNET_SESSIONS) private readonly sessions: SignetSessions | null,
    @Optional() @Inject(SIGNET_SESSIONS_BY_CLIENT) private readonly byClient: SignetSessionsByClient | null = null,
    @Optional() private readonly clients?: SignetClientsService,
  ) {}

  /** True when sessions are server-side (a session store is configured). */
  get serverSide(): boolean {
    return this.sessions !== null || this.byClient !== null;
  }

  /** Core's server-side sessions of the unnamed client, or undefined (stateless sessions; named clients only). */
  get grantSessions(): SignetSessions | undefined {
    return this.sessions ?? undefined;
  }

  /** Core's server-side sessions of a named client (`ERR_CLIENT_UNKNOWN` for another name); null when stateless. */
  async grantSessionsOf(client: string): Promise<SignetSessions | null> {
    if (!this.byClient || !this.clients) return null;
    return this.byClient.of(this.clients.get(client));
  }

  /** The cookie's name: `__Host-` prefixed for server-side sessions over https. */
  get cookieName(): string {
    // Over https the settings carry `__Host-` already (core's rule for every Signet cookie).
    const name = this.settings.cookieName;
    return this.serverSide && this.settings.secure && !name.startsWith(HOST_PREFIX) ? HOST_PREFIX + name : name;
  }

  /**
   * The request's valid stateless session, or undefined (absent, forged, expired). Stateless cookie sessions only:
   * with server-side sessions use `resolve()`, which reads the store.
   */
  get(request: object, response?: object): SignetSession | undefined {
    if (this.serverSide)
      throw new SignetError(
        'ERR_USAGE_INVALID',
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
    if (!this.serverSide) return this.get(request, response);
    const cookies = response ? httpExchange(request, response).cookies : requestCookies(request);
    const value = cookies.get(this.cookieName);
    if (!value) return undefined;
    const cookie = parseSessionCookie(value);
    const client = this.#clientOf(cookie.client);
    if (!client) return undefined;
    const sessions = await this.#sessionsOf(client);
    const view = await sessions.open(cookie.id);
    // A cookie renamed to another partner opens no session: the record must be that partner's issuer's.
    if (!view || view.iss !== client.settings.issuer) return undefined;
    const state = signetState(request);
    state.sessionId = view.id;
    state.grant = grantHandle(sessions, view.id);
    if (cookie.client !== undefined) state.client = cookie.client;
    return toSession(view, cookie.client);
  }

  /** The grant of the request's session (after `resolve()` or `@SignetAuthenticated()`). */
  grantOf(request: object): ReturnType<typeof grantHandle> {
    return signetState(request).grant ?? NO_GRANT;
  }

  /**
   * Signs the subject of a completed login in with a stateless cookie. Returns undefined (and sets nothing)
   * when the login yielded no subject, as in a pure OAuth flow without `openid`. See `start()` for both kinds.
   */
  signIn(request: object, response: object, result: LoginResult, client?: string): SignetSession | undefined {
    if (!result.subject) return undefined;
    const issuer = this.#clientOf(client)?.settings.issuer;
    if (issuer === undefined) throw this.#noClient();
    const now = Math.floor(Date.now() / 1000);
    const session: SignetSession = {
      sub: result.subject,
      iss: issuer,
      ...(client !== undefined ? { client } : {}),
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

  /**
   * Signs a completed login in: a server-side session holding the grant when configured, else the stateless cookie.
   * `client` names the partner the login was with (the named client of the callback route); the session records it.
   */
  async start(
    request: object,
    response: object,
    result: LoginResult,
    client?: string,
  ): Promise<SignetSession | undefined> {
    if (!this.serverSide) return this.signIn(request, response, result, client);
    if (!result.subject) return undefined;
    const owner = this.#clientOf(client);
    if (!owner) throw this.#noClient();
    const sessions = await this.#sessionsOf(owner);
    const view = await sessions.start(result);
    httpExchange(request, response).cookies.set(
      this.cookieName,
      client !== undefined ? `${client}${NAME_SEPARATOR}${view.id}` : view.id,
      // The record's own timeouts decide; the cookie just must not outlive the absolute one.
      this.#cookieOptions(sessions.settings.absoluteTimeout, true),
    );
    const state = signetState(request);
    state.sessionId = view.id;
    state.grant = grantHandle(sessions, view.id);
    if (client !== undefined) state.client = client;
    return toSession(view, client);
  }

  /** Clears the session cookie (stateless sessions; a server-side record stays until `logout()`). */
  signOut(request: object, response: object): void {
    const exchange = httpExchange(request, response);
    exchange.cookies.clear(this.settings.cookieName, this.#cookieOptions(0));
    if (this.serverSide && this.cookieName !== this.settings.cookieName)
      exchange.cookies.clear(this.cookieName, this.#cookieOptions(0, true));
  }

  /**
   * Logout: with a server-side session, revokes the refresh token, deletes the record on every instance and
   * returns the RP-initiated logout URL when the AS has one; the cookie is cleared in every case.
   */
  async logout(request: object, response: object, options: LogoutOptions = {}): Promise<LogoutOutcome> {
    let outcome: LogoutOutcome = { ended: false, revoked: false };
    if (this.serverSide) {
      const value = httpExchange(request, response).cookies.get(this.cookieName);
      const cookie = value ? parseSessionCookie(value) : undefined;
      const client = cookie ? this.#clientOf(cookie.client) : undefined;
      // Only the partner whose session this is: its revocation endpoint, its end-session URL.
      if (cookie && client) {
        const sessions = await this.#sessionsOf(client);
        const view = cookie.client === undefined ? undefined : await sessions.open(cookie.id);
        if (cookie.client === undefined || view?.iss === client.settings.issuer)
          outcome = await sessions.logout(cookie.id, options);
      }
    }
    this.signOut(request, response);
    return outcome;
  }

  /** The client a session belongs to: the named one, else the unnamed; undefined when there is none of that name. */
  #clientOf(name: string | undefined): SignetClient | undefined {
    if (name === undefined) return this.client ?? undefined;
    return this.clients?.has(name) ? this.clients.get(name) : undefined;
  }

  async #sessionsOf(client: SignetClient): Promise<SignetSessions> {
    if (client === this.client && this.sessions) return this.sessions;
    if (!this.byClient) throw new SignetError('ERR_GRANT_NOT_KEPT', 'sessions are not server-side');
    return this.byClient.of(client);
  }

  #noClient(): SignetError {
    return new SignetError('ERR_CLIENT_UNKNOWN', 'the login names no client of this app, so no session can record it');
  }

  #cookieOptions(maxAge: number, hostOnly = false) {
    const secure = hostOnly && this.cookieName.startsWith(HOST_PREFIX) ? true : this.settings.secure;
    return { httpOnly: true, secure, sameSite: 'lax' as const, path: '/', maxAge };
  }
}

/** The application's session of a server-side view: no id, no token. */
function toSession(view: SessionView, client?: string): SignetSession {
  return {
    sub: view.sub,
    iss: view.iss,
    ...(client !== undefined ? { client } : {}),
    scope: view.scope,
    claims: view.claims,
    iat: view.iat,
    exp: view.exp,
    ...(view.sid !== undefined ? { sid: view.sid } : {}),
    grant: view.grant,
  };
}
