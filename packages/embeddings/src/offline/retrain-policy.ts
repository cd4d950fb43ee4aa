/**
 * When the offline embedder is retrained. It learns from the corpus, so a corpus that has grown a
 * lot has terms (and label statistics) the model has not seen; retraining re-embeds everything,
 * so it should not happen on every import either.
 */

export interface RetrainPolicy {
  /** Retrain once the corpus has grown by more than this fraction of what the model was trained on (default 0.2 = +20%). */
  growth: number;
  /** Retrain once the corpus has shrunk by more than this fraction (default 0.5 = half deleted). */
  shrinkage: number;
  /** Do not retrain below this many corpus documents, unless the model was trained on none (default 0). */
  minimumDocuments: number;
}

/** +20% growth, -50% shrinkage, no minimum. */
export const DEFAULT_RETRAIN_POLICY: Readonly<RetrainPolicy> = Object.freeze({ growth: 0.2, shrinkage: 0.5, minimumDocuments: 0 });

/** Why a model should be retrained for the corpus as it is now, or `undefined` when it is current. */
export type CorpusChange = 'first-documents' | 'grown' | 'shrunk';

/**
 * Compares the document count the model was trained on with the corpus count now.
 *
 * @example
 * corpusChange(10_000, 12_500); // 'grown' (+25% > +20%)
 * corpusChange(10_000, 11_000); // undefined
 * corpusChange(0, 3);           // 'first-documents'
 */
export function corpusChange(trainedOnCount: number, corpusCount: number, policy: Partial<RetrainPolicy> = {}): CorpusChange | undefined {
  const { growth, shrinkage, minimumDocuments } = { ...DEFAULT_RETRAIN_POLICY, ...policy };
  if (trainedOnCount <= 0) return corpusCount > 0 ? 'first-documents' : undefined;
  if (corpusCount < minimumDocuments) return undefined;
  if (corpusCount > trainedOnCount * (1 + growth)) return 'grown';
  if (corpusCount < trainedOnCount * (1 - shrinkage)) return 'shrunk';
  return undefined;
}

/**
 * True when the corpus changed enough since training (see `RetrainPolicy`) to retrain.
 *
 * @example
 * shouldRetrain(10_000, 12_001);                  // true
 * shouldRetrain(10_000, 12_001, { growth: 0.5 }); // false
 */
export function shouldRetrain(trainedOnCount: number, corpusCount: number, policy: Partial<RetrainPolicy> = {}): boolean {
  return corpusChange(trainedOnCount, corpusCount, policy) !== undefined;
}
