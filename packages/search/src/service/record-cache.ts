import type { Demand, Patent } from '@patent-bridge/domain';

/**
 * Recently shown patents and demands, so a search hit does not cost a database round trip. Only for
 * a process whose indexer runs beside it: the indexer invalidates every id it (re)indexes, so the
 * cache never serves a record older than the index.
 *
 * @example
 * const cache = new RecordCache(20_000);
 * indexer.onIndexed = (ids) => cache.invalidate(ids);
 */
export class RecordCache {
  readonly #capacity: number;
  readonly #entries = new Map<string, Patent | Demand>();
  #epoch = 0;

  constructor(capacity = 20_000) {
    this.#capacity = capacity;
  }

  get(id: string): Patent | Demand | undefined {
    const hit = this.#entries.get(id);
    if (hit) {
      this.#entries.delete(id);
      this.#entries.set(id, hit);
    }
    return hit;
  }

  /** Marks the start of a database read; pass it to `set` so a read that raced an invalidation is not cached. */
  beginRead(): number {
    return this.#epoch;
  }

  set(id: string, record: Patent | Demand, readStartedAt: number): void {
    if (readStartedAt !== this.#epoch) return;
    this.#entries.delete(id);
    this.#entries.set(id, record);
    if (this.#entries.size > this.#capacity) this.#entries.delete(this.#entries.keys().next().value!);
  }

  invalidate(ids: Iterable<string>): void {
    this.#epoch++;
    for (const id of ids) this.#entries.delete(id);
  }

  clear(): void {
    this.#entries.clear();
  }

  get size(): number {
    return this.#entries.size;
  }
}
