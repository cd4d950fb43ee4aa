/**
 * The training vocabulary: the terms kept from the corpus, their document frequencies, and the
 * corpus re-encoded as term ids.
 */

/** Terms sorted by decreasing document frequency (ties by code point), with their frequencies. */
export interface Vocabulary {
  readonly terms: readonly string[];
  readonly index: ReadonlyMap<string, number>;
  /** Documents containing each term. */
  readonly documentFrequency: Uint32Array;
  /** Occurrences of each term in the corpus. */
  readonly termFrequency: Uint32Array;
  /** Documents the frequencies were counted on. */
  readonly documents: number;
}

export interface VocabularyOptions {
  /** Drop terms found in fewer documents (default 2: a term seen once has no statistics to speak of). */
  minDocumentFrequency?: number;
  /** Keep at most this many terms, the most frequent first (default 200,000). */
  maxTerms?: number;
}

/**
 * Counts terms over tokenised documents and keeps the frequent ones. Deterministic: the order of
 * the terms does not depend on the order of the documents.
 *
 * @example
 * const vocabulary = buildVocabulary([['滚筒', '杀青机'], ['滚筒', '茶叶']], { minDocumentFrequency: 1 });
 * vocabulary.terms; // ['滚筒', '杀青机', '茶叶']
 */
export function buildVocabulary(documents: Iterable<readonly string[]>, options: VocabularyOptions = {}): Vocabulary {
  const minDocumentFrequency = options.minDocumentFrequency ?? 2;
  const maxTerms = options.maxTerms ?? 200_000;
  const counts = new Map<string, { df: number; tf: number; lastDocument: number }>();
  let documentCount = 0;
  for (const tokens of documents) {
    for (const token of tokens) {
      const entry = counts.get(token);
      if (entry === undefined) counts.set(token, { df: 1, tf: 1, lastDocument: documentCount });
      else {
        entry.tf++;
        if (entry.lastDocument !== documentCount) {
          entry.df++;
          entry.lastDocument = documentCount;
        }
      }
    }
    documentCount++;
  }
  const kept = [...counts.entries()]
    .filter(([, entry]) => entry.df >= minDocumentFrequency)
    .sort(([a, x], [b, y]) => y.df - x.df || y.tf - x.tf || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, maxTerms);
  const documentFrequency = new Uint32Array(kept.length);
  const termFrequency = new Uint32Array(kept.length);
  const index = new Map<string, number>();
  kept.forEach(([term, entry], i) => {
    index.set(term, i);
    documentFrequency[i] = entry.df;
    termFrequency[i] = entry.tf;
  });
  return { terms: kept.map(([term]) => term), index, documentFrequency, termFrequency, documents: documentCount };
}

/** One document as the distinct vocabulary terms it contains, with their counts. */
export interface EncodedDocument {
  /** Distinct term ids, increasing. */
  readonly terms: Uint32Array;
  /** Occurrences of each of `terms`. */
  readonly counts: Uint32Array;
}

/**
 * Maps tokens to term ids, dropping tokens outside the vocabulary.
 *
 * @example
 * encodeDocument(vocabulary, ['滚筒', '滚筒', '未知词']); // { terms: [0], counts: [2] }
 */
export function encodeDocument(vocabulary: Pick<Vocabulary, 'index'>, tokens: readonly string[]): EncodedDocument {
  const counts = new Map<number, number>();
  for (const token of tokens) {
    const id = vocabulary.index.get(token);
    if (id !== undefined) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  const terms = Uint32Array.from(counts.keys()).sort();
  return { terms, counts: Uint32Array.from(terms, (id) => counts.get(id)!) };
}
