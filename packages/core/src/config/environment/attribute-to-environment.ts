import { SignetError } from '../../errors/signet-error.js';
import type { EnvironmentReading } from './read-environment.js';
import type { EnvironmentOption } from './environment-variable.js';

/** Client option fields set by a variable of another name (the `tls` object gathers three variables). */
const FIELD_OPTIONS: Record<string, EnvironmentOption> = {
  'tls.certificate': 'tlsCertificate',
  'tls.key': 'tlsKey',
  'tls.ca': 'tlsCa',
  // The policy's boot checks name the policy; from the environment it is the file's variable that is read.
  policy: 'policyFile',
};

/** Boot refusals that name the option at fault (`field`): a bad value, and the policy's checks of the client. */
const BOOT_REFUSALS = new Set<string>([
  'ERR_CONFIG_INVALID',
  'ERR_POLICY_CLIENT_UNKNOWN',
  'ERR_POLICY_SCOPE_NOT_REVIEWED',
  'ERR_POLICY_REVIEW_OVERDUE',
]);

/**
 * Renames a configuration refusal after the variable that set the option, when it came from the environment: a
 * developer who set `SIGNET_SIGNING_KEY_FILE` should read that name, not `signingKeys[0]`. Anything else is
 * returned unchanged. The code is kept (a policy refusal stays `ERR_POLICY_*`).
 */
export function attributeToEnvironment(err: unknown, provenance: EnvironmentReading['provenance']): unknown {
  if (!(err instanceof SignetError) || !BOOT_REFUSALS.has(err.code) || err.field === undefined) return err;
  const option = (FIELD_OPTIONS[err.field] ?? err.field.split(/[.[]/)[0]!) as keyof typeof provenance;
  const variable = provenance[option];
  if (!variable || err.field === variable) return err;
  const problem = err.message.startsWith(`${err.field}: `) ? err.message.slice(err.field.length + 2) : err.message;
  return new SignetError(err.code, `${variable}: ${problem}`, { field: variable, cause: err });
}
