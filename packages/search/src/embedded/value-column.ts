/**
 * A filterable, facetable string attribute with any number of values per document (chains,
 * owners, regions, IPC codes; single-valued ones such as legal status use it with one value).
 * Values are interned to ids; per slot the ids sit in one pool (forward), and per value the
 * slots holding it are listed (inverted, for selective filters).
 */
import { growInt32, growUint16 } from './typed-arrays.ts';

export class ValueColumn {
  readonly #ids = new Map<string, number>();
  readonly #values: string[] = [];
  /** Slots holding each value; may list dead slots until `purge`. */
  #slotsByValue: number[][] = [];
  #start: Int32Array = new Int32Array(0);
  #count: Uint16Array = new Uint16Array(0);
  #pool: Int32Array = new Int32Array(1024);
  #poolSize = 0;

  get valueCount(): number {
    return this.#values.length;
  }

  valueOf(id: number): string {
    return this.#values[id]!;
  }

  idOf(value: string): number | undefined {
    return this.#ids.get(value);
  }

  /** Every distinct value ever stored (including values only dead documents held). */
  values(): readonly string[] {
    return this.#values;
  }

  /** Stores the values of a (new) document; repeats are dropped. */
  set(slot: number, values: readonly string[] | undefined): void {
    if (slot >= this.#start.length) {
      this.#start = growInt32(this.#start, slot + 1);
      this.#count = growUint16(this.#count, slot + 1);
    }
    const start = this.#poolSize;
    let n = 0;
    if (values) {
      for (const raw of values) {
        if (typeof raw !== 'string') continue;
        let id = this.#ids.get(raw);
        if (id === undefined) {
          id = this.#values.length;
          this.#ids.set(raw, id);
          this.#values.push(raw);
          this.#slotsByValue.push([]);
        }
        let repeated = false;
        for (let i = start; i < start + n; i++) if (this.#pool[i] === id) repeated = true;
        if (repeated) continue;
        if (start + n >= this.#pool.length) this.#pool = growInt32(this.#pool, start + n + 1);
        this.#pool[start + n] = id;
        this.#slotsByValue[id]!.push(slot);
        n++;
        if (n === 0xffff) break;
      }
    }
    this.#start[slot] = start;
    this.#count[slot] = n;
    this.#poolSize += n;
  }

  /** Forgets the values of a deleted slot (its inverted entries go at the next purge). */
  clear(slot: number): void {
    if (slot < this.#count.length) this.#count[slot] = 0;
  }

  /** Number of values of `slot`. */
  countOf(slot: number): number {
    return this.#count[slot] ?? 0;
  }

  /** The i-th value id of `slot`. */
  valueIdAt(slot: number, i: number): number {
    return this.#pool[this.#start[slot]! + i]!;
  }

  /** Whether `slot` holds one of the values flagged in `wanted` (indexed by value id). */
  hasAny(slot: number, wanted: Uint8Array): boolean {
    const n = this.#count[slot] ?? 0;
    const start = this.#start[slot]!;
    for (let i = 0; i < n; i++) if (wanted[this.#pool[start + i]!] === 1) return true;
    return false;
  }

  /** Adds 1 to `counts[valueId]` for every value of each of `slots[0…n)`. */
  countInto(counts: Int32Array, slots: Int32Array, n: number): void {
    const start = this.#start;
    const count = this.#count;
    const pool = this.#pool;
    for (let i = 0; i < n; i++) {
      const slot = slots[i]!;
      const k = count[slot]!;
      if (k === 0) continue;
      const at = start[slot]!;
      for (let j = 0; j < k; j++) counts[pool[at + j]!]!++;
    }
  }

  /**
   * Clears `mask[slot]` for every flagged slot below `slotCount` that holds none of the values
   * flagged in `wanted`; returns how many flags remain.
   */
  restrict(mask: Uint8Array, slotCount: number, wanted: Uint8Array): number {
    const start = this.#start;
    const count = this.#count;
    const pool = this.#pool;
    let kept = 0;
    for (let slot = 0; slot < slotCount; slot++) {
      if (mask[slot] === 0) continue;
      const k = count[slot]!;
      const at = start[slot]!;
      let hit = false;
      for (let j = 0; j < k; j++) {
        if (wanted[pool[at + j]!] === 1) {
          hit = true;
          break;
        }
      }
      if (hit) kept++;
      else mask[slot] = 0;
    }
    return kept;
  }

  /** Slots listed for a value (may include dead ones). */
  slotsWith(id: number): readonly number[] {
    return this.#slotsByValue[id] ?? [];
  }

  /** Drops dead slots from the inverted lists and rewrites the pool without their values. */
  purge(live: Uint8Array, slotCount: number): void {
    this.#slotsByValue = this.#slotsByValue.map((slots) => slots.filter((slot) => live[slot] !== 0));
    let size = 0;
    for (let slot = 0; slot < slotCount; slot++) if (live[slot] !== 0) size += this.#count[slot]!;
    const pool = new Int32Array(Math.max(1024, size));
    let at = 0;
    for (let slot = 0; slot < slotCount; slot++) {
      if (live[slot] === 0) {
        if (slot < this.#count.length) this.#count[slot] = 0;
        continue;
      }
      const n = this.#count[slot]!;
      pool.set(this.#pool.subarray(this.#start[slot]!, this.#start[slot]! + n), at);
      this.#start[slot] = at;
      at += n;
    }
    this.#pool = pool;
    this.#poolSize = at;
  }

  /** Values and per-slot value ids, for snapshots (call after `purge`). */
  exportState(slotCount: number): { values: string[]; start: Int32Array; count: Uint16Array; pool: Int32Array } {
    const start = new Int32Array(slotCount);
    const count = new Uint16Array(slotCount);
    start.set(this.#start.subarray(0, slotCount));
    count.set(this.#count.subarray(0, slotCount));
    return { values: this.#values, start, count, pool: this.#pool.slice(0, this.#poolSize) };
  }

  importState(state: { values: string[]; start: Int32Array; count: Uint16Array; pool: Int32Array }): void {
    this.#ids.clear();
    this.#values.length = 0;
    state.values.forEach((value, id) => {
      this.#ids.set(value, id);
      this.#values.push(value);
    });
    this.#start = state.start;
    this.#count = state.count;
    this.#pool = state.pool.length ? state.pool : new Int32Array(1024);
    this.#poolSize = state.pool.length;
    this.#slotsByValue = this.#values.map(() => []);
    for (let slot = 0; slot < state.count.length; slot++) {
      const n = state.count[slot]!;
      for (let i = 0; i < n; i++) this.#slotsByValue[state.pool[state.start[slot]! + i]!]!.push(slot);
    }
  }
}
