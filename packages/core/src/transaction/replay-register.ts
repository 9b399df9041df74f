import { InsertionOrder } from './insertion-order.js';

/**
 * Remembers accepted responses until they expire, so the same JARM response is accepted at most once.
 * `register` answers true the first time an id is seen and false afterwards; it must be atomic.
 */
export interface ReplayRegister {
  register(id: string, expiresAt: number): Promise<boolean>;
  /** For shared backends: resolves when reachable, throws `ERR_STORE_UNAVAILABLE` otherwise (health, `/login`). */
  ping?(): Promise<void>;
}

/**
 * In-process replay register, bounded in entries; expired entries are swept as new ones arrive. Every
 * registration takes constant time whatever the number of entries (`InsertionOrder`).
 */
export class MemoryReplayRegister implements ReplayRegister {
  readonly #seen = new Map<string, { expiresAt: number; seq: number }>();
  readonly #order = new InsertionOrder<string>();
  readonly #maxEntries: number;
  readonly #live = (id: string, seq: number) => this.#seen.get(id)?.seq === seq;

  constructor(options: { maxEntries?: number } = {}) {
    this.#maxEntries = options.maxEntries ?? 100_000;
  }

  async register(id: string, expiresAt: number): Promise<boolean> {
    const now = Date.now() / 1000;
    const known = this.#seen.get(id);
    if (known !== undefined && known.expiresAt > now) return false;
    this.#seen.set(id, { expiresAt, seq: this.#order.push(id) });
    if (this.#seen.size > this.#maxEntries) {
      // Oldest first: the expired ones, and beyond the bound the oldest live ones, until the first that stays.
      for (;;) {
        const oldest = this.#order.shiftLive(this.#live);
        if (oldest === undefined) break;
        const entry = this.#seen.get(oldest)!;
        if (entry.expiresAt <= now || this.#seen.size > this.#maxEntries) {
          this.#seen.delete(oldest);
          continue;
        }
        // Put it back at the front: it stays, and so does its place in line.
        this.#order.unshift(oldest, entry.seq);
        break;
      }
    }
    this.#order.compact(this.#seen.size, this.#live);
    return true;
  }
}
