import { SignetError } from '../errors/signet-error.js';
import type { OpenedSession, SessionContext } from '../session/session-context.js';
import type { SessionRecord } from '../session/session-record.js';
import { endWith } from '../session/session-audit.js';
import { openGrant } from '../vault/open-grant.js';

/** True when the access token expires within the refresh skew (or already has). */
export function needsRefresh(ctx: SessionContext, record: SessionRecord): boolean {
  const expiresAt = record.grant.expiresAt;
  return expiresAt !== undefined && expiresAt - ctx.settings.refreshSkew <= Math.floor(Date.now() / 1000);
}

/**
 * Reads a record and opens its vault. No record: `ERR_SESSION_UNKNOWN`. A vault that does not open (tampered,
 * moved, retired secret) ends the session: nothing in it can be trusted any more.
 */
export async function loadSession(ctx: SessionContext, key: string): Promise<OpenedSession> {
  const record = await ctx.store.get(key);
  const now = Math.floor(Date.now() / 1000);
  if (!record || record.expiresAt <= now || record.absoluteExpiresAt <= now)
    throw new SignetError('ERR_SESSION_UNKNOWN', 'no session: it expired or was ended; sign in again');
  try {
    return { record, grant: await openGrant(record.vault, key, ctx.vault) };
  } catch (err) {
    if (err instanceof SignetError && err.code === 'ERR_GRANT_VAULT_INVALID')
      throw await endWith(ctx, record, 'vault_invalid', err);
    throw err;
  }
}
