/**
 * Ids by the second they expire, earliest first, for a register that must drop expired entries, and only
 * those, in constant time whatever the number held. An id goes into the bucket of `Math.ceil(expiresAt)`: every
 * id of a bucket whose second has come is expired. The buckets' seconds are kept in a binary min-heap, whose
 * size is the number of distinct seconds held (the spread of lifetimes, not the number of ids): a heap
 * operation happens once per new second, not per id.
 *
 * An id may sit in the queue after its owner forgot it or gave it a later expiry: `shiftExpired` answers it
 * anyway and the owner decides from its own record (stale copies cost one check each, once).
 */
export class ExpiryQueue {
  readonly #buckets = new Map<number, { ids: string[]; head: number }>();
  readonly #seconds: number[] = [];

  /** Queues `id`, expiring at `expiresAt` (seconds since the epoch). */
  push(id: string, expiresAt: number): void {
    const second = Math.ceil(expiresAt);
    let bucket = this.#buckets.get(second);
    if (bucket === undefined) {
      bucket = { ids: [], head: 0 };
      this.#buckets.set(second, bucket);
      this.#heapPush(second);
    }
    bucket.ids.push(id);
  }

  /** Removes and answers an id of the earliest bucket if that bucket's second is `now` or earlier. */
  shiftExpired(now: number): string | undefined {
    while (this.#seconds.length > 0) {
      const second = this.#seconds[0]!;
      if (second > now) return undefined;
      const bucket = this.#buckets.get(second)!;
      if (bucket.head < bucket.ids.length) {
        const id = bucket.ids[bucket.head]!;
        bucket.head += 1;
        if (bucket.head > 1024 && bucket.head * 2 > bucket.ids.length) {
          // Release the consumed front of a large bucket (amortized: at most once per half of it).
          bucket.ids = bucket.ids.slice(bucket.head);
          bucket.head = 0;
        }
        return id;
      }
      this.#buckets.delete(second);
      this.#heapPop();
    }
    return undefined;
  }

  #heapPush(second: number): void {
    const heap = this.#seconds;
    let i = heap.push(second) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent]! <= second) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = second;
  }

  #heapPop(): void {
    const heap = this.#seconds;
    const last = heap.pop()!;
    if (heap.length === 0) return;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= heap.length) break;
      const child = left + 1 < heap.length && heap[left + 1]! < heap[left]! ? left + 1 : left;
      if (heap[child]! >= last) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = last;
  }
}
