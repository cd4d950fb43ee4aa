/**
 * Everything that decides what the offline embedder learns. The settings are stored in the model
 * file and enter its version, so a changed default retrains instead of mixing vectors.
 */

/** How each document's text becomes tokens (both from `@patent-bridge/text`). */
export type OfflineTokenMode = 'words' | 'words-and-parts';

/** How term × label counts are weighted before the SVD. */
export type LabelWeighting = 'ppmi' | 'tfidf' | 'hellinger';

/** How much each term contributes to a document vector. */
export type TermWeighting = 'idf' | 'sif';

export interface OfflineEmbedderSettings {
  /** Vector length. */
  dimensions: number;
  /** Seed of the randomized SVD. */
  seed: number;
  /** `words` = `tokenize`; `words-and-parts` = `tokenizeForIndex` (long words also give their dictionary sub-words). */
  tokens: OfflineTokenMode;
  /** Terms found in fewer training documents get no vector. */
  minDocumentFrequency: number;
  /** Vocabulary cap (most frequent first). */
  maxTerms: number;
  /** Weight of the term × label block (IPC subclasses/classes of the training documents); 0 = off. */
  labelWeight: number;
  labelWeighting: LabelWeighting;
  /** Weight of class columns (`A01`) relative to subclass columns (`A01B`). */
  classWeight: number;
  /** Weight of the term × context-term block (documents shared with frequent terms, PPMI); 0 = off. */
  contextWeight: number;
  /** Number of context terms (the most frequent ones). */
  contexts: number;
  /** Strongest PPMI entries kept per term in the context block (0 = all). */
  contextsPerTerm: number;
  /** Weight of the term × document block (tf-idf, i.e. LSA); 0 = off. */
  documentWeight: number;
  /**
   * 0: one SVD over all blocks together. Otherwise the label block gets its own SVD with this
   * fraction of the dimensions (rounded, at least 1) and the co-occurrence blocks (context,
   * document) share the rest; each part of a term vector is unit length, scaled by √(its weight
   * share). Without labelled documents every dimension goes to co-occurrence.
   */
  labelShare: number;
  /** Term vector = left singular vectors × singular values ^ this (0 = every kept direction counts alike, 0.5 = the usual LSA compromise). */
  singularValuePower: number;
  /** Scale every term vector to unit length before weighting. */
  normalizeTermVectors: boolean;
  termWeighting: TermWeighting;
  /** `a` of the SIF weight a / (a + p(term)). */
  sifSmoothing: number;
  /** Leading directions of the training documents' vectors removed from every vector (SIF). */
  commonComponents: number;
  /**
   * The SVDs are fitted on this many of the most frequent terms; the other terms are projected
   * onto the fitted space (fold-in). 0 = fit on the whole vocabulary.
   */
  svdTerms: number;
  /** Subspace iterations of the randomized SVD. */
  powerIterations: number;
  /** Extra random directions of the randomized SVD. */
  oversampling: number;
}

/** Options of `trainOfflineEmbedder`: any subset of the settings. */
export type OfflineEmbedderOptions = Partial<OfflineEmbedderSettings>;

/**
 * The defaults, chosen by `scripts/evaluate.ts` (see DECISION.md): 256 dimensions, of which 64
 * (a quarter) come from the term × IPC-label block (tf-idf of label pseudo-documents) and 192 from the term ×
 * document block (LSA), both fitted on the 5,000 most frequent terms, singular directions
 * unweighted; words as tokens; idf-weighted sum of unit term vectors; one common component removed.
 */
export const DEFAULT_OFFLINE_SETTINGS: Readonly<OfflineEmbedderSettings> = Object.freeze({
  dimensions: 256,
  seed: 1,
  tokens: 'words',
  minDocumentFrequency: 2,
  maxTerms: 200_000,
  labelWeight: 1,
  labelWeighting: 'tfidf',
  classWeight: 0.5,
  contextWeight: 0,
  contexts: 2000,
  contextsPerTerm: 100,
  documentWeight: 1,
  labelShare: 0.25,
  singularValuePower: 0,
  normalizeTermVectors: true,
  termWeighting: 'idf',
  sifSmoothing: 1e-3,
  commonComponents: 1,
  svdTerms: 5000,
  powerIterations: 2,
  oversampling: 10,
});

/**
 * The defaults overridden by `options`, checked.
 *
 * @example
 * resolveOfflineSettings({ dimensions: 128 }).labelWeight; // 1
 */
export function resolveOfflineSettings(options: OfflineEmbedderOptions = {}): OfflineEmbedderSettings {
  const defined = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
  const settings = { ...DEFAULT_OFFLINE_SETTINGS, ...defined } as OfflineEmbedderSettings;
  if (!Number.isInteger(settings.dimensions) || settings.dimensions < 1) throw new RangeError(`dimensions must be a positive integer, got ${settings.dimensions}`);
  if (settings.minDocumentFrequency < 1) throw new RangeError('minDocumentFrequency must be at least 1');
  if (!(settings.labelShare >= 0 && settings.labelShare < 1)) throw new RangeError(`labelShare must be in [0, 1), got ${settings.labelShare}`);
  for (const name of ['labelWeight', 'classWeight', 'contextWeight', 'documentWeight', 'labelShare', 'svdTerms', 'commonComponents'] as const) {
    if (!(settings[name] >= 0)) throw new RangeError(`${name} must be >= 0, got ${settings[name]}`);
  }
  return settings;
}
