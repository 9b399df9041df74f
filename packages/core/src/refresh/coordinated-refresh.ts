import { setTimeout as sleep } from 'node:timers/promises';
import { SignetError } from '../errors/signet-error.js';
import type { OpenedSession, SessionContext } from '../session/session-context.js';
import { loadSession, needsRefresh } from '../grant/load-session.js';
import { refreshUnderLock } from './refresh-under-lock.js';

/**
 * One refresh per grant, whoever asks: in this process the callers share one promise (single flight); across
 * instances the store's lock decides who redeems the refresh token, and the others wait and then read the grant
 * it stored. A waiter re-reads until the grant is fresh, the lock is free again (then it tries to take it), or
 * twice the lock's lifetime has passed (`ERR_GRANT_REFRESH_BUSY`).
 */
export function coordinatedRefresh(ctx: SessionContext, key: string): Promise<OpenedSession> {
  let flight = ctx.inflight.get(key);
  if (!flight) {
    flight = refreshOrWait(ctx, key).finally(() => ctx.inflight.delete(key));
    ctx.inflight.set(key, flight);
  }
  return flight;
}

async function refreshOrWait(ctx: SessionContext, key: string): Promise<OpenedSession> {
  const deadline = Date.now() + 2 * ctx.settings.refreshLockTtl;
  for (let attempt = 0; ; attempt += 1) {
    const opened = await loadSession(ctx, key);
    if (!needsRefresh(ctx, opened.record)) return opened;
    const lock = await ctx.store.acquireLock(key, ctx.settings.refreshLockTtl);
    if (lock !== undefined) {
      try {
        // Read again under the lock: another instance may have stored a fresh grant between our read and our lock.
        const current = await loadSession(ctx, key);
        if (!needsRefresh(ctx, current.record)) return current;
        return await refreshUnderLock(ctx, current, lock);
      } finally {
        await ctx.store.releaseLock(key, lock).catch(() => undefined);
      }
    }
    if (Date.now() >= deadline)
      throw new SignetError('ERR_GRANT_REFRESH_BUSY', 'another instance is still refreshing this grant');
    ctx.stats.refreshWaits += 1;
    // Short first waits (a refresh takes one round trip to the AS), then up to 200 ms, with jitter.
    await sleep(Math.min(200, 20 * 2 ** Math.min(attempt, 4)) * (0.5 + Math.random() / 2));
  }
}
