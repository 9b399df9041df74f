import { positiveInteger } from './max-entries.js';
import { OldestFirst } from './oldest-first.js';
import type { BoundTake, TransactionStore } from './transaction-store.js';
import type { Transaction } from './transaction.js';

/**
 * The next turn of the event loop. Each operation waits for it, as a shared store's round trip would: a login or
 * callback that ran to its first thread-pool operation without ever yielding left the other connections' reads
 * and completions for later, one request at a time, where a store that waits lets them be handled in the same
 * turn. Measured on the route suite's 2-core machine at 16 connections: 6 % less CPU per login and 8 % per
 * callback (issue 15, BENCHMARKS.md); a lone request waits a few microseconds more.
 */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * In-process store: tests and single instances. Bounded: past `maxEntries` the oldest pending login is
 * dropped (that login then fails: closed), so a flood of started logins costs memory only up to the bound.
 * Every operation is a constant number of Map operations whatever the number of entries (`OldestFirst`).
 */
export class MemoryTransactionStore implements TransactionStore {
  /** `take` gets and deletes in one synchronous step of this process, the only one holding these logins. */
  readonly consumesOnServer = true;
  readonly #entries = new Map<string, Transaction>();
  readonly #oldest = new OldestFirst(this.#entries);
  readonly #maxEntries: number;

  constructor(options: { maxEntries?: number } = {}) {
    this.#maxEntries = positiveInteger(options.maxEntries ?? 10_000);
  }

  get size(): number {
    return this.#entries.size;
  }

  async save(transaction: Transaction): Promise<void> {
    await nextTurn();
    // Saved again: the newest, so deleted first (a Map keeps a key's first place on set).
    this.#entries.delete(transaction.state);
    this.#entries.set(transaction.state, transaction);
    while (this.#entries.size > this.#maxEntries) {
      const oldest = this.#oldest.next();
      if (oldest === undefined) break;
      this.#entries.delete(oldest);
    }
  }

  async peek(state: string): Promise<Transaction | undefined> {
    await nextTurn();
    return this.#live(state);
  }

  async take(state: string): Promise<Transaction | undefined> {
    await nextTurn();
    const transaction = this.#entries.get(state);
    if (transaction === undefined) return undefined;
    this.#entries.delete(state);
    if (transaction.expiresAt * 1000 <= Date.now()) return undefined;
    return transaction;
  }

  /** `peek` and `take` in one turn: taken in the same synchronous step when the binding is the one presented. */
  async takeIfBound(state: string, binding: string | undefined): Promise<BoundTake | undefined> {
    await nextTurn();
    const transaction = this.#live(state);
    if (transaction === undefined) return undefined;
    if (transaction.binding !== binding) return { transaction, taken: false };
    this.#entries.delete(state);
    return { transaction, taken: true };
  }

  /** The pending login of `state` if it has not expired; nothing is removed. */
  #live(state: string): Transaction | undefined {
    const transaction = this.#entries.get(state);
    if (transaction === undefined || transaction.expiresAt * 1000 <= Date.now()) return undefined;
    return transaction;
  }
}
