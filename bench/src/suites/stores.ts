import {
  MemoryReplayRegister,
  MemorySessionStore,
  MemoryTransactionStore,
  type SessionRecord,
  type Transaction,
} from '@signet/core';

/** One row of the table: the CPU cost of one step with `entries` already held, in steady state at the bound. */
export interface StoreRow {
  entries: number;
  /** One `Map.get` of a random held key (built fresh, as a request's state is): the memory hierarchy's cost. */
  mapGetNs: number;
  /** A bare Map doing the same keyed steps as the transaction store (get, delete, 2 sets, 2 deletes): the floor. */
  mapFloorNsPerStep: number;
  /** MemoryTransactionStore: take() of a pending login plus two save()s (the second evicts the oldest). */
  transactionNsPerStep: number;
  /** The same steps on a bounded Map evicting `map.keys().next()` (what the store did before issue 15). */
  mapEvictionNsPerStep: number;
  /** MemoryReplayRegister: register() of a new response while one held response expires (steady state). */
  replayNsPerStep: number;
  /** MemorySessionStore: get() of a session (moved to most recent) and create() of one (evicts the LRU). */
  sessionNsPerStep: number;
}

export interface StoresResult {
  /** CPU nanoseconds per step, median of `rounds` interleaved rounds of `stepsPerRound` steps. */
  rounds: number;
  stepsPerRound: number;
  rows: StoreRow[];
}

const SIZES = [1_000, 10_000, 100_000, 1_000_000];
/** The replay register's responses live this long: at N entries held, N / LIFETIME registrations per second. */
const LIFETIME = 600;

function transaction(state: string, expiresAt: number): Transaction {
  return {
    state,
    nonce: 'n',
    codeVerifier: 'v',
    responseMode: 'jwt',
    redirectUri: 'http://127.0.0.1:3000/callback',
    jti: 'j',
    scope: 'openid',
    createdAt: expiresAt - 600,
    expiresAt,
  };
}

function session(key: string, expiresAt: number): SessionRecord {
  return {
    key,
    version: 1,
    sub: 'alice',
    iss: 'https://as.example',
    scope: 'openid',
    claims: {},
    createdAt: expiresAt - 600,
    lastSeenAt: expiresAt - 600,
    absoluteExpiresAt: expiresAt,
    expiresAt,
    grant: { tokenType: 'bearer', refreshable: false, refreshCount: 0 },
    vault: 'sealed',
  };
}

/** The previous eviction, for comparison: a Map's own insertion order, walked from the front by a fresh iterator. */
class MapFrontEviction {
  readonly #entries = new Map<string, Transaction>();
  constructor(readonly maxEntries: number) {}
  async save(tx: Transaction): Promise<void> {
    this.#entries.delete(tx.state);
    this.#entries.set(tx.state, tx);
    while (this.#entries.size > this.maxEntries) this.#entries.delete(this.#entries.keys().next().value as string);
  }
  async take(state: string): Promise<Transaction | undefined> {
    const tx = this.#entries.get(state);
    this.#entries.delete(state);
    return tx;
  }
}

/**
 * The floor: a bare Map doing the same keyed operations, the oldest key known without any bookkeeping (the
 * benchmark names keys by a counter). What one random lookup costs at a size is the memory hierarchy's, not
 * the store's: at a million entries the table and its keys are far beyond the CPU caches.
 */
class MapFloor {
  readonly #entries = new Map<string, Transaction>();
  #oldest = 0;
  constructor(readonly maxEntries: number) {}
  async save(tx: Transaction): Promise<void> {
    this.#entries.delete(tx.state);
    this.#entries.set(tx.state, tx);
    while (this.#entries.size > this.maxEntries) this.#entries.delete(`s${this.#oldest++}`);
  }
  async take(state: string): Promise<Transaction | undefined> {
    const tx = this.#entries.get(state);
    this.#entries.delete(state);
    return tx;
  }
}

type Store = Pick<MemoryTransactionStore, 'save' | 'take'>;

/** CPU nanoseconds (user + system, all threads: GC included) per call of `step` over `count` calls. */
async function cpuPerStep(count: number, step: () => Promise<unknown>): Promise<number> {
  const before = process.cpuUsage();
  for (let i = 0; i < count; i += 1) await step();
  const used = process.cpuUsage(before);
  return ((used.user + used.system) * 1000) / count;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Wall nanoseconds of one `get` of a random key (a string built for the lookup) in a Map of `entries`. */
function randomGetNs(entries: number): number {
  const map = new Map<string, number>();
  for (let i = 0; i < entries; i += 1) map.set(`s${i}`, i);
  const count = 500_000;
  let probe = 0;
  let sum = 0;
  const started = process.hrtime.bigint();
  for (let i = 0; i < count; i += 1) {
    probe = (probe + 7919) % entries;
    sum += map.get(`s${probe}`)!;
  }
  const ns = Number(process.hrtime.bigint() - started) / count;
  if (sum < 0) throw new Error('unreachable');
  return Math.round(ns);
}

/** Fills `store` to `entries`; answers the step: take one older login, save two (the second evicts). */
async function transactionStep(store: Store, entries: number, expiresAt: number): Promise<() => Promise<void>> {
  for (let i = 0; i < entries; i += 1) await store.save(transaction(`s${i}`, expiresAt));
  let next = entries;
  let probe = 0;
  return async () => {
    // A login from the older half completes (a deletion behind the front); two new ones start.
    probe = (probe + 7919) % Math.max(1, Math.floor(entries / 2));
    await store.take(`s${next - entries + probe}`);
    await store.save(transaction(`s${next++}`, expiresAt));
    await store.save(transaction(`s${next++}`, expiresAt));
  };
}

/**
 * A register holding `entries` unexpired responses of a LIFETIME-second life, arriving at entries / LIFETIME a
 * second: each step registers one on a clock moved on by one arrival, so about one held response expires per
 * step (the steady state of a busy instance). The clock is the benchmark's own (`Date.now` replaced in this
 * process only), so that the steady state needs no waiting.
 */
async function replayStep(entries: number, clock: { ms: number }): Promise<() => Promise<void>> {
  const register = new MemoryReplayRegister({ maxEntries: entries + Math.ceil(entries / 10) });
  const msPerArrival = (LIFETIME * 1000) / entries;
  let id = 0;
  const step = async () => {
    clock.ms += msPerArrival;
    await register.register(`r${id++}`, Math.ceil(clock.ms / 1000) + LIFETIME);
  };
  for (let i = 0; i < entries; i += 1) await step();
  return step;
}

/** A session store full to `entries`: get a random held session (it moves to most recent), create a new one. */
async function sessionStep(entries: number, expiresAt: number): Promise<() => Promise<void>> {
  const store = new MemorySessionStore({ maxSessions: entries });
  for (let i = 0; i < entries; i += 1) await store.create(session(`k${i}`, expiresAt));
  let next = entries;
  let probe = 0;
  return async () => {
    probe = (probe + 7919) % entries;
    await store.get(`k${next - entries + probe}`);
    await store.create(session(`k${next++}`, expiresAt));
  };
}

/**
 * The memory stores and the replay register from 1,000 to 1,000,000 entries, in the steady state of a busy
 * single instance (new logins evict the oldest, logins complete out of order and leave holes; responses expire
 * as new ones arrive; sessions are used and evicted least recently used first). Each contender is filled once
 * per size, then measured in interleaved rounds (CPU time, so that other processes' load counts less).
 */
export async function run(scale: number): Promise<StoresResult> {
  const realNow = Date.now;
  const clock = { ms: realNow() };
  Date.now = () => clock.ms;
  try {
    const rows: StoreRow[] = [];
    const rounds = scale < 1 ? 1 : 5;
    const stepsPerRound = Math.max(5_000, Math.round(20_000 * scale));
    for (const entries of SIZES) {
      const expiresAt = Math.floor(clock.ms / 1000) + 10 * LIFETIME;
      const steps = {
        mapFloorNsPerStep: await transactionStep(new MapFloor(entries), entries, expiresAt),
        transactionNsPerStep: await transactionStep(
          new MemoryTransactionStore({ maxEntries: entries }),
          entries,
          expiresAt,
        ),
        mapEvictionNsPerStep: await transactionStep(new MapFrontEviction(entries), entries, expiresAt),
        replayNsPerStep: await replayStep(entries, clock),
        sessionNsPerStep: await sessionStep(entries, expiresAt),
      };
      const measured: Record<string, number[]> = {};
      for (const [name, step] of Object.entries(steps)) {
        for (let i = 0; i < stepsPerRound / 5; i += 1) await step(); // warm-up
        measured[name] = [];
      }
      for (let round = 0; round < rounds; round += 1)
        for (const [name, step] of Object.entries(steps)) measured[name]!.push(await cpuPerStep(stepsPerRound, step));
      rows.push({
        entries,
        mapGetNs: median([randomGetNs(entries), randomGetNs(entries), randomGetNs(entries)]),
        mapFloorNsPerStep: Math.round(median(measured.mapFloorNsPerStep!)),
        transactionNsPerStep: Math.round(median(measured.transactionNsPerStep!)),
        mapEvictionNsPerStep: Math.round(median(measured.mapEvictionNsPerStep!)),
        replayNsPerStep: Math.round(median(measured.replayNsPerStep!)),
        sessionNsPerStep: Math.round(median(measured.sessionNsPerStep!)),
      });
    }
    process.stderr.write(`${storesTable(rows)}\n`);
    return { rounds, stepsPerRound, rows };
  } finally {
    Date.now = realNow;
  }
}

/** The suite's table, as BENCHMARKS.md and the console show it. */
export function storesTable(rows: StoreRow[]): string {
  const lines = [
    '| entries held | one random Map.get | bare Map, same steps (floor) | transaction store: take + 2 saves | store / floor | before: Map front eviction | replay register: register | session store: get + create |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of rows)
    lines.push(
      `| ${r.entries.toLocaleString('en')} | ${r.mapGetNs} ns | ${r.mapFloorNsPerStep} ns | ${r.transactionNsPerStep} ns | ${(r.transactionNsPerStep / r.mapFloorNsPerStep).toFixed(2)}× | ${r.mapEvictionNsPerStep} ns | ${r.replayNsPerStep} ns | ${r.sessionNsPerStep} ns |`,
    );
  return lines.join('\n');
}
