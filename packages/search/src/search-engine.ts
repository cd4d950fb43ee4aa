import type { SearchDocument, SearchQuery, SearchResult } from './documents.ts';

/** A write to the index, in the style of a Meilisearch task: the caller can wait for it. */
export interface IndexTask {
  id: string;
  status: 'enqueued' | 'processing' | 'succeeded' | 'failed';
  error?: { code: string; message: string };
}

export interface IndexStats {
  documents: number;
  /** Embedder version of the stored vectors; null when the index holds none. */
  embedderVersion: string | null;
}

/**
 * Keyword, semantic and hybrid search over patents and demands. Implementations: the embedded
 * in-process engine (default) and the Meilisearch adapter (`MEILI_URL`). One contract suite runs
 * against both (`packages/search/test/contract`).
 */
export interface SearchEngine {
  readonly kind: 'embedded' | 'meilisearch';
  /**
   * Adds or replaces documents (by id). A document with a lower revision than the stored one is ignored.
   * Vectors, when given, must come from the embedder whose version the index records.
   *
   * @example
   * await engine.waitFor(await engine.upsert(docs, vectors, embedder.version));
   */
  upsert(documents: readonly SearchDocument[], vectors: readonly Float32Array[] | undefined, embedderVersion: string | undefined): Promise<IndexTask>;
  delete(ids: readonly string[]): Promise<IndexTask>;
  /** Removes every document and vector (before a full rebuild or an embedder change). */
  clear(): Promise<IndexTask>;
  waitFor(task: IndexTask, timeoutMs?: number): Promise<IndexTask>;
  search(query: SearchQuery): Promise<SearchResult>;
  /** The stored vector of a document, for "more like this". */
  vectorOf(id: string): Promise<Float32Array | undefined>;
  stats(): Promise<IndexStats>;
  close(): Promise<void>;
}
