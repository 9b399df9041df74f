import { createHash } from 'node:crypto';

/** Default namespace of every key Signet writes. */
export const DEFAULT_KEY_PREFIX = 'signet:';

/** A pending login's key: a digest of its state, so the raw state never appears in Redis (nor in MONITOR). */
export function transactionKey(prefix: string, state: string): string {
  return `${prefix}tx:${createHash('sha256').update(state).digest('base64url')}`;
}

/** An accepted response's key; the id is already a digest of the response. */
export function replayKey(prefix: string, id: string): string {
  return `${prefix}jarm:${id}`;
}

/** Seconds left until `expiresAt` (epoch seconds); at least 1, since Redis refuses EX 0. */
export function secondsUntil(expiresAt: number): number {
  return Math.max(1, Math.ceil(expiresAt - Date.now() / 1000));
}
