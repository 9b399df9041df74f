import { SignetError } from '../errors/signet-error.js';
import type { AuditEvent, AuditSink } from './audit-event.js';
import type { AuditLog } from './audit-log.js';
import { emit } from './emit.js';

/** The part of the client configuration that decides where events go. */
export interface AuditTargets {
  audit?: AuditSink;
  auditLog?: AuditLog;
  /** The loud opt-out of fail-closed auditing (`SIGNET_AUDIT_ALLOW_UNRECORDED_LOGINS`). */
  allowUnrecordedLogins: boolean;
  /** The client's partner name, which every record then carries as `client`. */
  name?: string;
}

/** The name a relaxation carries in the records of the flows it touches. */
export const ALLOW_UNRECORDED_LOGINS = 'allow-unrecorded-logins';

/**
 * The event as recorded: named after the client's partner name when it has one (every record of a named client,
 * whichever builder made it), with `allow-unrecorded-logins` added to the relaxations it already names.
 */
function stamp(targets: AuditTargets, event: AuditEvent): AuditEvent {
  const named = targets.name !== undefined ? { ...event, client: targets.name } : event;
  if (!targets.allowUnrecordedLogins) return named;
  return { ...named, relaxations: [...(named.relaxations ?? []), ALLOW_UNRECORDED_LOGINS] };
}

/**
 * Records an event of a flow that is about to succeed: the observer sink sees it, and the durable log must
 * have it on disk before the flow may go on. A log that cannot be written refuses the flow with
 * `ERR_AUDIT_UNAVAILABLE` (503), unless the deployment chose `allowUnrecordedLogins`, which every record
 * then names.
 */
export async function recordOrRefuse(targets: AuditTargets, event: AuditEvent): Promise<void> {
  const stamped = stamp(targets, event);
  emit(targets.audit, stamped);
  if (!targets.auditLog) return;
  try {
    await targets.auditLog.append(stamped);
  } catch (cause) {
    if (targets.allowUnrecordedLogins) return;
    throw new SignetError('ERR_AUDIT_UNAVAILABLE', 'the audit log cannot be written; the login is refused', {
      cause,
    });
  }
}

/** Records an event of a flow that is refused anyway: a log failure cannot change that outcome. */
export async function recordRefusal(targets: AuditTargets, event: AuditEvent): Promise<void> {
  const stamped = stamp(targets, event);
  emit(targets.audit, stamped);
  if (!targets.auditLog) return;
  try {
    await targets.auditLog.append(stamped);
  } catch {
    // The refusal stands; the log's own outage shows in the refusals of the flows that needed it.
  }
}
