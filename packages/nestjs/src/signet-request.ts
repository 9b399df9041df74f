import type { AuthorizationRequest, LoginResult } from '@signet/core';
import { SIGNET_REQUEST_KEY } from './signet.constants.js';
import type { SignetSession } from './signet-session.js';
import type { SignetGrantHandle } from './signet-grant.handle.js';

/** What Signet's guards leave on the request for handlers and parameter decorators. */
export interface SignetRequestState {
  /** Set by the login and callback guards: the named client (partner) of this route; absent for the unnamed one. */
  client?: string;
  /** Set by the login guard: where the browser is being sent. */
  authorization?: AuthorizationRequest;
  /** Set by the callback guard: the verified login, tokens included, for this request only. */
  result?: LoginResult;
  /** Set by the callback guard (new session) and the session guard (existing one). */
  session?: SignetSession;
  /** Set by the callback guard: where a refusal page sends the user to start again. */
  restartUrl?: string;
  /** Set with a server-side session: its grant (`@SignetGrant()`). */
  grant?: SignetGrantHandle;
  /** Set with a server-side session: its opaque id (the cookie's value). Never log it. */
  sessionId?: string;
}

/** The request's Signet state, created on first use. */
export function signetState(request: object): SignetRequestState {
  const holder = request as Record<string, SignetRequestState | undefined>;
  return (holder[SIGNET_REQUEST_KEY] ??= {});
}
