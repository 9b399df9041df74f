import { SignetError } from '../errors/signet-error.js';
import type { EnvironmentValues } from '../config/environment/environment-variable.js';
import { readEnvironment } from '../config/environment/read-environment.js';
import type { AuditLog } from './audit-log.js';
import { FileAuditLog } from './file-audit-log.js';

/** Options for `auditLogFromEnvironment`. */
export interface AuditFromEnvOptions {
  /** Opens the PostgreSQL log. Default: `createPgAuditLog` of `@signet/audit-pg`, loaded on demand. */
  createPgAuditLog?: (url: string) => Promise<AuditLog>;
}

function fail(variable: string, problem: string, cause?: unknown): never {
  throw new SignetError('ERR_CONFIG_INVALID', `${variable} ${problem}`, {
    field: variable,
    ...(cause === undefined ? {} : { cause }),
  });
}

async function openPg(url: string, options: AuditFromEnvOptions): Promise<AuditLog> {
  if (options.createPgAuditLog) return options.createPgAuditLog(url);
  // A variable specifier: core neither depends on the PostgreSQL package nor makes TypeScript resolve it.
  const specifier = '@signet/audit-pg';
  let module: { createPgAuditLog: (url: string) => Promise<AuditLog> };
  try {
    module = (await import(specifier)) as typeof module;
  } catch (cause) {
    fail('SIGNET_AUDIT_PG_URL', 'needs the @signet/audit-pg package. Fix: npm install @signet/audit-pg', cause);
  }
  return module!.createPgAuditLog(url);
}

/**
 * Opens the durable audit log the environment names (`SIGNET_AUDIT_FILE` or `SIGNET_AUDIT_PG_URL`, values
 * already read by `readEnvironment`), or none. A file that cannot be opened for writing, or a database that
 * cannot be reached, stops the boot with the variable's name.
 */
export async function auditLogFromEnvironment(
  values: Partial<EnvironmentValues>,
  options: AuditFromEnvOptions = {},
): Promise<AuditLog | undefined> {
  const { auditFile: file, auditPgUrl: pg } = values;
  if (file && pg) fail('SIGNET_AUDIT_FILE', 'and SIGNET_AUDIT_PG_URL are both set. Fix: keep one of them');
  if (file) {
    try {
      return await FileAuditLog.open({ path: file });
    } catch (cause) {
      const code = (cause as NodeJS.ErrnoException).code ?? 'error';
      fail(
        'SIGNET_AUDIT_FILE',
        `names "${file}", which cannot be opened for writing (${code}). Fix: a writable path`,
        cause,
      );
    }
  }
  if (pg) {
    if (!/^postgres(ql)?:\/\//.test(pg)) fail('SIGNET_AUDIT_PG_URL', 'must be a postgres:// or postgresql:// URL');
    try {
      return await openPg(pg, options);
    } catch (cause) {
      if (cause instanceof SignetError) throw cause;
      // No cause text: a driver's message may quote the URL, password included.
      fail(
        'SIGNET_AUDIT_PG_URL',
        'cannot be reached, or its table cannot be created. Fix: check the server, URL and grants',
      );
    }
  }
  return undefined;
}

/**
 * The durable audit log from the environment (`SIGNET_AUDIT_FILE` / `SIGNET_AUDIT_PG_URL`), read through the
 * configuration table.
 *
 * @example
 * const auditLog = await auditFromEnv(process.env);
 */
export async function auditFromEnv(
  env: Record<string, string | undefined> = process.env,
  options: AuditFromEnvOptions = {},
): Promise<AuditLog | undefined> {
  const { values } = readEnvironment(env, { only: ['auditFile', 'auditPgUrl'] });
  return auditLogFromEnvironment(values, options);
}
