/**
 * Turns text into vectors for semantic search. Implementations: the built-in offline embedder
 * trained on the indexed corpus (default), and a transformers.js model (`EMBEDDING_MODEL`).
 *
 * Vectors from different `version`s are never mixed in one index: an index records the version it
 * was built with and re-embeds everything when it changes.
 */
export interface Embedder {
  /** What kind of embedder, e.g. `offline-cooccurrence-svd` or `transformers:Xenova/bge-small-zh-v1.5`. */
  readonly id: string;
  /** Changes whenever the same text would get a different vector (model, training data, settings). */
  readonly version: string;
  readonly dimensions: number;
  /**
   * Embeds texts in one batch; every vector has `dimensions` entries and unit length
   * (an all-zero vector for text with nothing to embed).
   *
   * @example
   * const [v] = await embedder.embed(['一种滚筒杀青机']);
   */
  embed(texts: readonly string[]): Promise<Float32Array[]>;
}
