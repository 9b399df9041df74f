import { inProgressWhile } from '../load/operations-in-progress.js';
import { SignetError } from '../errors/signet-error.js';
import { dpopHandleOf } from '../grant/dpop-handle.js';
import type { OpenedSession, SessionContext } from '../session/session-context.js';
import type { SealedGrant, SessionRecord } from '../session/session-record.js';
import { endWith, eventBase, sessionHash, recordSessionEvent } from '../session/session-audit.js';
import { sealGrant } from '../vault/seal-grant.js';
import { refreshGrant } from './refresh-grant.js';
import { traced } from '../telemetry/telemetry.js';
import { clientConfig } from '../client/client-config.js';

/** Refusals after which the grant cannot be used again: the session ends with them. */
const ENDS_SESSION = new Set(['ERR_GRANT_REVOKED', 'ERR_ID_TOKEN_INVALID', 'ERR_DPOP_FAILED']);

/**
 * Redeems the refresh token once, holding the session's refresh lock, and stores the rotated grant with the
 * fencing check (the write happens only while this lock is still held): an instance whose lock expired mid-way
 * cannot overwrite the grant another instance stored since.
 */
export function refreshUnderLock(ctx: SessionContext, opened: OpenedSession, lock: string): Promise<OpenedSession> {
  return inProgressWhile(() => traced('refresh', clientConfig(ctx.client), () => refreshOnce(ctx, opened, lock)));
}

async function refreshOnce(ctx: SessionContext, opened: OpenedSession, lock: string): Promise<OpenedSession> {
  const { record, grant } = opened;
  const started = performance.now();
  const audit = (
    outcome: 'refreshed' | 'refused' | 'failed',
    extra: { code?: SignetError['code']; rotated?: boolean },
  ) =>
    recordSessionEvent(ctx, {
      type: 'grant.refresh',
      ...eventBase(ctx),
      subject: record.sub,
      sessionHash: sessionHash(record),
      outcome,
      ...extra,
      refreshCount: record.grant.refreshCount + (outcome === 'refreshed' ? 1 : 0),
      durationMs: Math.round((performance.now() - started) * 100) / 100,
    });
  if (!grant.refreshToken) {
    throw await endWith(
      ctx,
      record,
      'grant_expired',
      new SignetError('ERR_GRANT_EXPIRED', 'the access token expired and there is no refresh token: sign in again'),
    );
  }
  ctx.stats.refreshes += 1;
  let response;
  try {
    response = await refreshGrant(ctx, grant.refreshToken, record.sub, await dpopHandleOf(ctx, opened));
  } catch (err) {
    const error =
      err instanceof SignetError ? err : new SignetError('ERR_GRANT_REFRESH_FAILED', 'refresh failed', { cause: err });
    audit(ENDS_SESSION.has(error.code) ? 'refused' : 'failed', { code: error.code });
    if (!ENDS_SESSION.has(error.code)) throw error;
    throw await endWith(ctx, record, error.code === 'ERR_GRANT_REVOKED' ? 'grant_revoked' : 'id_token_invalid', error);
  }
  const now = Math.floor(Date.now() / 1000);
  const rotated = typeof response.refresh_token === 'string' && response.refresh_token !== grant.refreshToken;
  const sealed: SealedGrant = {
    ...grant,
    accessToken: response.access_token,
    ...(response.refresh_token ? { refreshToken: response.refresh_token } : {}),
    ...(response.id_token ? { idToken: response.id_token } : {}),
  };
  const { expiresAt: _previous, ...summary } = record.grant;
  const next: SessionRecord = {
    ...record,
    grant: {
      ...summary,
      tokenType: response.token_type,
      ...(response.expires_in !== undefined ? { expiresAt: now + response.expires_in } : {}),
      ...(response.scope ? { scope: response.scope } : {}),
      ...(response.authorization_details ? { authorizationDetails: response.authorization_details } : {}),
      refreshable: sealed.refreshToken !== undefined,
      refreshCount: record.grant.refreshCount + 1,
      refreshedAt: now,
    },
    vault: await sealGrant(sealed, record.key, ctx.vault),
  };
  if (!(await ctx.store.replace(next, { lock }))) {
    // Our lock expired and another instance took over: what it stored wins; ours is dropped unseen.
    audit('failed', { code: 'ERR_GRANT_REFRESH_BUSY', rotated });
    throw new SignetError('ERR_GRANT_REFRESH_BUSY', 'the refresh lock expired before the rotated grant was stored');
  }
  audit('refreshed', { rotated });
  return { record: { ...next, version: record.version + 1 }, grant: sealed };
}
