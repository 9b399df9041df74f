import { Redis, type RedisOptions } from 'ioredis';
import { SignetError } from '@signet/core';

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

export interface RedisClientOptions {
  /** Overrides of the ioredis options; the defaults are `REDIS_CLIENT_DEFAULTS`. */
  redisOptions?: RedisOptions;
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

/**
 * An ioredis client for SIGNET_REDIS_URL (`redis://` or `rediss://`) with `REDIS_CLIENT_DEFAULTS`.
 * Connects in the background: a Redis that is down at boot only means refused logins until it is up.
 */
export function createRedisClient(url: string, options: RedisClientOptions = {}): Redis {
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    throw new SignetError(
      'ERR_CONFIG_INVALID',
      `SIGNET_REDIS_URL: ${redactRedisUrl(String(url))} is not a URL; expected redis://host:6379 or rediss://host:6380`,
      { field: 'SIGNET_REDIS_URL' },
    );
  }
  if (protocol !== 'redis:' && protocol !== 'rediss:') {
    throw new SignetError(
      'ERR_CONFIG_INVALID',
      `SIGNET_REDIS_URL: must start with redis:// or rediss:// (got ${protocol})`,
      { field: 'SIGNET_REDIS_URL' },
    );
  }
  const client = new Redis(url, { ...REDIS_CLIENT_DEFAULTS, ...options.redisOptions });
  // Without a listener ioredis prints every failed reconnection; the refusals already say what matters.
  client.on('error', options.onError ?? (() => undefined));
  return client;
}

/** QUIT politely when connected; disconnect at once otherwise (QUIT would be refused without an offline queue). */
export async function closeClient(client: Redis): Promise<void> {
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
