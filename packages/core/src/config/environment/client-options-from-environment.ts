import type { SignetClientOptions } from '../client-options.js';
import type { EnvironmentValues } from './environment-variable.js';

/** Options of the HTTP edge, not of the client: the cookie secret, the store and session choices, where the audit log is. */
const EDGE_OPTIONS = [
  'cookieSecret',
  'storeKind',
  'redisUrl',
  'auditFile',
  'auditPgUrl',
  'redisClusterNodes',
  'redisSentinels',
  'redisSentinelName',
  'policyFile',
  'sessionStoreKind',
  'userinfo',
  'sessionIdleTimeout',
  'sessionAbsoluteTimeout',
  'clients',
] as const satisfies ReadonlyArray<keyof EnvironmentValues>;

/** The variables that together make the client option `tls`. */
const TLS_OPTIONS = ['tlsCertificate', 'tlsKey', 'tlsCa'] as const satisfies ReadonlyArray<keyof EnvironmentValues>;

/** The client options among the values read from the environment (no store: see `storesFromEnvironment`). */
export function clientOptionsFromEnvironment(values: Partial<EnvironmentValues>): Partial<SignetClientOptions> {
  const client: Record<string, unknown> = { ...values };
  for (const option of [...EDGE_OPTIONS, ...TLS_OPTIONS]) delete client[option];
  const { tlsCertificate: certificate, tlsKey: key, tlsCa: ca } = values;
  if (certificate !== undefined || key !== undefined || ca !== undefined)
    client['tls'] = {
      ...(certificate !== undefined ? { certificate } : {}),
      ...(key !== undefined ? { key } : {}),
      ...(ca !== undefined ? { ca } : {}),
    };
  return client as Partial<SignetClientOptions>;
}
