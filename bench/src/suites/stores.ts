import { MemoryReplayRegister, MemoryTransactionStore, type Transaction } from '@signet/core';

/** One row of the table: the CPU cost of one step with `entries` already held, full to the bound. */
export interface StoreRow {
  entries: number;
  /** MemoryTransactionStore: take() of a pending login plus two save()s (one of which evicts the oldest). */
  transactionNsPerStep: number;
  /** The same steps on a bounded Map evicting `map.keys().next()` (what the store did before). */
  mapEvictionNsPerStep: number;
  /** MemoryReplayRegister: register() of a new response into a full register (evicts the oldest). */
  replayNsPerStep: number;
}

export interface StoresResult {
  rows: StoreRow[];
}

const SIZES = [1_000, 10_000, 100_000, 1_000_000];

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

/** The previous eviction, for comparison: a Map's own insertion order, walked from the front. */
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

/** CPU nanoseconds (user + system) per call of `step` over `count` calls, after a warm-up of a tenth as many. */
async function perStep(count: number, step: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < count / 10; i += 1) await step();
  const before = process.cpuUsage();
  for (let i = 0; i < count; i += 1) await step();
  const used = process.cpuUsage(before);
  return Math.round(((used.user + used.system) * 1000) / count);
}

type Store = Pick<MemoryTransactionStore, 'save' | 'take'>;

/** Fills `store` to `entries`, then measures take-one-older + save-two (the second save evicts). */
async function transactionSteps(store: Store, entries: number, count: number, expiresAt: number): Promise<number> {
  for (let i = 0; i < entries; i += 1) await store.save(transaction(`s${i}`, expiresAt));
  let next = entries;
  let probe = 0;
  return perStep(count, async () => {
    // A login from the older half completes (a deletion behind the front); two new ones start.
    probe = (probe + 7919) % Math.max(1, Math.floor(entries / 2));
    await store.take(`s${next - entries + probe}`);
    await store.save(transaction(`s${next++}`, expiresAt));
    await store.save(transaction(`s${next++}`, expiresAt));
  });
}

/**
 * The memory store and replay register at their bound, from 1,000 to 1,000,000 entries: the steady state of a
 * busy single instance (new logins and responses evict the oldest; logins complete out of order, leaving holes).
 * The cost of one step must stay flat across sizes (CPU time, so that other processes' load counts less).
 */
export async function run(scale: number): Promise<StoresResult> {
  const rows: StoreRow[] = [];
  const count = Math.max(20_000, Math.round(40_000 * scale));
  const expiresAt = Math.floor(Date.now() / 1000) + 3600;
  for (const entries of SIZES) {
    const transactionNsPerStep = await transactionSteps(
      new MemoryTransactionStore({ maxEntries: entries }),
      entries,
      count,
      expiresAt,
    );
    const mapEvictionNsPerStep = await transactionSteps(new MapFrontEviction(entries), entries, count, expiresAt);
    const register = new MemoryReplayRegister({ maxEntries: entries });
    for (let i = 0; i < entries; i += 1) await register.register(`r${i}`, expiresAt);
    let id = entries;
    const replayNsPerStep = await perStep(count, () => register.register(`r${id++}`, expiresAt));
    rows.push({ entries, transactionNsPerStep, mapEvictionNsPerStep, replayNsPerStep });
  }
  process.stderr.write(`${storesTable(rows)}\n`);
  return { rows };
}

/** The suite's table, as BENCHMARKS.md and the console show it. */
export function storesTable(rows: StoreRow[]): string {
  const lines = [
    '| entries held | transaction store: take + 2 saves | the same, Map front eviction (before) | replay register: register |',
    '| ---: | ---: | ---: | ---: |',
  ];
  for (const r of rows)
    lines.push(
      `| ${r.entries.toLocaleString('en')} | ${r.transactionNsPerStep} ns | ${r.mapEvictionNsPerStep} ns | ${r.replayNsPerStep} ns |`,
    );
  return lines.join('\n');
}
