export { EmbeddedSearchEngine, MAX_LIMIT, type EmbeddedSearchEngineOptions } from './embedded-search-engine.ts';
export { EmbeddedIndexError, type EmbeddedIndexErrorCode } from './embedded-index-error.ts';
export { patentTextAnalyzer, type TextAnalyzer } from './text-analyzer.ts';
export { MAX_QUERY_CHARS, MAX_QUERY_TERMS, queryTermsOf } from './query-terms.ts';
export { DEFAULT_FIELD_WEIGHTS, DEFAULT_BM25, TEXT_FIELDS, type FieldWeights, type TextField } from './keyword-index.ts';
export { DEFAULT_VECTOR_SEARCH, type VectorSearchOptions } from './vector-index.ts';
export { minMaxNormalise } from './hybrid-ranking.ts';
