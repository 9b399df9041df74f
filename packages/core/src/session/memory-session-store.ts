import { randomBytes } from 'node:crypto';
import { SignetError } from '../errors/signet-error.js';
import { OldestFirst } from '../transaction/oldest-first.js';
import { sessionMatches } from './session-match.js';
import type { SessionRecord } from './session-record.js';
import type { ReplaceCondition, SessionMatch, SessionStore } from './session-store.js';

export interface MemorySessionStoreOptions {
  /** Records kept at most; beyond it the least recently used goes (its user signs in again). Default 10000. */
  maxSessions?: number;
}

/**
 * Sessions in this process, bounded: for one instance. Behind a load balancer another instance knows none
 * of them (use the Redis store). Records are copied in and out, so a caller cannot change a stored one.
 */
export class MemorySessionStore implements SessionStore {
  readonly #records = new Map<string, SessionRecord>();
  /** Least recently used first: every use deletes and sets again, so a fresh iterator would walk those holes. */
  readonly #leastRecent = new OldestFirst(this.#records);
  readonly #locks = new Map<string, { token: string; until: number }>();
  readonly #max: number;

  constructor(options: MemorySessionStoreOptions = {}) {
    const max = options.maxSessions ?? 10_000;
    if (!Number.isInteger(max) || max < 1)
      throw new SignetError('ERR_CONFIG_INVALID', 'maxSessions: must be a positive integer', { field: 'maxSessions' });
    this.#max = max;
  }

  async get(key: string): Promise<SessionRecord | undefined> {
    const record = this.#live(key);
    if (!record) return undefined;
    // Most recently used last: eviction takes the first.
    this.#records.delete(key);
    this.#records.set(key, record);
    return structuredClone(record);
  }

  async create(record: SessionRecord): Promise<void> {
    this.#records.delete(record.key);
    this.#records.set(record.key, structuredClone(record));
    while (this.#records.size > this.#max) {
      const oldest = this.#leastRecent.next();
      if (oldest === undefined) break;
      this.#records.delete(oldest);
    }
  }

  async replace(record: SessionRecord, condition: ReplaceCondition): Promise<boolean> {
    const current = this.#live(record.key);
    if (!current) return false;
    if ('version' in condition && current.version !== condition.version) return false;
    if ('lock' in condition && this.#lockOf(record.key) !== condition.lock) return false;
    this.#records.set(record.key, structuredClone({ ...record, version: current.version + 1 }));
    return true;
  }

  async delete(key: string): Promise<void> {
    this.#records.delete(key);
    this.#locks.delete(key);
  }

  async deleteMatching(match: SessionMatch): Promise<number> {
    let count = 0;
    for (const [key, record] of this.#records) {
      if (!sessionMatches(record, match)) continue;
      this.#records.delete(key);
      count += 1;
    }
    return count;
  }

  async acquireLock(key: string, ttlMs: number): Promise<string | undefined> {
    if (this.#lockOf(key) !== undefined) return undefined;
    const token = randomBytes(16).toString('base64url');
    this.#locks.set(key, { token, until: Date.now() + ttlMs });
    return token;
  }

  async releaseLock(key: string, token: string): Promise<void> {
    if (this.#lockOf(key) === token) this.#locks.delete(key);
  }

  #live(key: string): SessionRecord | undefined {
    const record = this.#records.get(key);
    if (record && record.expiresAt * 1000 <= Date.now()) {
      this.#records.delete(key);
      return undefined;
    }
    return record;
  }

  #lockOf(key: string): string | undefined {
    const lock = this.#locks.get(key);
    if (lock && lock.until <= Date.now()) {
      this.#locks.delete(key);
      return undefined;
    }
    return lock?.token;
  }
}
