import { SignetError } from '../../errors/signet-error.js';
import type { EnvironmentReading } from './read-environment.js';
import type { EnvironmentOption } from './environment-variable.js';

/** Client option fields set by a variable of another name (the `tls` object gathers three variables). */
const FIELD_OPTIONS: Record<string, EnvironmentOption> = {
  'tls.certificate': 'tlsCertificate',
  'tls.key': 'tlsKey',
  'tls.ca': 'tlsCa',
};

/**
 * Renames a configuration refusal after the variable that set the option, when it came from the environment: a
 * developer who set `SIGNET_SIGNING_KEY_FILE` should read that name, not `signingKeys[0]`. Anything else is
 * returned unchanged.
 */
export function attributeToEnvironment(err: unknown, provenance: EnvironmentReading['provenance']): unknown {
  if (!(err instanceof SignetError) || err.code !== 'ERR_CONFIG_INVALID' || err.field === undefined) return err;
  const option = (FIELD_OPTIONS[err.field] ?? err.field.split(/[.[]/)[0]!) as keyof typeof provenance;
  const variable = provenance[option];
  if (!variable || err.field === variable) return err;
  const problem = err.message.startsWith(`${err.field}: `) ? err.message.slice(err.field.length + 2) : err.message;
  return new SignetError('ERR_CONFIG_INVALID', `${variable}: ${problem}`, { field: variable, cause: err });
}
