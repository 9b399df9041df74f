import { SignetError } from '../errors/signet-error.js';
import { ExpiryQueue } from './expiry-queue.js';
import { positiveInteger } from './max-entries.js';

/**
 * Remembers accepted responses until they expire, so the same JARM response is accepted at most once.
 * `register` answers true the first time an id is seen and false afterwards; it must be atomic.
 */
export interface ReplayRegister {
  register(id: string, expiresAt: number): Promise<boolean>;
  /** For shared backends: resolves when reachable, throws `ERR_STORE_UNAVAILABLE` otherwise (health, `/login`). */
  ping?(): Promise<void>;
}

/** Expired entries dropped per registration beyond what makes room: memory follows the unexpired entries. */
const SWEEP_PER_REGISTRATION = 4;

/**
 * In-process replay register for one instance, bounded in entries, failing closed: an entry is dropped only
 * once it has expired (`ExpiryQueue`, from the second after its `expiresAt`), never to make room, since a
 * forgotten id could be accepted again. A registration that finds `maxEntries` unexpired entries is refused
 * with `ERR_STORE_UNAVAILABLE` (503; nothing recorded). Every registration takes constant time whatever the
 * number of entries.
 */
export class MemoryReplayRegister implements ReplayRegister {
  readonly #seen = new Map<string, number>();
  readonly #expiries = new ExpiryQueue();
  readonly #maxEntries: number;

  constructor(options: { maxEntries?: number } = {}) {
    this.#maxEntries = positiveInteger(options.maxEntries ?? 100_000);
  }

  /** Entries held, expired ones not yet dropped included. */
  get size(): number {
    return this.#seen.size;
  }

  async register(id: string, expiresAt: number): Promise<boolean> {
    const now = Date.now() / 1000;
    const known = this.#seen.get(id);
    if (known !== undefined && known > now) return false;
    if (known !== undefined) this.#seen.delete(id); // expired: registered again below (its queued copy is stale)
    for (let i = 0; i < SWEEP_PER_REGISTRATION || this.#seen.size >= this.#maxEntries; i += 1)
      if (!this.#dropExpired(now)) break;
    if (this.#seen.size >= this.#maxEntries)
      throw new SignetError(
        'ERR_STORE_UNAVAILABLE',
        `the in-memory replay register holds its maximum of ${this.#maxEntries} unexpired entries: refused rather than forgetting one (raise maxEntries or share a Redis register)`,
      );
    this.#seen.set(id, expiresAt);
    this.#expiries.push(id, expiresAt);
    return true;
  }

  /** Drops the next queued id if it has expired (a stale copy is passed over); false when none is due. */
  #dropExpired(now: number): boolean {
    const id = this.#expiries.shiftExpired(now);
    if (id === undefined) return false;
    const expiresAt = this.#seen.get(id);
    if (expiresAt !== undefined && expiresAt <= now) this.#seen.delete(id);
    return true;
  }
}
