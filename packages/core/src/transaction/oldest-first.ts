/**
 * The keys of a `Map` oldest first, read through one iterator kept for the Map's lifetime. A Map iterates in
 * insertion order, skips entries deleted before it reaches them and visits entries added after it was made
 * (ECMAScript's live iteration); a key deleted and set again counts as new. A fresh `map.keys().next()` per
 * eviction, by contrast, walks every deleted entry still in the table's front (V8 keeps them until it
 * rehashes): time in proportion to earlier deletions, per eviction. Kept, the iterator passes each slot once.
 *
 * Contract: the owner deletes every key `next()` answers before it adds another, so no live key is ever behind
 * the iterator and `next()` on a non-empty map answers its oldest key.
 */
export class OldestFirst<K> {
  readonly #map: Map<K, unknown>;
  #keys: Iterator<K>;

  constructor(map: Map<K, unknown>) {
    this.#map = map;
    this.#keys = map.keys();
  }

  /** The oldest key of the map (which the caller then deletes); undefined when the map is empty. */
  next(): K | undefined {
    let step = this.#keys.next();
    if (step.done) {
      // A finished iterator stays finished: only when the map was empty. Start again from the front.
      this.#keys = this.#map.keys();
      step = this.#keys.next();
    }
    return step.done ? undefined : step.value;
  }
}
