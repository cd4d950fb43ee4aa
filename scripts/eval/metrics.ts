/** Ranking metrics with graded relevance. */

/**
 * nDCG@k with gains looked up per document; the ideal ranking uses every judged document of the corpus.
 *
 * @example
 * ndcgAt(10, ['a', 'b'], (id) => (id === 'b' ? 1 : 0), [1]) // 0.63…
 */
export function ndcgAt(k: number, ranked: readonly string[], gain: (id: string) => number, allGains: readonly number[]): number {
  let dcg = 0;
  ranked.slice(0, k).forEach((id, i) => {
    const g = gain(id);
    if (g > 0) dcg += g / Math.log2(i + 2);
  });
  const ideal = [...allGains].sort((a, b) => b - a).slice(0, k);
  let idcg = 0;
  ideal.forEach((g, i) => {
    if (g > 0) idcg += g / Math.log2(i + 2);
  });
  return idcg === 0 ? 0 : dcg / idcg;
}

/**
 * Share of fully relevant documents (gain ≥ 1) found in the top k, capped by k.
 *
 * @example
 * recallAt(100, ranked, gain, 250) // found / min(250, 100)
 */
export function recallAt(k: number, ranked: readonly string[], gain: (id: string) => number, relevantCount: number): number {
  if (relevantCount === 0) return 0;
  const found = ranked.slice(0, k).filter((id) => gain(id) >= 1).length;
  return found / Math.min(relevantCount, k);
}

/**
 * Precision@k: share of the top k with gain ≥ 1.
 *
 * @example
 * precisionAt(10, ranked, gain)
 */
export function precisionAt(k: number, ranked: readonly string[], gain: (id: string) => number): number {
  return ranked.slice(0, k).filter((id) => gain(id) >= 1).length / k;
}

export function mean(values: readonly number[]): number {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0;
}
