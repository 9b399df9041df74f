// One-shot `hash`: the same SHA-256 as `createHash`, without a Hash object per call (every callback hashes twice).
import { hash } from 'node:crypto';

/**
 * The replay register's key for a verified response: SHA-256 of its JWS signing input, i.e. of exactly what the
 * AS signed. Never of the whole string: a signature has several spellings that all verify (non-zero padding
 * bits in the last base64url character; for ECDSA the twin (r, n−s)), and each would otherwise look new.
 * For a nested JWE this is the inner JWS's signing input, so re-encrypting a response does not make it new.
 */
export function responseReplayId(signingInput: string): string {
  return `jarm:${hash('sha256', signingInput, 'base64url')}`;
}

/**
 * The replay register's key that marks a pending login as used. Recorded before any verification, so that the
 * first delivery from the browser the login is bound to consumes it whatever its outcome, even with a store
 * that cannot consume on the server (the cookie store: a copy of the cookie would open again).
 */
export function stateReplayId(state: string): string {
  return `state:${hash('sha256', state, 'base64url')}`;
}

/**
 * A login's state hashed once for both of its uses: `replayId` is `stateReplayId(state)`, `stateHash` is the audit
 * correlation handle `shortHash(state)` (16 hex characters of the same SHA-256). The callback needs both.
 */
export function stateKeys(state: string): { replayId: string; stateHash: string } {
  const digest = hash('sha256', state, 'buffer');
  return { replayId: `state:${digest.toString('base64url')}`, stateHash: digest.toString('hex', 0, 8) };
}
