/**
 * The sorter part: orders candidates by the requested sort keys, then relevance (score, high
 * first), then id; documents without a value for a sort key come last in either direction.
 * Only the first `need` are fully ordered (bounded heap), so deep result sets cost O(n log need):
 * a hybrid page of 10 out of ~1,000 candidates compares each candidate once with the heap's root
 * instead of sorting them all.
 */
import type { SortField } from '../documents.ts';
import { NO_YEAR, type DocumentTable } from './document-table.ts';
import type { RankedCandidates } from './hybrid-ranking.ts';

export interface SortKey {
  field: SortField;
  direction: 'asc' | 'desc';
}

type Compare = (a: number, b: number) => number;

/** A comparator over candidate indices (negative: `a` first). */
export function candidateComparator(table: DocumentTable, ranked: RankedCandidates, sort: readonly SortKey[]): Compare {
  const { slots, scores } = ranked;
  const ids = table.ids;
  const keys = sort.map(({ field, direction }) => {
    const sign = direction === 'asc' ? 1 : -1;
    if (field === 'relevance') return { sign, value: (i: number) => scores[i]!, missing: (_: number) => false };
    if (field === 'filingYear') return { sign, value: (i: number) => table.filingYear[slots[i]!]!, missing: (i: number) => table.filingYear[slots[i]!] === NO_YEAR };
    return { sign, value: (i: number) => table.screeningScore[slots[i]!]!, missing: (i: number) => Number.isNaN(table.screeningScore[slots[i]!]) };
  });
  return (a, b) => {
    for (const key of keys) {
      const missingA = key.missing(a);
      const missingB = key.missing(b);
      if (missingA !== missingB) return missingA ? 1 : -1;
      if (missingA) continue;
      const va = key.value(a);
      const vb = key.value(b);
      if (va !== vb) return va < vb ? -key.sign : key.sign;
    }
    const sa = scores[a]!;
    const sb = scores[b]!;
    if (sa !== sb) return sb - sa;
    const ia = ids[slots[a]!]!;
    const ib = ids[slots[b]!]!;
    return ia < ib ? -1 : ia > ib ? 1 : 0;
  };
}

/**
 * The first `need` of `count` candidate indices in `compare` order.
 *
 * @example
 * firstInOrder(1000, 20, compare) // Int32Array of 20 candidate indices
 */
export function firstInOrder(count: number, need: number, compare: Compare): Int32Array {
  const take = Math.max(0, Math.min(count, need));
  if (take === 0) return new Int32Array(0);
  if (take * 4 >= count) {
    const all = Int32Array.from({ length: count }, (_, i) => i);
    const sorted = Array.from(all).sort(compare);
    return Int32Array.from(sorted.slice(0, take));
  }
  // Max-heap on "comes later": the root is the worst of the best `take` so far.
  const heap = new Int32Array(take);
  let size = 0;
  const later = (a: number, b: number) => compare(a, b) > 0;
  for (let i = 0; i < count; i++) {
    if (size < take) {
      let at = size++;
      while (at > 0) {
        const parent = (at - 1) >> 1;
        if (!later(i, heap[parent]!)) break;
        heap[at] = heap[parent]!;
        at = parent;
      }
      heap[at] = i;
      continue;
    }
    if (!later(heap[0]!, i)) continue;
    let at = 0;
    for (;;) {
      const left = 2 * at + 1;
      if (left >= size) break;
      const right = left + 1;
      const child = right < size && later(heap[right]!, heap[left]!) ? right : left;
      if (!later(heap[child]!, i)) break;
      heap[at] = heap[child]!;
      at = child;
    }
    heap[at] = i;
  }
  return Int32Array.from(Array.from(heap).sort(compare));
}
