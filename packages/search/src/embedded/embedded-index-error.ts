/**
 * A write the embedded index refuses. The engine reports it as a failed task with this `code`.
 */
export type EmbeddedIndexErrorCode =
  | 'embedder_version_mismatch'
  | 'missing_embedder_version'
  | 'vector_dimensions_mismatch'
  | 'invalid_vectors'
  | 'invalid_document'
  | 'invalid_snapshot';

/**
 * @example
 * throw new EmbeddedIndexError('embedder_version_mismatch', 'index holds vectors of svd-1, got svd-2; clear() and re-embed');
 */
export class EmbeddedIndexError extends Error {
  override readonly name = 'EmbeddedIndexError';
  readonly code: EmbeddedIndexErrorCode;

  constructor(code: EmbeddedIndexErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
