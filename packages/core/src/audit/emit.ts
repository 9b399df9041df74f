import { createHash } from 'node:crypto';
import type { AuditEvent, AuditSink } from './audit-event.js';

/** A correlation handle for a secret value: 16 hex chars of its SHA-256. */
export function shortHash(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 16);
}

/** Delivers an event without letting the sink affect the flow (an audit failure never turns into success or a crash). */
export function emit(sink: AuditSink | undefined, event: AuditEvent): void {
  if (!sink) return;
  try {
    const pending = sink(event);
    if (pending && typeof (pending as Promise<void>).catch === 'function')
      (pending as Promise<void>).catch(() => undefined);
  } catch {
    // Audit sinks are observers: their faults are theirs.
  }
}
