import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import { redisTopology, type RedisConnectionSettings, type RedisTopology } from './redis-settings.js';

/** A standalone, Sentinel-managed (both `Redis`) or Cluster connection: every store and lock takes any of them. */
export type RedisConnection = Redis | Cluster;

/**
 * Fail fast, recover alone: while Redis is unreachable every command is refused at once (no offline queue,
 * one retry, a bounded command time), so logins get a 503 instead of hanging; reconnection goes on in the
 * background forever, so the service recovers without a restart when Redis returns.
 */
export const REDIS_CLIENT_DEFAULTS = {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 1,
  connectTimeout: 2000,
  commandTimeout: 2000,
  // A command in flight when the connection dropped may or may not have run: fail it rather than resend a GETDEL.
  autoResendUnfulfilledCommands: false,
  retryStrategy: (attempt: number) => Math.min(attempt * 100, 2000),
} satisfies RedisOptions;

/** What a Cluster adds to the defaults: no offline queue either, quick slot refreshes, reconnection forever. */
export const REDIS_CLUSTER_DEFAULTS = {
  enableOfflineQueue: false,
  clusterRetryStrategy: (attempt: number) => Math.min(attempt * 100, 2000),
  slotsRefreshTimeout: 1000,
  retryDelayOnFailover: 100,
  retryDelayOnClusterDown: 100,
  maxRedirections: 8,
} satisfies ClusterOptions;

export interface RedisClientOptions {
  /** Overrides of the ioredis options (of each node, for a Cluster); the defaults are `REDIS_CLIENT_DEFAULTS`. */
  redisOptions?: RedisOptions;
  /** Overrides of the Cluster options; the defaults are `REDIS_CLUSTER_DEFAULTS`. */
  clusterOptions?: ClusterOptions;
  /** Receives connection errors (Redis down, refused, timed out). Default: ignored; refusals carry the code. */
  onError?: (error: Error) => void;
}

/** Options of the Redis store, the replay register and `createRedisStores`. */
export interface RedisStoreOptions extends RedisClientOptions {
  /** Namespace of the keys; default `signet:`. Give each application sharing one Redis its own. */
  keyPrefix?: string;
}

/** The URL without its password, for messages. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.href;
  } catch {
    return '(unparseable URL)';
  }
}

function connect(topology: RedisTopology, options: RedisClientOptions): RedisConnection {
  const node = { ...REDIS_CLIENT_DEFAULTS, ...topology.auth, ...options.redisOptions };
  switch (topology.kind) {
    case 'url':
      return new Redis(topology.url, node);
    case 'sentinel':
      return new Redis({ ...node, sentinels: topology.sentinels, name: topology.name, ...topology.sentinelAuth });
    case 'cluster': {
      // The cluster owns retries and its queue; a node's own retryStrategy and offline queue are not allowed there.
      const { retryStrategy: _retry, enableOfflineQueue: _queue, ...perNode } = node;
      return new Cluster(topology.nodes, {
        ...REDIS_CLUSTER_DEFAULTS,
        ...options.clusterOptions,
        redisOptions: perNode,
      });
    }
  }
}

/**
 * The one way Signet opens Redis (the transaction store, the replay register, sessions and the refresh lock all
 * take what this returns): a SIGNET_REDIS_URL (`redis://` or `rediss://`), or settings naming a Sentinel group
 * or Cluster nodes, with `REDIS_CLIENT_DEFAULTS`. Connects in the background: a Redis that is down at boot
 * only means refused logins until it is up. A bad setting throws `ERR_CONFIG_INVALID` naming the variable.
 *
 * @example
 * const redis = createRedisClient({ clusterNodes: 'redis://10.0.0.1:7000,redis://10.0.0.2:7000' });
 */
export function createRedisClient(
  settings: string | RedisConnectionSettings,
  options: RedisClientOptions = {},
): RedisConnection {
  const client = connect(redisTopology(typeof settings === 'string' ? { url: settings } : settings), options);
  // Without a listener ioredis prints every failed reconnection; the refusals already say what matters.
  client.on('error', options.onError ?? (() => undefined));
  return client;
}

/** QUIT politely when connected; disconnect at once otherwise (QUIT would be refused without an offline queue). */
export async function closeClient(client: RedisConnection): Promise<void> {
  if (client.status === 'ready') {
    try {
      await client.quit();
      return;
    } catch {
      // fall through: the connection went away meanwhile
    }
  }
  client.disconnect();
}
