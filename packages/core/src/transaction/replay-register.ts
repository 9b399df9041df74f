/**
 * Remembers accepted responses until they expire, so the same JARM response is accepted at most once.
 * `register` answers true the first time an id is seen and false afterwards; it must be atomic.
 */
export interface ReplayRegister {
  register(id: string, expiresAt: number): Promise<boolean>;
  /** For shared backends: resolves when reachable, throws `ERR_STORE_UNAVAILABLE` otherwise (health, `/login`). */
  ping?(): Promise<void>;
}

/** In-process replay register, bounded in entries; expired entries are swept as new ones arrive. */
export class MemoryReplayRegister implements ReplayRegister {
  readonly #seen = new Map<string, number>();
  readonly #maxEntries: number;

  constructor(options: { maxEntries?: number } = {}) {
    this.#maxEntries = options.maxEntries ?? 100_000;
  }

  async register(id: string, expiresAt: number): Promise<boolean> {
    const now = Date.now() / 1000;
    const known = this.#seen.get(id);
    if (known !== undefined && known > now) return false;
    this.#seen.set(id, expiresAt);
    if (this.#seen.size > this.#maxEntries) {
      for (const [key, exp] of this.#seen) {
        if (exp <= now || this.#seen.size > this.#maxEntries) this.#seen.delete(key);
        else break;
      }
    }
    return true;
  }
}
