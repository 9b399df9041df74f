import { SignetError } from '../errors/signet-error.js';
import type { SessionRef } from '../grant/current-grant.js';
import { revokeToken } from '../revocation/revoke-token.js';
import type { SessionContext } from '../session/session-context.js';
import { isSessionId, sessionKey } from '../session/session-id.js';
import { eventBase, sessionHash, recordSessionEvent } from '../session/session-audit.js';
import { openGrant } from '../vault/open-grant.js';
import { endSessionUrl } from './end-session-url.js';

/** What `logout` did, and where to send the browser next. */
export interface LogoutOutcome {
  /** False when there was no session to end. */
  ended: boolean;
  /** True when the refresh token was revoked at the AS. */
  revoked: boolean;
  /** RP-initiated logout at the AS, when it advertises `end_session_endpoint`. */
  endSessionUrl?: string;
}

export interface LogoutOptions {
  /** A registered post-logout redirect URI for RP-initiated logout. */
  postLogoutRedirectUri?: string;
  /** `state` echoed back to it. */
  state?: string;
}

/**
 * Logout: revokes the refresh token (RFC 7009, else the access token) and deletes the record, so the cookie stops
 * working at once on every instance; then builds the RP-initiated logout URL. A failed revocation does not keep
 * the session alive: the user asked to leave. It is recorded in the audit event (`revoked: false` and its code).
 */
export async function endSession(
  ctx: SessionContext,
  session: SessionRef,
  options: LogoutOptions = {},
): Promise<LogoutOutcome> {
  const id = typeof session === 'string' ? session : session?.id;
  if (!isSessionId(id)) return { ended: false, revoked: false };
  const key = sessionKey(id);
  const record = await ctx.store.get(key);
  if (!record) return { ended: false, revoked: false };
  let idToken: string | undefined;
  let revoked = false;
  let code: SignetError['code'] | undefined;
  try {
    const grant = await openGrant(record.vault, key, ctx.vault);
    idToken = grant.idToken;
    revoked = grant.refreshToken
      ? await revokeToken(ctx.client, grant.refreshToken, 'refresh_token')
      : await revokeToken(ctx.client, grant.accessToken, 'access_token');
  } catch (err) {
    code = err instanceof SignetError ? err.code : 'ERR_REVOCATION_FAILED';
  }
  await ctx.store.delete(key);
  recordSessionEvent(ctx, {
    type: 'session.ended',
    ...eventBase(ctx),
    subject: record.sub,
    sessionHash: sessionHash(record),
    reason: 'logout',
    revoked,
    ...(code ? { code } : {}),
  });
  const url = await endSessionUrl(ctx.client, {
    ...(idToken ? { idToken } : {}),
    ...(options.postLogoutRedirectUri ? { postLogoutRedirectUri: options.postLogoutRedirectUri } : {}),
    ...(options.state ? { state: options.state } : {}),
  }).catch(() => undefined);
  return { ended: true, revoked, ...(url ? { endSessionUrl: url } : {}) };
}
