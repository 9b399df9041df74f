import type { SignetClientOptions } from '../client-options.js';
import type { EnvironmentValues } from './environment-variable.js';

/** Options of the HTTP edge, not of the client: the cookie secret, the store choice, where the audit log is. */
const EDGE_OPTIONS = [
  'cookieSecret',
  'storeKind',
  'redisUrl',
  'auditFile',
  'auditPgUrl',
] as const satisfies ReadonlyArray<keyof EnvironmentValues>;

/** The client options among the values read from the environment (no store: see `storesFromEnvironment`). */
export function clientOptionsFromEnvironment(values: Partial<EnvironmentValues>): Partial<SignetClientOptions> {
  const client: Record<string, unknown> = { ...values };
  for (const option of EDGE_OPTIONS) delete client[option];
  return client as Partial<SignetClientOptions>;
}
