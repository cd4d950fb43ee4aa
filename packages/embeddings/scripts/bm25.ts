/**
 * A plain BM25 ranker over token lists: the keyword baseline the evaluation compares embeddings to.
 */

/**
 * An in-memory BM25 index (k1 = 1.2, b = 0.75 by default).
 *
 * @example
 * const index = new Bm25Index([['滚筒', '杀青机'], ['茶叶', '杀青']]);
 * index.search(['杀青'], 10); // [{ document: 0, score: … }, { document: 1, score: … }]
 */
export class Bm25Index {
  readonly #postings = new Map<string, { documents: number[]; counts: number[] }>();
  readonly #lengths: Float64Array;
  readonly #averageLength: number;
  readonly #k1: number;
  readonly #b: number;

  constructor(documents: ReadonlyArray<readonly string[]>, options: { k1?: number; b?: number } = {}) {
    this.#k1 = options.k1 ?? 1.2;
    this.#b = options.b ?? 0.75;
    this.#lengths = new Float64Array(documents.length);
    documents.forEach((tokens, d) => {
      this.#lengths[d] = tokens.length;
      const counts = new Map<string, number>();
      for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
      for (const [token, count] of counts) {
        let posting = this.#postings.get(token);
        if (!posting) this.#postings.set(token, (posting = { documents: [], counts: [] }));
        posting.documents.push(d);
        posting.counts.push(count);
      }
    });
    this.#averageLength = documents.length > 0 ? this.#lengths.reduce((a, b) => a + b, 0) / documents.length : 0;
  }

  /**
   * The best `k` documents for the query tokens (each distinct token counted once), best first.
   *
   * @example
   * index.search(tokenize('茶叶杀青'), 10);
   */
  search(query: readonly string[], k: number): Array<{ document: number; score: number }> {
    const n = this.#lengths.length;
    const scores = new Map<number, number>();
    for (const token of new Set(query)) {
      const posting = this.#postings.get(token);
      if (!posting) continue;
      const df = posting.documents.length;
      const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      posting.documents.forEach((d, i) => {
        const tf = posting.counts[i]!;
        const norm = tf + this.#k1 * (1 - this.#b + (this.#b * this.#lengths[d]!) / this.#averageLength);
        scores.set(d, (scores.get(d) ?? 0) + (idf * tf * (this.#k1 + 1)) / norm);
      });
    }
    return [...scores.entries()]
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, k)
      .map(([document, score]) => ({ document, score }));
  }
}
