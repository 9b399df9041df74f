import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GrantFetchInit, LoginResult, SessionView, SignetSessions } from '@signet/core';
import { nodeCookieJar } from '@signet/core/http';

/** Where the session id lives: `__Host-signet-session` over https, `signet-session` on plain http. */
export interface SignetSessionCookieOptions {
  /** Send the cookie over https only, with the `__Host-` prefix. Default true; false for local http only. */
  secure?: boolean;
}

/** The signed-in session of a request and its grant, as `signetSession()` puts it on `req.signet`. */
export interface RequestGrant {
  /** The server-side session (subject, claims, grant summary; never a token). */
  session: SessionView;
  /** The access token, refreshed first when it is about to expire. Never send it to a browser. */
  accessToken(): Promise<string>;
  /** A request to a resource server with the grant: DPoP proof with `ath`, nonce retry, refresh. */
  fetch(url: string | URL, init?: GrantFetchInit): Promise<Response>;
}

declare module 'node:http' {
  interface IncomingMessage {
    /** Set by `signetSession()` when the request carries a live session cookie. */
    signet?: RequestGrant;
  }
}

function cookieName(options: SignetSessionCookieOptions): string {
  return options.secure === false ? 'signet-session' : '__Host-signet-session';
}

/**
 * After a successful `authenticate` (the verify callback handed on the `LoginResult`): starts the server-side
 * session (tokens and DPoP key sealed in core's vault) and sets the cookie that carries only its opaque id.
 */
export async function startSignetSession(
  sessions: SignetSessions,
  result: LoginResult,
  res: ServerResponse,
  options: SignetSessionCookieOptions = {},
): Promise<SessionView> {
  const view = await sessions.start(result);
  nodeCookieJar({ headers: {} } as IncomingMessage, res).set(cookieName(options), view.id, {
    httpOnly: true,
    secure: options.secure !== false,
    sameSite: 'lax',
    path: '/',
    maxAge: sessions.settings.absoluteTimeout,
  });
  return view;
}

/**
 * Express/Connect middleware: reads the session cookie, opens the session (moving its idle timeout) and puts the
 * grant on `req.signet`; no cookie or an ended session leaves `req.signet` undefined. A store fault goes to
 * `next(err)` with core's coded error.
 */
export function signetSession(sessions: SignetSessions, options: SignetSessionCookieOptions = {}) {
  const name = cookieName(options);
  return (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void): void => {
    const id = nodeCookieJar(req, res).get(name);
    delete req.signet;
    if (id === undefined) return next();
    sessions.open(id).then((view) => {
      if (view)
        req.signet = {
          session: view,
          accessToken: () => sessions.accessToken(view),
          fetch: (url, init) => sessions.fetch(view, url, init),
        };
      next();
    }, next);
  };
}

/** Revokes the grant, ends the session everywhere and clears the cookie; the RP-initiated logout URL, if any. */
export async function endSignetSession(
  sessions: SignetSessions,
  req: IncomingMessage,
  res: ServerResponse,
  options: SignetSessionCookieOptions = {},
): Promise<string | undefined> {
  const jar = nodeCookieJar(req, res);
  const name = cookieName(options);
  const id = jar.get(name);
  jar.clear(name, { httpOnly: true, secure: options.secure !== false, sameSite: 'lax', path: '/' });
  delete req.signet;
  if (id === undefined || !(await sessions.open(id))) return undefined;
  const outcome = await sessions.logout(id);
  return outcome.endSessionUrl;
}
