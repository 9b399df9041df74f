import { SignetError, type GrantFetchInit, type SignetSessions } from '@signet/core';

/**
 * The signed-in session's grant, for one request (`@SignetGrant()`): the access token and calls to resource
 * servers with it (DPoP proof with `ath`, nonce retry, refresh before expiry). Tokens never leave the server.
 */
export interface SignetGrantHandle {
  /** The access token, refreshed first when it is about to expire. */
  accessToken(): Promise<string>;
  /** A request to a resource server with the grant; the server's answer whatever its status. */
  fetch(url: string | URL, init?: GrantFetchInit): Promise<Response>;
}

/** A handle bound to one session id. */
export function grantHandle(sessions: SignetSessions, id: string): SignetGrantHandle {
  return {
    accessToken: () => sessions.accessToken(id),
    fetch: (url, init) => sessions.fetch(id, url, init),
  };
}

/** What a stateless cookie session offers instead: a coded refusal, never a silent bearer-less call. */
export const NO_GRANT: SignetGrantHandle = {
  accessToken: () => Promise.reject(notKept()),
  fetch: () => Promise.reject(notKept()),
};

function notKept(): SignetError {
  return new SignetError(
    'ERR_GRANT_NOT_KEPT',
    'this session keeps no grant: configure server-side sessions (SIGNET_SESSION_STORE=memory or redis)',
  );
}
