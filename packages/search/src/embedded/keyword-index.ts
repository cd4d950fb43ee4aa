/**
 * The keyword index part: a term dictionary and one `FieldPostings` per text field, scored with
 * BM25 per field and summed with field weights (title > extra > body).
 */
import { FieldPostings, type Accumulator, type Bm25Parameters } from './field-postings.ts';

export const TEXT_FIELDS = ['title', 'extra', 'body'] as const;
export type TextField = (typeof TEXT_FIELDS)[number];
export type FieldWeights = Record<TextField, number>;

export const DEFAULT_FIELD_WEIGHTS: FieldWeights = { title: 3, extra: 1.5, body: 1 };
export const DEFAULT_BM25: Bm25Parameters = { k1: 1.2, b: 0.75 };

/** BM25's idf, never negative: ln(1 + (N − df + 0.5) / (df + 0.5)). */
export function inverseDocumentFrequency(documents: number, df: number): number {
  return Math.log(1 + (documents - df + 0.5) / (df + 0.5));
}

/**
 * @example
 * const index = new KeywordIndex(DEFAULT_FIELD_WEIGHTS, DEFAULT_BM25);
 * index.addDocument(0, [['石墨烯'], [], ['石墨烯', '制备']]);
 */
export class KeywordIndex {
  readonly #termIds = new Map<string, number>();
  readonly #terms: string[] = [];
  readonly #fields: FieldPostings[] = TEXT_FIELDS.map(() => new FieldPostings());
  readonly #weights: number[];
  readonly #params: Bm25Parameters;
  readonly #counts = new Map<number, number>();
  #ids = new Int32Array(256);
  #frequencies = new Int32Array(256);

  constructor(weights: FieldWeights, params: Bm25Parameters) {
    this.#weights = TEXT_FIELDS.map((field) => weights[field]);
    this.#params = params;
  }

  get termCount(): number {
    return this.#terms.length;
  }

  get tailPostings(): number {
    return this.#fields.reduce((sum, field) => sum + field.tailPostings, 0);
  }

  get compactPostings(): number {
    return this.#fields.reduce((sum, field) => sum + field.compactPostings, 0);
  }

  termId(term: string): number | undefined {
    return this.#termIds.get(term);
  }

  /** Indexes one document: the terms of each field, in `TEXT_FIELDS` order. */
  addDocument(slot: number, fieldTerms: ReadonlyArray<readonly string[]>): void {
    for (let f = 0; f < this.#fields.length; f++) {
      const terms = fieldTerms[f] ?? [];
      const counts = this.#counts;
      counts.clear();
      for (const term of terms) {
        let id = this.#termIds.get(term);
        if (id === undefined) {
          id = this.#terms.length;
          this.#termIds.set(term, id);
          this.#terms.push(term);
        }
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      if (counts.size > this.#ids.length) {
        this.#ids = new Int32Array(counts.size * 2);
        this.#frequencies = new Int32Array(counts.size * 2);
      }
      let n = 0;
      for (const [id, tf] of counts) {
        this.#ids[n] = id;
        this.#frequencies[n++] = tf;
      }
      this.#fields[f]!.add(slot, this.#ids, this.#frequencies, n, terms.length);
    }
  }

  removeDocument(slot: number): void {
    for (const field of this.#fields) field.remove(slot);
  }

  /**
   * Accumulates the BM25 score of every eligible document holding a query term into `acc`.
   * `termIds[i]` is undefined for a term the index has never seen. `exactFrequencies` makes
   * document frequencies skip deleted documents not yet merged away (slower; needed only then).
   */
  score(termIds: ReadonlyArray<number | undefined>, eligible: Uint8Array, live: Uint8Array, documents: number, exactFrequencies: boolean, acc: Accumulator): void {
    if (documents === 0) return;
    for (let f = 0; f < this.#fields.length; f++) {
      const field = this.#fields[f]!;
      const weight = this.#weights[f]!;
      if (weight <= 0) continue;
      const avgLength = field.totalLength / documents;
      for (let i = 0; i < termIds.length && i < 64; i++) {
        const term = termIds[i];
        if (term === undefined) continue;
        const df = field.documentFrequency(term, live, exactFrequencies);
        if (df === 0) continue;
        const idf = inverseDocumentFrequency(documents, df);
        const bit = (1 << (i & 31)) >>> 0;
        field.accumulate(term, weight * idf, avgLength, this.#params, eligible, acc, bit, i >= 32);
      }
    }
  }

  /** Whether any field of the document in `slot` holds `term`. */
  contains(term: number, slot: number): boolean {
    for (const field of this.#fields) if (field.contains(term, slot)) return true;
    return false;
  }

  /** Drops postings of dead slots and compacts the tail (see `FieldPostings.merge`). */
  merge(live: Uint8Array): void {
    for (const field of this.#fields) field.merge(live, this.#terms.length);
  }

  /** Terms and compact field arrays, for snapshots (call after `merge`). */
  exportState(): { terms: string[]; fields: Array<ReturnType<FieldPostings['exportCompact']>> } {
    return { terms: this.#terms, fields: this.#fields.map((field) => field.exportCompact()) };
  }

  importState(state: { terms: string[]; fields: Array<ReturnType<FieldPostings['exportCompact']>> }): void {
    this.#termIds.clear();
    this.#terms.length = 0;
    for (const term of state.terms) {
      this.#termIds.set(term, this.#terms.length);
      this.#terms.push(term);
    }
    state.fields.forEach((data, f) => this.#fields[f]!.importCompact(data));
  }

  approximateBytes(): number {
    return this.#fields.reduce((sum, field) => sum + field.approximateBytes(), 0) + this.#terms.length * 60;
  }
}
