import { InsertionOrder } from './insertion-order.js';
import type { TransactionStore } from './transaction-store.js';
import type { Transaction } from './transaction.js';

/**
 * In-process store: tests and single instances. Bounded: past `maxEntries` the oldest pending login is
 * dropped, so a flood of started logins costs memory only up to the bound. Every operation takes constant time
 * whatever the number of entries (`InsertionOrder`: no walk over deleted Map entries).
 */
export class MemoryTransactionStore implements TransactionStore {
  readonly #entries = new Map<string, { transaction: Transaction; seq: number }>();
  readonly #order = new InsertionOrder<string>();
  readonly #maxEntries: number;
  readonly #live = (state: string, seq: number) => this.#entries.get(state)?.seq === seq;

  constructor(options: { maxEntries?: number } = {}) {
    this.#maxEntries = options.maxEntries ?? 10_000;
  }

  get size(): number {
    return this.#entries.size;
  }

  async save(transaction: Transaction): Promise<void> {
    this.#entries.set(transaction.state, { transaction, seq: this.#order.push(transaction.state) });
    while (this.#entries.size > this.#maxEntries) {
      const oldest = this.#order.shiftLive(this.#live);
      if (oldest === undefined) break;
      this.#entries.delete(oldest);
    }
    this.#order.compact(this.#entries.size, this.#live);
  }

  async peek(state: string): Promise<Transaction | undefined> {
    const transaction = this.#entries.get(state)?.transaction;
    if (transaction === undefined || transaction.expiresAt * 1000 <= Date.now()) return undefined;
    return transaction;
  }

  async take(state: string): Promise<Transaction | undefined> {
    const transaction = this.#entries.get(state)?.transaction;
    this.#entries.delete(state);
    if (transaction === undefined || transaction.expiresAt * 1000 <= Date.now()) return undefined;
    return transaction;
  }
}
