import { SignetError } from '../errors/signet-error.js';
import { loadRedis, type SelectStoresOptions, type SignetStores } from '../transaction/select-stores.js';
import { MemorySessionStore } from './memory-session-store.js';
import type { SessionStore } from './session-store.js';

/** Where signed-in sessions live: `cookie` (stateless, keeps no tokens), `memory` (one instance), `redis` (shared). */
export type SessionStoreKind = 'cookie' | 'memory' | 'redis';

export const SESSION_STORE_KINDS: readonly SessionStoreKind[] = ['cookie', 'memory', 'redis'];
/** Stateless: what apps that keep no tokens had before server-side sessions existed. */
export const DEFAULT_SESSION_STORE_KIND: SessionStoreKind = 'cookie';

/** A server-side session store, and how to close what was opened for it alone. */
export interface SelectedSessionStore {
  store?: SessionStore;
  close(): Promise<void>;
}

/**
 * The session store for `SIGNET_SESSION_STORE`. `redis` reuses the connection of the transaction stores when
 * they are in Redis too (`SIGNET_STORE=redis`, or a replay register beside cookies), else opens its own.
 */
export async function selectSessionStore(
  kind: SessionStoreKind,
  stores: Pick<SignetStores, 'sessionStore'> | undefined,
  redisUrl: string | undefined,
  options: SelectStoresOptions = {},
): Promise<SelectedSessionStore> {
  if (!SESSION_STORE_KINDS.includes(kind))
    throw new SignetError(
      'ERR_CONFIG_INVALID',
      `SIGNET_SESSION_STORE: must be one of ${SESSION_STORE_KINDS.join(', ')} (got "${String(kind)}")`,
      { field: 'SIGNET_SESSION_STORE' },
    );
  if (kind === 'cookie') return { close: async () => undefined };
  if (kind === 'memory') return { store: new MemorySessionStore(), close: async () => undefined };
  if (stores?.sessionStore) return { store: stores.sessionStore, close: async () => undefined };
  if (!redisUrl)
    throw new SignetError(
      'ERR_CONFIG_INVALID',
      'SIGNET_REDIS_URL: is required with SIGNET_SESSION_STORE=redis (e.g. redis://127.0.0.1:6379, rediss:// for TLS)',
      { field: 'SIGNET_REDIS_URL' },
    );
  const redis = await loadRedis({ url: redisUrl }, options);
  if (!redis.sessionStore)
    throw new SignetError('ERR_CONFIG_INVALID', 'SIGNET_SESSION_STORE: this @signet/redis-store has no session store', {
      field: 'SIGNET_SESSION_STORE',
    });
  return { store: redis.sessionStore, close: () => redis.close() };
}
