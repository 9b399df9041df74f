import type { ClientConfig } from '../config/resolve-options.js';
import type { SignetErrorCode } from '../errors/codes.js';
import { SignetError } from '../errors/signet-error.js';
import type { OutageMonitor, OutageSource } from './outage-monitor.js';
import { outageSourceOf } from './outage-monitor.js';

/** One dependency's state. `code` is the refusal users get while it is down. */
export interface HealthCheck {
  status: 'up' | 'down';
  code?: SignetErrorCode;
}

/** What `SignetClient.health()` reports: `up` only when every check is up and no outage is open. */
export interface SignetHealth {
  status: 'up' | 'down';
  checks: { store: HealthCheck; metadata: HealthCheck; jwks: HealthCheck };
  /** Outages seen by real sign-ins and not yet over (e.g. the token endpoint), with their codes. */
  outages: Partial<Record<OutageSource, { code: SignetErrorCode; since: string }>>;
}

/** Runs one probe, feeding the outage monitor as a real request would. */
async function probe(monitor: OutageMonitor, source: OutageSource, run: () => Promise<unknown>): Promise<HealthCheck> {
  try {
    await run();
    monitor.answered(source);
    return { status: 'up' };
  } catch (err) {
    const code: SignetErrorCode = err instanceof SignetError ? err.code : 'ERR_STORE_UNAVAILABLE';
    if (outageSourceOf(code) !== undefined) monitor.failed(outageSourceOf(code)!, code);
    return { status: 'down', code };
  }
}

/**
 * Probes the shared store (PING, when the store or the replay register is shared) and the AS metadata and JWKS
 * (from their caches, fetched when empty or stale). Nothing secret is reported, only states and codes.
 */
export async function checkHealth(
  config: ClientConfig,
  monitor: OutageMonitor,
  metadata: () => Promise<unknown>,
  jwks: () => Promise<unknown>,
): Promise<SignetHealth> {
  const [store, meta, keys] = await Promise.all([
    probe(monitor, 'store', async () => pingStores(config)),
    probe(monitor, 'discovery', metadata),
    probe(monitor, 'jwks', jwks),
  ]);
  const outages = monitor.current();
  const up = [store, meta, keys].every((c) => c.status === 'up') && Object.keys(outages).length === 0;
  return { status: up ? 'up' : 'down', checks: { store, metadata: meta, jwks: keys }, outages };
}

/**
 * Pings what is shared; in-process stores have nothing to ping, and then nothing is returned, so that a login
 * does not wait a turn of the event loop for nothing.
 */
export function pingStores(config: Pick<ClientConfig, 'store' | 'replayRegister'>): Promise<void> | undefined {
  if (!config.store.ping && !config.replayRegister.ping) return undefined;
  return Promise.all([config.store.ping?.(), config.replayRegister.ping?.()]).then(() => undefined);
}
