import { createHash } from 'node:crypto';
import { randomValue } from '../random/random-value.js';

/** A new opaque session id: 256 random bits, base64url. Only the browser's cookie holds it. */
export function newSessionId(): string {
  return randomValue(32);
}

/** The store key of a session id: its SHA-256, so that neither a store dump nor its keys yield a cookie. */
export function sessionKey(id: string): string {
  return createHash('sha256').update(id).digest('base64url');
}

/** Session ids are exactly what `newSessionId` makes; anything else is no session (and never reaches a store). */
export function isSessionId(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{43}$/.test(value);
}
