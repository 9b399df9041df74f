import type { EnvironmentValues } from '../config/environment/environment-variable.js';
import { loadPolicyFile } from '../policy/load-policy.js';
import type { PolicyDocument } from '../policy/policy.js';
import { auditLogFromEnvironment, type AuditFromEnvOptions } from './audit-from-env.js';
import type { AuditLog } from './audit-log.js';

/** What the environment's audit and policy variables open: pass `auditLog` and `policy` to the client. */
export interface EnvironmentGovernance {
  auditLog?: AuditLog;
  policy?: PolicyDocument;
  /** Closes the audit log (file or PostgreSQL pool). */
  close(): Promise<void>;
}

/**
 * Opens the durable audit log (`SIGNET_AUDIT_FILE` / `SIGNET_AUDIT_PG_URL`) and reads the policy file
 * (`SIGNET_POLICY_FILE`) from values `readEnvironment` already parsed. What the NestJS module and the Passport
 * environment client both do; a failure closes what was opened and names the variable.
 */
export async function governanceFromEnvironment(
  values: Partial<EnvironmentValues>,
  options: AuditFromEnvOptions = {},
): Promise<EnvironmentGovernance> {
  const policy = values.policyFile ? await loadPolicyFile(values.policyFile) : undefined;
  const auditLog = await auditLogFromEnvironment(values, options);
  return {
    ...(auditLog ? { auditLog } : {}),
    ...(policy ? { policy } : {}),
    close: async () => {
      await auditLog?.close();
    },
  };
}
