/**
 * Keys in the order they were inserted, for evicting the oldest in constant time. Why not a Map's own order:
 * V8 leaves a deleted Map entry in place until the table is rebuilt, and `map.keys().next()` walks over every
 * such hole from the front, so evicting the oldest of a bounded Map after many deletions costs time in proportion
 * to the deletions (up to the Map's size) per eviction. Here each entry carries a sequence number: the owner
 * keeps the number of the live entry beside its value, and an entry whose number is not the live one is stale
 * (taken, or inserted again since) and skipped once. Stale entries are dropped when they outnumber the live ones,
 * so memory stays within a constant factor of the live entries.
 */
export class InsertionOrder<K> {
  #keys: K[] = [];
  #seqs: number[] = [];
  #head = 0;
  #next = 0;

  /** Records `key` as the newest; answers its sequence number. */
  push(key: K): number {
    const seq = this.#next++;
    this.#keys.push(key);
    this.#seqs.push(seq);
    return seq;
  }

  /**
   * Removes and answers the oldest entry for which `live(key, seq)` holds, dropping the stale ones before it;
   * undefined when none is left.
   */
  shiftLive(live: (key: K, seq: number) => boolean): K | undefined {
    while (this.#head < this.#keys.length) {
      const key = this.#keys[this.#head]!;
      const seq = this.#seqs[this.#head]!;
      this.#head += 1;
      if (live(key, seq)) return key;
    }
    return undefined;
  }

  /** Puts back, as the oldest, an entry `shiftLive` just answered (its owner decided to keep it). */
  unshift(key: K, seq: number): void {
    this.#head -= 1;
    this.#keys[this.#head] = key;
    this.#seqs[this.#head] = seq;
  }

  /**
   * Releases the consumed front once it is most of the arrays, and drops stale entries once they outnumber the
   * live ones (`liveCount`, plus slack): amortized constant time. Call it after each operation.
   */
  compact(liveCount: number, live: (key: K, seq: number) => boolean): void {
    this.#trim();
    if (this.#keys.length - this.#head <= 2 * liveCount + 1024) return;
    const keys: K[] = [];
    const seqs: number[] = [];
    for (let i = this.#head; i < this.#keys.length; i += 1) {
      if (live(this.#keys[i]!, this.#seqs[i]!)) {
        keys.push(this.#keys[i]!);
        seqs.push(this.#seqs[i]!);
      }
    }
    this.#keys = keys;
    this.#seqs = seqs;
    this.#head = 0;
  }

  /** Releases the consumed front of the arrays once it is most of them. */
  #trim(): void {
    if (this.#head > 1024 && this.#head * 2 > this.#keys.length) {
      this.#keys = this.#keys.slice(this.#head);
      this.#seqs = this.#seqs.slice(this.#head);
      this.#head = 0;
    }
  }
}
