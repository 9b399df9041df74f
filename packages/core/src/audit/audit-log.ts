import type { AuditEvent } from './audit-event.js';
import type { AuditRecord, ChainHead } from './audit-record.js';

/**
 * A durable, hash-chained audit log. Unlike an `AuditSink` (an observer that cannot affect a flow), the
 * client awaits `append` on the flow: a login whose record cannot be written is refused
 * (`ERR_AUDIT_UNAVAILABLE`), unless `allowUnrecordedLogins` says otherwise.
 */
export interface AuditLog {
  /** Resolves once the record is durable (on disk, committed); rejects when it is not. */
  append(event: AuditEvent): Promise<AuditRecord>;
  /** The last durable record's seq and hash: the anchor to keep elsewhere to detect a truncated tail. */
  head(): Promise<ChainHead>;
  /** The chain's lines in order, as stored (what `verifyChain` checks and exports read). */
  lines(): AsyncIterable<string>;
  /** Flushes and releases files or connections. */
  close(): Promise<void>;
}

/** True for an object shaped like an `AuditLog`. */
export function isAuditLog(value: unknown): value is AuditLog {
  const log = value as Partial<AuditLog> | null;
  return (
    typeof log === 'object' &&
    log !== null &&
    typeof log.append === 'function' &&
    typeof log.head === 'function' &&
    typeof log.lines === 'function' &&
    typeof log.close === 'function'
  );
}
