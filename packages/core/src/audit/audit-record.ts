import { createHash } from 'node:crypto';
import type { AuditEvent } from './audit-event.js';
import { canonicalJson } from './canonical-json.js';

/** The `prev` of a chain's first record: 64 zeros. */
export const GENESIS_HASH = '0'.repeat(64);

/** Version of the record layout below. */
export const AUDIT_RECORD_VERSION = 1;

/**
 * One line of the durable audit log. `prev` is the SHA-256 (hex) of the canonical serialization
 * (`canonicalJson`) of the previous record of the same chain, the whole record including its own `prev`,
 * so changing, removing, inserting or moving any record breaks every link after it.
 */
export interface AuditRecord {
  v: typeof AUDIT_RECORD_VERSION;
  /** 1, 2, 3, ... without gaps within a chain. */
  seq: number;
  /** The process that wrote it (several instances may share one PostgreSQL chain). */
  instance: string;
  prev: string;
  event: AuditEvent;
}

/** The last record of a chain: what the next record links to. */
export interface ChainHead {
  seq: number;
  hash: string;
}

/** The head of an empty chain. */
export const EMPTY_HEAD: ChainHead = { seq: 0, hash: GENESIS_HASH };

/** SHA-256 (hex) of a record's canonical form: the value the next record carries as `prev`. */
export function recordHash(record: AuditRecord): string {
  return createHash('sha256').update(canonicalJson(record)).digest('hex');
}

/** The record that follows `head`, and the new head. */
export function chainRecord(
  head: ChainHead,
  instance: string,
  event: AuditEvent,
): { record: AuditRecord; head: ChainHead } {
  const record: AuditRecord = { v: AUDIT_RECORD_VERSION, seq: head.seq + 1, instance, prev: head.hash, event };
  return { record, head: { seq: record.seq, hash: recordHash(record) } };
}
