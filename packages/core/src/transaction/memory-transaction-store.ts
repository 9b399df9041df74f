import type { TransactionStore } from './transaction-store.js';
import type { Transaction } from './transaction.js';

/**
 * In-process store: tests and single instances. Bounded: past `maxEntries` the oldest pending login is
 * dropped, so a flood of started logins costs memory only up to the bound.
 */
export class MemoryTransactionStore implements TransactionStore {
  readonly #entries = new Map<string, Transaction>();
  readonly #maxEntries: number;

  constructor(options: { maxEntries?: number } = {}) {
    this.#maxEntries = options.maxEntries ?? 10_000;
  }

  get size(): number {
    return this.#entries.size;
  }

  async save(transaction: Transaction): Promise<void> {
    this.#entries.delete(transaction.state);
    this.#entries.set(transaction.state, transaction);
    while (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
    }
  }

  async peek(state: string): Promise<Transaction | undefined> {
    const transaction = this.#entries.get(state);
    if (transaction === undefined || transaction.expiresAt * 1000 <= Date.now()) return undefined;
    return transaction;
  }

  async take(state: string): Promise<Transaction | undefined> {
    const transaction = this.#entries.get(state);
    this.#entries.delete(state);
    if (transaction === undefined || transaction.expiresAt * 1000 <= Date.now()) return undefined;
    return transaction;
  }
}
