import type * as oauth from 'oauth4webapi';
import type { SignetClient } from '../client/signet-client.js';
import type { VaultKeys } from '../vault/vault-keys.js';
import type { SessionSettings } from './session-options.js';
import type { SealedGrant, SessionRecord } from './session-record.js';
import type { SessionStore } from './session-store.js';

/** A record with its opened vault. */
export interface OpenedSession {
  record: SessionRecord;
  grant: SealedGrant;
}

/** What every session operation works with; built once by `SignetSessions.create`. */
export interface SessionContext {
  client: SignetClient;
  store: SessionStore;
  vault: VaultKeys;
  settings: SessionSettings;
  /** In-process single flight: one refresh per session key at a time in this process. */
  inflight: Map<string, Promise<OpenedSession>>;
  /** DPoP handles by key thumbprint: they remember each server's nonce between requests. */
  dpopHandles: Map<string, oauth.DPoPHandle>;
  /** Counts, for health checks, tests and benchmarks. */
  stats: { refreshes: number; refreshWaits: number };
}
