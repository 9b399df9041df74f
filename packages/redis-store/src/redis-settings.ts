import { SignetError } from '@signet/core';

/**
 * Where Redis is, as the environment says it: exactly one of a URL (one server), Cluster nodes, or Sentinels and
 * the name of the group they watch.
 */
export interface RedisConnectionSettings {
  /** SIGNET_REDIS_URL: `redis://[user:password@]host:6379[/db]`, or `rediss://` for TLS. */
  url?: string;
  /** SIGNET_REDIS_CLUSTER_NODES: comma-separated URLs of some cluster nodes (the rest are discovered). */
  clusterNodes?: string;
  /** SIGNET_REDIS_SENTINELS: comma-separated URLs of the Sentinels. */
  sentinels?: string;
  /** SIGNET_REDIS_SENTINEL_NAME: the master group the Sentinels watch (`sentinel monitor <name> ...`). */
  sentinelName?: string;
}

interface Address {
  host: string;
  port: number;
}

interface Credentials {
  username?: string;
  password?: string;
  tls?: Record<string, never>;
}

/** The settings checked and turned into what ioredis takes. */
export type RedisTopology =
  | { kind: 'url'; url: string; auth: Credentials }
  | { kind: 'cluster'; nodes: Address[]; auth: Credentials }
  | {
      kind: 'sentinel';
      sentinels: Address[];
      name: string;
      auth: Credentials;
      sentinelAuth: {
        sentinelUsername?: string;
        sentinelPassword?: string;
        enableTLSForSentinelMode?: boolean;
      };
    };

function fail(variable: string, problem: string): never {
  throw new SignetError('ERR_CONFIG_INVALID', `${variable}: ${problem}`, { field: variable });
}

/** Parses one `redis://` / `rediss://` URL; the message never echoes its password. */
function parseUrl(variable: string, text: string, defaultPort: number): { address: Address; url: URL } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    fail(variable, `an entry is not a URL; expected redis://host:${defaultPort} or rediss://host:${defaultPort}`);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:')
    fail(variable, `must start with redis:// or rediss:// (got ${url.protocol})`);
  if (url.hostname === '') fail(variable, 'an entry names no host');
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return { address: { host, port: url.port === '' ? defaultPort : Number(url.port) }, url };
}

function credentials(url: URL): Credentials {
  return {
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    ...(url.protocol === 'rediss:' ? { tls: {} } : {}),
  };
}

/** A comma-separated list of URLs that agree on scheme and credentials (they all reach one deployment). */
function parseList(variable: string, text: string, defaultPort: number): { addresses: Address[]; auth: Credentials } {
  const entries = text
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '');
  if (entries.length === 0) fail(variable, 'lists no node; expected redis://host:port,redis://host:port');
  const parsed = entries.map((e) => parseUrl(variable, e, defaultPort));
  const first = parsed[0]!.url;
  for (const { url } of parsed) {
    if (url.protocol !== first.protocol || url.username !== first.username || url.password !== first.password)
      fail(variable, 'every entry must use the same scheme and credentials');
  }
  return { addresses: parsed.map((p) => p.address), auth: credentials(first) };
}

/** Checks the settings (exactly one topology) and says what to connect to; a problem names the variable. */
export function redisTopology(settings: RedisConnectionSettings): RedisTopology {
  const given = (value: string | undefined) => value !== undefined && value.trim() !== '';
  const chosen = [
    given(settings.url) && 'SIGNET_REDIS_URL',
    given(settings.clusterNodes) && 'SIGNET_REDIS_CLUSTER_NODES',
    given(settings.sentinels) && 'SIGNET_REDIS_SENTINELS',
  ].filter((v): v is string => typeof v === 'string');
  if (chosen.length > 1) fail(chosen[1]!, `cannot be combined with ${chosen[0]}: set only one of them`);
  if (given(settings.sentinelName) && !given(settings.sentinels))
    fail('SIGNET_REDIS_SENTINEL_NAME', 'needs SIGNET_REDIS_SENTINELS (the Sentinels that watch this group)');

  if (given(settings.clusterNodes)) {
    const { addresses, auth } = parseList('SIGNET_REDIS_CLUSTER_NODES', settings.clusterNodes!, 6379);
    return { kind: 'cluster', nodes: addresses, auth };
  }
  if (given(settings.sentinels)) {
    if (!given(settings.sentinelName))
      fail('SIGNET_REDIS_SENTINEL_NAME', 'is required with SIGNET_REDIS_SENTINELS (e.g. mymaster)');
    const { addresses, auth } = parseList('SIGNET_REDIS_SENTINELS', settings.sentinels!, 26379);
    // One set of credentials for the Sentinels and the master they point to; a different one needs your own client.
    return {
      kind: 'sentinel',
      sentinels: addresses,
      name: settings.sentinelName!.trim(),
      auth,
      sentinelAuth: {
        ...(auth.username ? { sentinelUsername: auth.username } : {}),
        ...(auth.password ? { sentinelPassword: auth.password } : {}),
        ...(auth.tls ? { enableTLSForSentinelMode: true } : {}),
      },
    };
  }
  if (!given(settings.url))
    fail('SIGNET_REDIS_URL', 'is required (or SIGNET_REDIS_CLUSTER_NODES, or SIGNET_REDIS_SENTINELS)');
  const url = settings.url!.trim();
  parseUrl('SIGNET_REDIS_URL', url, 6379);
  return { kind: 'url', url, auth: {} };
}
