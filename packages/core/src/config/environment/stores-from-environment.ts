import { selectStores, type SelectStoresOptions, type SignetStores } from '../../transaction/select-stores.js';
import type { EnvironmentValues } from './environment-variable.js';
import { readEnvironment } from './read-environment.js';

/** The transaction store and replay register for values already read (`readEnvironment`): nothing is read again. */
export function storesFromEnvironment(
  values: Partial<EnvironmentValues>,
  options: SelectStoresOptions = {},
): Promise<SignetStores> {
  return selectStores(
    {
      ...(values.storeKind ? { store: values.storeKind } : {}),
      ...(values.cookieSecret ? { cookieSecret: values.cookieSecret } : {}),
      ...(values.redisUrl ? { redisUrl: values.redisUrl } : {}),
      ...(values.redisClusterNodes ? { redisClusterNodes: values.redisClusterNodes } : {}),
      ...(values.redisSentinels ? { redisSentinels: values.redisSentinels } : {}),
      ...(values.redisSentinelName ? { redisSentinelName: values.redisSentinelName } : {}),
    },
    options,
  );
}

/**
 * `selectStores` from SIGNET_STORE, SIGNET_COOKIE_SECRET and SIGNET_REDIS_URL (or SIGNET_REDIS_CLUSTER_NODES, or
 * SIGNET_REDIS_SENTINELS with SIGNET_REDIS_SENTINEL_NAME), read through the same table.
 *
 * @example
 * const stores = await storesFromEnv();
 */
export async function storesFromEnv(
  env: Record<string, string | undefined> = process.env,
  options: SelectStoresOptions = {},
): Promise<SignetStores> {
  const { values } = readEnvironment(env, {
    only: ['storeKind', 'cookieSecret', 'redisUrl', 'redisClusterNodes', 'redisSentinels', 'redisSentinelName'],
  });
  return await storesFromEnvironment(values, options);
}
