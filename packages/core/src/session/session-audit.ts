import { shortHash } from '../audit/emit.js';
import { recordRefusal } from '../audit/record-event.js';
import type { AuditEvent, SessionEndedEvent } from '../audit/audit-event.js';
import type { SignetError } from '../errors/signet-error.js';
import type { SessionContext } from './session-context.js';
import type { SessionRecord } from './session-record.js';
import { clientConfig } from '../client/client-config.js';

/** The correlation handle of a session in audit records: never the id, never the store key itself. */
export function sessionHash(record: Pick<SessionRecord, 'key'>): string {
  return shortHash(record.key);
}

/**
 * Records a session or grant event: the observer sink, and the durable audit log when one is configured (an
 * unwritable log does not keep a user signed in nor refuse a logout: these flows end the same either way).
 */
export function recordSessionEvent(ctx: SessionContext, event: AuditEvent): void {
  void recordRefusal(clientConfig(ctx.client), event);
}

/** The fields every session event shares. */
export function eventBase(ctx: SessionContext) {
  return {
    time: new Date().toISOString(),
    issuer: clientConfig(ctx.client).issuer,
    clientId: clientConfig(ctx.client).clientId,
  };
}

/**
 * Ends a session because of `error` (the grant is gone, the vault does not open, ...): deletes the record,
 * records why, and returns the error for the caller to throw. A store failure while deleting wins: the caller
 * then answers 503, and the next request meets the same refusal again.
 */
export async function endWith(
  ctx: SessionContext,
  record: SessionRecord,
  reason: SessionEndedEvent['reason'],
  error: SignetError,
): Promise<SignetError> {
  await ctx.store.delete(record.key);
  recordSessionEvent(ctx, {
    type: 'session.ended',
    ...eventBase(ctx),
    subject: record.sub,
    sessionHash: sessionHash(record),
    reason,
    code: error.code,
  });
  return error;
}
