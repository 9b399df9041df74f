import type { JWK } from 'jose';
import { SignetError } from '../errors/signet-error.js';
import { isAuditLog, type AuditLog } from './audit-log.js';
import { importEvidenceKey, type EvidenceKey } from './evidence.js';

/** Client options of the durable log and its evidence (part of `SignetClientOptions`). */
export interface AuditLogOptions {
  /** A durable, hash-chained log awaited on every flow (`FileAuditLog`, `@signet/audit-pg`). Default: none. */
  auditLog?: AuditLog;
  /**
   * Let logins succeed when `auditLog` cannot be written (they are refused with `ERR_AUDIT_UNAVAILABLE` by
   * default, under every profile). A relaxation: warned at boot and named in every record
   * (`relaxations: ["allow-unrecorded-logins"]`).
   */
  allowUnrecordedLogins?: boolean;
  /** The auditor's public JWK: each request object and accepted response is sealed to it as evidence. */
  auditEvidenceKey?: JWK | string;
}

/** The resolved form carried by `ClientConfig`. */
export interface AuditLogConfig {
  auditLog?: AuditLog;
  allowUnrecordedLogins: boolean;
  evidenceKey?: EvidenceKey;
}

/** Validates the audit options at boot; names the option in every refusal. */
export async function resolveAuditLogOptions(options: AuditLogOptions): Promise<AuditLogConfig> {
  if (options.auditLog !== undefined && !isAuditLog(options.auditLog))
    throw new SignetError('ERR_CONFIG_INVALID', 'auditLog: must implement append(), head(), lines() and close()', {
      field: 'auditLog',
    });
  if (options.allowUnrecordedLogins !== undefined && typeof options.allowUnrecordedLogins !== 'boolean')
    throw new SignetError('ERR_CONFIG_INVALID', 'allowUnrecordedLogins: must be true or false', {
      field: 'allowUnrecordedLogins',
    });
  const allowUnrecordedLogins = options.allowUnrecordedLogins === true;
  if (allowUnrecordedLogins && options.auditLog)
    process.emitWarning(
      'allowUnrecordedLogins is on: logins succeed even when the audit log cannot be written. Every record says so.',
      { code: 'SIGNET_ALLOW_UNRECORDED_LOGINS' },
    );
  return {
    ...(options.auditLog ? { auditLog: options.auditLog } : {}),
    allowUnrecordedLogins,
    ...(options.auditEvidenceKey !== undefined
      ? { evidenceKey: await importEvidenceKey(options.auditEvidenceKey) }
      : {}),
  };
}
