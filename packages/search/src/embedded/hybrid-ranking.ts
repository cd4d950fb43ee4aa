/**
 * The scorer of hybrid search, after Orama's: each side's scores are min-max normalised to
 * 0…1, then combined with weights `1 − semanticRatio` (keyword) and `semanticRatio` (semantic).
 * A document only one side found gets 0 from the other.
 *
 * The keyword side's minimum is pinned at 0, the BM25 score of a document matching nothing, so
 * every keyword match keeps a score above 0 (plain min-max would give the weakest match the
 * same 0 as a non-match). The semantic side uses the candidates' own minimum: its candidate
 * list is cut at an arbitrary rank anyway, and the last candidate anchors 0.
 */

/** One side's result: `count` slots with their raw scores (BM25 or cosine). */
export interface SideResult {
  slots: Int32Array;
  raw: Float64Array;
  count: number;
}

/** The merged match set, by candidate index. */
export interface RankedCandidates {
  count: number;
  slots: Int32Array;
  /** Final score, 0…1. */
  scores: Float64Array;
  /** Normalised keyword score, NaN when the keyword side did not find the document. */
  keywordScores: Float64Array;
  /** Cosine similarity, NaN when the semantic side did not find the document. */
  semanticScores: Float64Array;
}

/**
 * Cosines are computed from float32 vectors, so two that differ by less than this are the same
 * similarity; min-max normalisation must not stretch that noise into a 0-versus-1 difference.
 */
export const COSINE_RESOLUTION = 1e-6;

/**
 * Min-max normalisation: (x − min) / (max − min); when every value is the same (the range is
 * at most `resolution`), all become 1. `floor`, when given, is used as the minimum instead of
 * the values' own.
 *
 * @example
 * minMaxNormalise(Float64Array.of(2, 4, 6), 3)    // Float64Array [0, 0.5, 1]
 * minMaxNormalise(Float64Array.of(2, 4, 6), 3, 0) // Float64Array [1/3, 2/3, 1]
 */
export function minMaxNormalise(values: Float64Array, count: number, floor?: number, resolution = 0): Float64Array {
  const out = new Float64Array(count);
  if (count === 0) return out;
  let min = floor ?? Infinity;
  let max = -Infinity;
  for (let i = 0; i < count; i++) {
    const v = values[i]!;
    if (floor === undefined && v < min) min = v;
    if (v > max) max = v;
  }
  const range = max - min;
  for (let i = 0; i < count; i++) out[i] = range > resolution ? (values[i]! - min) / range : 1;
  return out;
}

/**
 * Merges the two sides (either may be missing) into one candidate list. `position` is a
 * per-slot scratch array filled with −1; it is left that way.
 *
 * @example
 * mergeSides(keyword, semantic, 0.5, position) // { count, slots, scores, keywordScores, semanticScores }
 */
export function mergeSides(keyword: SideResult | undefined, semantic: SideResult | undefined, semanticRatio: number, position: Int32Array): RankedCandidates {
  const keywordCount = keyword?.count ?? 0;
  const semanticCount = semantic?.count ?? 0;
  const capacity = keywordCount + semanticCount;
  const slots = new Int32Array(capacity);
  const keywordScores = new Float64Array(capacity).fill(Number.NaN);
  const semanticScores = new Float64Array(capacity).fill(Number.NaN);
  const keywordWeight = semantic ? 1 - semanticRatio : 1;
  const semanticWeight = keyword ? semanticRatio : 1;
  const combined = new Float64Array(capacity);
  let count = 0;
  if (keyword) {
    const normalised = minMaxNormalise(keyword.raw, keywordCount, 0);
    for (let i = 0; i < keywordCount; i++) {
      const slot = keyword.slots[i]!;
      position[slot] = count;
      slots[count] = slot;
      keywordScores[count] = normalised[i]!;
      combined[count++] = keywordWeight * normalised[i]!;
    }
  }
  if (semantic) {
    const normalised = minMaxNormalise(semantic.raw, semanticCount, undefined, COSINE_RESOLUTION);
    for (let i = 0; i < semanticCount; i++) {
      const slot = semantic.slots[i]!;
      let at = position[slot]!;
      if (at < 0) {
        at = count++;
        position[slot] = at;
        slots[at] = slot;
      }
      semanticScores[at] = semantic.raw[i]!;
      combined[at]! += semanticWeight * normalised[i]!;
    }
  }
  for (let i = 0; i < count; i++) position[slots[i]!] = -1;
  return {
    count,
    slots: slots.subarray(0, count),
    scores: combined.subarray(0, count),
    keywordScores: keywordScores.subarray(0, count),
    semanticScores: semanticScores.subarray(0, count),
  };
}
