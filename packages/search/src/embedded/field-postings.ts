/**
 * The postings of one text field (title, extra or body): for every term, the slots of the
 * documents holding it and how often. Two tiers:
 *
 * - a compact part in three typed arrays (CSR: `offsets[term]…offsets[term+1]` index into `slots`
 *   and `frequencies`), rebuilt by `merge()`;
 * - a tail of plain arrays for postings added since the last merge.
 *
 * Deleting a document only clears its `alive` flag; its postings stay until the next merge,
 * which drops them. The engine never reuses a slot before that merge, so a posting always belongs
 * to the document now in its slot or to a dead one.
 */
import { growUint16 } from './typed-arrays.ts';

/** Term frequencies and field lengths are capped at this (Uint16). */
export const MAX_FREQUENCY = 0xffff;

/** BM25 parameters shared by the fields of one index. */
export interface Bm25Parameters {
  /** Term-frequency saturation (default 1.2). */
  k1: number;
  /** Length normalisation, 0…1 (default 0.75). */
  b: number;
}

/** Everything one accumulation pass writes to; owned by the engine and reused across queries. */
export interface Accumulator {
  /** Score per slot; 0 means untouched. */
  scores: Float64Array;
  /** Slots touched so far, in first-touch order (`count` of them). */
  touched: Int32Array;
  count: number;
  /** Bit per query term (terms 0–31 and 32–63). */
  termsLow: Uint32Array;
  termsHigh: Uint32Array;
}

export class FieldPostings {
  #offsets: Int32Array = new Int32Array(1);
  #slots: Int32Array = new Int32Array(0);
  #frequencies: Uint16Array = new Uint16Array(0);
  /** Terms covered by the compact part (term ids ≥ this are tail-only). */
  #compactTerms = 0;
  /** Flattened `[slot, frequency, slot, frequency, …]` per term id, since the last merge. */
  #tail: Array<number[] | undefined> = [];
  #tailPostings = 0;
  /** Tokens in this field per slot (capped at `MAX_FREQUENCY`). */
  #lengths: Uint16Array = new Uint16Array(0);
  /** Sum of `#lengths` over live documents. */
  #totalLength = 0;

  get compactPostings(): number {
    return this.#slots.length;
  }

  get tailPostings(): number {
    return this.#tailPostings;
  }

  get totalLength(): number {
    return this.#totalLength;
  }

  lengthOf(slot: number): number {
    return this.#lengths[slot] ?? 0;
  }

  /**
   * Adds one document's field: `termIds[i]` occurs `frequencies[i]` times (distinct ids).
   */
  add(slot: number, termIds: ArrayLike<number>, frequencies: ArrayLike<number>, count: number, length: number): void {
    if (slot >= this.#lengths.length) this.#lengths = growUint16(this.#lengths, slot + 1);
    const capped = Math.min(length, MAX_FREQUENCY);
    this.#lengths[slot] = capped;
    this.#totalLength += capped;
    for (let i = 0; i < count; i++) {
      const term = termIds[i]!;
      let list = this.#tail[term];
      if (list === undefined) {
        list = [];
        this.#tail[term] = list;
      }
      list.push(slot, Math.min(frequencies[i]!, MAX_FREQUENCY));
    }
    this.#tailPostings += count;
  }

  /** Takes a deleted document out of the length statistics (its postings go at the next merge). */
  remove(slot: number): void {
    this.#totalLength -= this.#lengths[slot] ?? 0;
    this.#lengths[slot] = 0;
  }

  /** Postings of `term` held by documents flagged in `live` (all of them when `exact` is false). */
  documentFrequency(term: number, live: Uint8Array, exact: boolean): number {
    const start = term < this.#compactTerms ? this.#offsets[term]! : 0;
    const end = term < this.#compactTerms ? this.#offsets[term + 1]! : 0;
    const tail = this.#tail[term];
    if (!exact) return end - start + (tail ? tail.length >> 1 : 0);
    let df = 0;
    const slots = this.#slots;
    for (let p = start; p < end; p++) if (live[slots[p]!] !== 0) df++;
    if (tail) for (let p = 0; p < tail.length; p += 2) if (live[tail[p]!] !== 0) df++;
    return df;
  }

  /**
   * Adds `weight · tf·(k1+1) / (tf + k1·(1 − b + b·len/avgLength))` for every posting of `term`
   * whose slot is flagged in `eligible` (BM25 without the idf, which the caller folds into
   * `weight`), and sets `termBit` in the accumulator's term mask (`high` for terms 32–63).
   */
  accumulate(term: number, weight: number, avgLength: number, params: Bm25Parameters, eligible: Uint8Array, acc: Accumulator, termBit: number, high: boolean): void {
    const { k1, b } = params;
    const numerator = weight * (k1 + 1);
    const constant = k1 * (1 - b);
    const perToken = avgLength > 0 ? (k1 * b) / avgLength : 0;
    const lengths = this.#lengths;
    const scores = acc.scores;
    const touched = acc.touched;
    const mask = high ? acc.termsHigh : acc.termsLow;
    let count = acc.count;
    if (term < this.#compactTerms) {
      const slots = this.#slots;
      const frequencies = this.#frequencies;
      const end = this.#offsets[term + 1]!;
      for (let p = this.#offsets[term]!; p < end; p++) {
        const slot = slots[p]!;
        if (eligible[slot] === 0) continue;
        const tf = frequencies[p]!;
        const contribution = (numerator * tf) / (tf + constant + perToken * lengths[slot]!);
        if (scores[slot] === 0) touched[count++] = slot;
        scores[slot]! += contribution;
        mask[slot]! |= termBit;
      }
    }
    const tail = this.#tail[term];
    if (tail !== undefined) {
      for (let p = 0; p < tail.length; p += 2) {
        const slot = tail[p]!;
        if (eligible[slot] === 0) continue;
        const tf = tail[p + 1]!;
        const contribution = (numerator * tf) / (tf + constant + perToken * lengths[slot]!);
        if (scores[slot] === 0) touched[count++] = slot;
        scores[slot]! += contribution;
        mask[slot]! |= termBit;
      }
    }
    acc.count = count;
  }

  /** Whether the document in `slot` holds `term` in this field (for a handful of hits only). */
  contains(term: number, slot: number): boolean {
    if (term < this.#compactTerms) {
      // Compact slices are sorted by slot (see merge): binary search.
      let low = this.#offsets[term]!;
      let high = this.#offsets[term + 1]! - 1;
      const slots = this.#slots;
      while (low <= high) {
        const mid = (low + high) >>> 1;
        const value = slots[mid]!;
        if (value === slot) return true;
        if (value < slot) low = mid + 1;
        else high = mid - 1;
      }
    }
    const tail = this.#tail[term];
    if (tail) for (let p = 0; p < tail.length; p += 2) if (tail[p] === slot) return true;
    return false;
  }

  /**
   * Rebuilds the compact part from the compact part and the tail, keeping only postings of
   * slots flagged in `live`, each term's postings sorted by slot. `termCount` is the size of the
   * term dictionary now.
   */
  merge(live: Uint8Array, termCount: number): void {
    const counts = new Int32Array(termCount + 1);
    const oldOffsets = this.#offsets;
    const oldSlots = this.#slots;
    const oldFrequencies = this.#frequencies;
    for (let term = 0; term < this.#compactTerms; term++) {
      let n = 0;
      for (let p = oldOffsets[term]!; p < oldOffsets[term + 1]!; p++) if (live[oldSlots[p]!] !== 0) n++;
      counts[term] = n;
    }
    for (let term = 0; term < this.#tail.length; term++) {
      const tail = this.#tail[term];
      if (!tail) continue;
      let n = 0;
      for (let p = 0; p < tail.length; p += 2) if (live[tail[p]!] !== 0) n++;
      counts[term]! += n;
    }
    const offsets = new Int32Array(termCount + 1);
    for (let term = 0; term < termCount; term++) offsets[term + 1] = offsets[term]! + counts[term]!;
    const total = offsets[termCount]!;
    const slots = new Int32Array(total);
    const frequencies = new Uint16Array(total);
    for (let term = 0; term < termCount; term++) {
      let at = offsets[term]!;
      const start = at;
      let sorted = true;
      let previous = -1;
      if (term < this.#compactTerms) {
        for (let p = oldOffsets[term]!; p < oldOffsets[term + 1]!; p++) {
          const slot = oldSlots[p]!;
          if (live[slot] === 0) continue;
          if (slot < previous) sorted = false;
          previous = slot;
          slots[at] = slot;
          frequencies[at++] = oldFrequencies[p]!;
        }
      }
      const tail = this.#tail[term];
      if (tail) {
        for (let p = 0; p < tail.length; p += 2) {
          const slot = tail[p]!;
          if (live[slot] === 0) continue;
          if (slot < previous) sorted = false;
          previous = slot;
          slots[at] = slot;
          frequencies[at++] = tail[p + 1]!;
        }
      }
      // Reused slots arrive out of order; keep every slice sorted for `contains`.
      if (!sorted) sortSlice(slots, frequencies, start, at);
    }
    this.#offsets = offsets;
    this.#slots = slots;
    this.#frequencies = frequencies;
    this.#compactTerms = termCount;
    this.#tail = [];
    this.#tailPostings = 0;
  }

  /** The compact arrays, for snapshots (call after `merge`). */
  exportCompact(): { offsets: Int32Array; slots: Int32Array; frequencies: Uint16Array; lengths: Uint16Array; totalLength: number } {
    return { offsets: this.#offsets, slots: this.#slots, frequencies: this.#frequencies, lengths: this.#lengths, totalLength: this.#totalLength };
  }

  /** Restores what `exportCompact` returned. */
  importCompact(data: { offsets: Int32Array; slots: Int32Array; frequencies: Uint16Array; lengths: Uint16Array; totalLength: number }): void {
    this.#offsets = data.offsets;
    this.#slots = data.slots;
    this.#frequencies = data.frequencies;
    this.#lengths = data.lengths;
    this.#totalLength = data.totalLength;
    this.#compactTerms = data.offsets.length - 1;
    this.#tail = [];
    this.#tailPostings = 0;
  }

  /** Bytes held by typed arrays plus an estimate for the tail arrays. */
  approximateBytes(): number {
    return this.#offsets.byteLength + this.#slots.byteLength + this.#frequencies.byteLength + this.#lengths.byteLength + this.#tailPostings * 16;
  }
}

/** Sorts `slots[start…end)` ascending, carrying `frequencies` along (insertion sort on pairs; slices are short or nearly sorted). */
function sortSlice(slots: Int32Array, frequencies: Uint16Array, start: number, end: number): void {
  if (end - start > 64) {
    const pairs: Array<[number, number]> = [];
    for (let i = start; i < end; i++) pairs.push([slots[i]!, frequencies[i]!]);
    pairs.sort((a, b) => a[0] - b[0]);
    for (let i = start; i < end; i++) {
      const pair = pairs[i - start]!;
      slots[i] = pair[0];
      frequencies[i] = pair[1];
    }
    return;
  }
  for (let i = start + 1; i < end; i++) {
    const slot = slots[i]!;
    const frequency = frequencies[i]!;
    let j = i - 1;
    while (j >= start && slots[j]! > slot) {
      slots[j + 1] = slots[j]!;
      frequencies[j + 1] = frequencies[j]!;
      j--;
    }
    slots[j + 1] = slot;
    frequencies[j + 1] = frequency;
  }
}
