import { SignetError } from '../errors/signet-error.js';
import type { SessionContext } from '../session/session-context.js';
import { eventBase, recordSessionEvent } from '../session/session-audit.js';
import { verifyLogoutToken } from './verify-logout-token.js';
import { clientMatch } from '../session/session-match.js';

/**
 * Handles one back-channel logout request: verifies the `logout_token` and deletes the sessions it names in the
 * shared store (with `sid`: that session; with `sub` alone: every session of the subject), so they end on every
 * instance. Audited either way. Throws the coded refusal; the adapter answers 400 (Back-Channel Logout §2.8).
 */
export async function backchannelLogout(ctx: SessionContext, logoutToken: unknown): Promise<{ sessions: number }> {
  try {
    const verified = await verifyLogoutToken(ctx.client, logoutToken, { maxAge: ctx.settings.logoutTokenMaxAge });
    const sessions = await ctx.store.deleteMatching({
      // Only this client's sessions: the token's `aud` is this client_id, and another client at the same issuer
      // (a second partner registration) may hold sessions of the same `sub`.
      ...clientMatch(ctx.client),
      ...(verified.sid ? { sid: verified.sid } : {}),
      ...(verified.sub ? { sub: verified.sub } : {}),
    });
    recordSessionEvent(ctx, {
      type: 'logout.backchannel',
      ...eventBase(ctx),
      outcome: 'verified',
      sessions,
      ...(verified.sub ? { subject: verified.sub } : {}),
    });
    return { sessions };
  } catch (err) {
    const error =
      err instanceof SignetError ? err : new SignetError('ERR_LOGOUT_TOKEN_MALFORMED', 'logout failed', { cause: err });
    recordSessionEvent(ctx, {
      type: 'logout.backchannel',
      ...eventBase(ctx),
      outcome: 'refused',
      code: error.code,
    });
    throw error;
  }
}
