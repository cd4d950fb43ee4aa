/**
 * A small in-memory BM25 index over token lists, scored with weighted queries: the generator
 * scores every industry's query against the patents and against the IPC titles with it.
 */

export interface Bm25Parameters {
  /** Term-frequency saturation. */
  k1: number;
  /** Length normalisation, 0 (none) to 1 (full). */
  b: number;
}

export const DEFAULT_BM25: Bm25Parameters = { k1: 1.2, b: 0.75 };

export interface Bm25Index {
  readonly documents: number;
  readonly averageLength: number;
  readonly lengths: Float64Array;
  /** term → [document, frequency, document, frequency, …] in document order. */
  readonly postings: ReadonlyMap<string, readonly number[]>;
}

/** A scored document: its position in the indexed list and its score. */
export interface Bm25Hit {
  document: number;
  score: number;
}

/**
 * Indexes documents given as token lists (positions in the list are the document ids).
 *
 * @example
 * const index = buildBm25Index([['茶', '杀青'], ['电池', '正极']]);
 * index.documents // 2
 */
export function buildBm25Index(documents: ReadonlyArray<readonly string[]>): Bm25Index {
  const postings = new Map<string, number[]>();
  const lengths = new Float64Array(documents.length);
  let total = 0;
  documents.forEach((tokens, document) => {
    lengths[document] = tokens.length;
    total += tokens.length;
    const counts = new Map<string, number>();
    for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
    for (const [term, frequency] of counts) {
      let list = postings.get(term);
      if (list === undefined) postings.set(term, (list = []));
      list.push(document, frequency);
    }
  });
  return { documents: documents.length, averageLength: documents.length === 0 ? 0 : total / documents.length, lengths, postings };
}

/**
 * Scores every document that holds a query term: Σ weight(term) · idf(term) · BM25 tf part, and
 * returns the best `limit` hits, best first (ties in document order).
 *
 * @example
 * const index = buildBm25Index([['茶', '杀青'], ['电池', '正极'], ['茶', '饮料']]);
 * topBm25(index, new Map([['茶', 1], ['杀青', 2]]), 2) // [{ document: 0, score: … }, { document: 2, score: … }]
 */
export function topBm25(
  index: Bm25Index,
  query: ReadonlyMap<string, number>,
  limit: number,
  parameters: Bm25Parameters = DEFAULT_BM25,
): Bm25Hit[] {
  const scores = new Map<number, number>();
  const { k1, b } = parameters;
  for (const [term, weight] of query) {
    const list = index.postings.get(term);
    if (list === undefined || weight <= 0) continue;
    const documentFrequency = list.length / 2;
    const idf = Math.log(1 + (index.documents - documentFrequency + 0.5) / (documentFrequency + 0.5));
    for (let at = 0; at < list.length; at += 2) {
      const document = list[at]!;
      const frequency = list[at + 1]!;
      const norm = 1 - b + (b * index.lengths[document]!) / (index.averageLength || 1);
      const part = (frequency * (k1 + 1)) / (frequency + k1 * norm);
      scores.set(document, (scores.get(document) ?? 0) + weight * idf * part);
    }
  }
  return [...scores]
    .map(([document, score]) => ({ document, score }))
    .sort((x, y) => y.score - x.score || x.document - y.document)
    .slice(0, limit);
}
