import type { SignetErrorCode } from '../errors/codes.js';
import type { SignetLogRecord } from '../log/signet-logger.js';
import type { EndpointFailure } from '../errors/endpoint-failure.js';

/** What a fault is about: the shared store, an endpoint of the authorization server, or its key set. */
export type OutageSource = 'store' | 'discovery' | 'par' | 'token' | 'jwks';

/** One line of the outage log: a fault began, or ended. Carries codes and durations, never a secret. */
export interface OutageEvent {
  source: OutageSource;
  state: 'began' | 'ended';
  /** The code of the refusals during the outage. */
  code: SignetErrorCode;
  /** ISO 8601. */
  time: string;
  /** For `ended`: how long the outage lasted, milliseconds. */
  durationMs?: number;
}

/** Receives each outage twice: when it begins and when it ends. */
export type OutageSink = (event: OutageEvent) => void;

const WHAT: Record<OutageSource, string> = {
  store: 'the transaction store / replay register',
  discovery: 'the authorization server metadata (discovery)',
  par: 'the pushed authorization request endpoint',
  token: 'the token endpoint',
  jwks: "the authorization server's JWKS",
};

/** `signet: outage began: the token endpoint (ERR_TOKEN_REQUEST_FAILED)`: one line, no secret. */
export function formatOutage(event: OutageEvent): string {
  const after = event.durationMs === undefined ? '' : ` after ${(event.durationMs / 1000).toFixed(1)} s`;
  return event.state === 'began'
    ? `signet: outage began: ${WHAT[event.source]} fails (${event.code}); refusing with ${event.code} until it answers`
    : `signet: outage ended: ${WHAT[event.source]} answers again${after} (was ${event.code})`;
}

/** An outage event as a record of the client's logger (`signet.outage`): what the default sink writes. */
export function outageRecord(event: OutageEvent): SignetLogRecord {
  return {
    level: 'warn',
    event: 'signet.outage',
    message: formatOutage(event),
    code: event.code,
    source: event.source,
    state: event.state,
    ...(event.durationMs !== undefined ? { durationMs: event.durationMs } : {}),
  };
}

interface Down {
  code: SignetErrorCode;
  since: number;
}

/**
 * Remembers which dependencies are failing, so that each outage is reported once when it begins and once when it
 * ends, however many requests fail in between; the health check reads the same state.
 */
export class OutageMonitor {
  readonly #down = new Map<OutageSource, Down>();

  constructor(private readonly sink: OutageSink) {}

  /** A request to `source` failed with `code`: reports the outage if it is new. */
  failed(source: OutageSource, code: SignetErrorCode): void {
    if (this.#down.has(source)) return;
    const since = Date.now();
    this.#down.set(source, { code, since });
    this.#emit({ source, state: 'began', code, time: new Date(since).toISOString() });
  }

  /** A request to `source` succeeded: reports the end of its outage, if there was one. */
  answered(source: OutageSource): void {
    const down = this.#down.get(source);
    if (!down) return;
    this.#down.delete(source);
    const now = Date.now();
    this.#emit({
      source,
      state: 'ended',
      code: down.code,
      time: new Date(now).toISOString(),
      durationMs: now - down.since,
    });
  }

  /** The failing sources and their codes, now. */
  current(): Partial<Record<OutageSource, { code: SignetErrorCode; since: string }>> {
    return Object.fromEntries(
      [...this.#down].map(([source, d]) => [source, { code: d.code, since: new Date(d.since).toISOString() }]),
    );
  }

  #emit(event: OutageEvent): void {
    try {
      this.sink(event);
    } catch {
      // A failing log sink must not turn an outage report into a refused login.
    }
  }
}

/**
 * Which dependency a refusal says is failing; undefined for refusals that are not outages. An endpoint that
 * answered below 500 (a 401 with an empty body, an OAuth error) is up and refusing: a configuration or protocol
 * matter, not an outage; no answer at all, or a 5xx, is one.
 */
export function outageSourceOf(code: string, failure?: EndpointFailure): OutageSource | undefined {
  if (failure && failure.transport === undefined && failure.status !== undefined && failure.status < 500)
    return undefined;
  switch (code) {
    case 'ERR_STORE_UNAVAILABLE':
      return 'store';
    case 'ERR_DISCOVERY_FAILED':
      return 'discovery';
    case 'ERR_PAR_FAILED':
      return 'par';
    case 'ERR_TOKEN_REQUEST_FAILED':
      return 'token';
    case 'ERR_JWKS_FETCH_FAILED':
      return 'jwks';
    default:
      return undefined;
  }
}
