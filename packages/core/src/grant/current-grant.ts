import { SignetError } from '../errors/signet-error.js';
import { coordinatedRefresh } from '../refresh/coordinated-refresh.js';
import type { OpenedSession, SessionContext } from '../session/session-context.js';
import { isSessionId, sessionKey } from '../session/session-id.js';
import type { SessionView } from '../session/session-record.js';
import { loadSession, needsRefresh } from './load-session.js';

/** A session as the grant operations take it: its view, or the id from its cookie. */
export type SessionRef = Pick<SessionView, 'id'> | string;

/** The session's grant, refreshed first when the access token is about to expire (one refresh per grant). */
export async function currentGrant(ctx: SessionContext, session: SessionRef): Promise<OpenedSession> {
  const id = typeof session === 'string' ? session : session?.id;
  if (!isSessionId(id)) throw new SignetError('ERR_SESSION_UNKNOWN', 'no session: sign in first');
  const key = sessionKey(id);
  const opened = await loadSession(ctx, key);
  if (!needsRefresh(ctx, opened.record)) return opened;
  return coordinatedRefresh(ctx, key);
}
