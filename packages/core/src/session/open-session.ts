import type { SessionContext } from './session-context.js';
import { isSessionId, sessionKey } from './session-id.js';
import { clientMatch, sessionMatches } from './session-match.js';
import { viewOf, type SessionView } from './session-record.js';

/**
 * The session of a cookie's id, or undefined when there is none (unknown, ended, idle or absolute timeout).
 * Activity moves the idle timeout, written at most once a minute (or a tenth of the idle timeout) so that reads
 * stay reads; that write is a compare-and-set and never undoes a refresh that landed meanwhile.
 */
export async function openSession(ctx: SessionContext, id: unknown): Promise<SessionView | undefined> {
  if (!isSessionId(id)) return undefined;
  const key = sessionKey(id);
  const record = await ctx.store.get(key);
  if (!record) return undefined;
  // Another client's session (a second partner at the same issuer, say) is not this client's to open or end.
  if (!sessionMatches(record, clientMatch(ctx.client))) return undefined;
  const now = Math.floor(Date.now() / 1000);
  if (record.absoluteExpiresAt <= now || record.expiresAt <= now) {
    await ctx.store.delete(key);
    return undefined;
  }
  const touchEvery = Math.min(60, Math.floor(ctx.settings.idleTimeout / 10));
  if (now - record.lastSeenAt >= touchEvery) {
    const touched = {
      ...record,
      lastSeenAt: now,
      expiresAt: Math.min(record.absoluteExpiresAt, now + ctx.settings.idleTimeout),
    };
    if (await ctx.store.replace(touched, { version: record.version })) return viewOf(id, touched);
  }
  return viewOf(id, record);
}
