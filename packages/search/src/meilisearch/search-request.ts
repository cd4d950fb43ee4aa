/**
 * `SearchQuery` → the body of `POST /indexes/{uid}/search`.
 */
import type { SearchParams } from 'meilisearch';
import type { SearchMode, SearchQuery } from '../documents.ts';
import { isStopWord, segment, tokenize } from '@patent-bridge/text';
import { EMBEDDER_NAME, HIGHLIGHT_POST, HIGHLIGHT_PRE, FIELD, wellFormed } from './document-mapping.ts';
import { buildFilterExpression } from './filter-expression.ts';
import { FACET_ATTRIBUTE, HIGHLIGHTED_ATTRIBUTES, SEARCH_LOCALES, SORT_ATTRIBUTE } from './index-settings.ts';

/** Default and cap of `limit` (the cap is the index's `maxTotalHits`). */
export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 1000;

/** Words sent to Meilisearch at most (it only uses the first ten). */
const MAX_QUERY_WORDS = 32;
/** Query characters read at most, as in the embedded engine (a long demand description still fits). */
export const MAX_QUERY_CHARS = 4096;

/** The query text, cut to `MAX_QUERY_CHARS` and made well-formed (a cut pair becomes U+FFFD). */
function boundedQuery(q: unknown): string {
  return typeof q === 'string' ? wellFormed(q.slice(0, MAX_QUERY_CHARS)) : '';
}

/**
 * The query text Meilisearch sees: the project's words (search normalisation, jieba with the
 * patent dictionary) without stop words or punctuation, joined by spaces. Both engines thus
 * search the same words, and Meilisearch's own query syntax (`"phrase"`, `-negation`) cannot be
 * triggered. English words are sent unstemmed: Meilisearch matches them against its own index.
 *
 * @example
 * meilisearchQueryText('"一种石墨烯" -涂层 ＣＲＩＳＰＲ') // '石墨烯 涂层 crispr'
 */
export function meilisearchQueryText(q: string): string {
  return segment(boundedQuery(q))
    .filter((word) => !isStopWord(word))
    .slice(0, MAX_QUERY_WORDS)
    .join(' ');
}

/**
 * The mode actually run: semantic and hybrid need the query vector; without one the search
 * falls back to keyword (an embedder outage degrades search instead of failing it).
 */
export function effectiveMode(query: Pick<SearchQuery, 'mode' | 'vector'>): SearchMode {
  if (query.mode === 'keyword') return 'keyword';
  return query.vector && query.vector.length > 0 ? query.mode : 'keyword';
}

/** `semanticRatio` clamped to 0…1; 0.5 when missing or not a number. */
export function semanticRatioOf(query: Pick<SearchQuery, 'semanticRatio'>): number {
  const ratio = query.semanticRatio;
  if (typeof ratio !== 'number' || Number.isNaN(ratio)) return 0.5;
  return Math.min(1, Math.max(0, ratio));
}

function boundedInteger(value: number, fallback: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return fallback;
  return Math.min(max, Math.max(0, Math.trunc(value)));
}

/**
 * Sort expressions. With `sort` as the first ranking rule, a `relevance` entry means "relevance
 * from here on": fields after it cannot be expressed in Meilisearch and are dropped.
 */
export function sortExpressions(sort: SearchQuery['sort']): string[] {
  const byAttribute = new Map<string, string>();
  for (const { field, direction } of sort ?? []) {
    if (field === 'relevance') break;
    const attribute = SORT_ATTRIBUTE[field];
    // An attribute sorts once: its first direction wins.
    if (attribute && !byAttribute.has(attribute)) byAttribute.set(attribute, `${attribute}:${direction === 'desc' ? 'desc' : 'asc'}`);
  }
  return [...byAttribute.values()];
}

/** What `search` runs: the request, and how to read its answer. */
export interface SearchPlan {
  /** The mode actually run (see `effectiveMode`). */
  mode: SearchMode;
  /** Weight of the semantic side Meilisearch ranks with (1 in semantic mode). */
  semanticRatio: number;
  /** `tokenize(q)`: the query's terms, as the embedded engine computes them. */
  queryTerms: string[];
  /**
   * The body of `POST /indexes/{uid}/search`; undefined when nothing can match: a keyword query
   * that is not blank but has no searchable term (only punctuation or stop words). Meilisearch
   * would run a placeholder search and return everything.
   */
  request: SearchParams | undefined;
}

/**
 * Plans a search. `attributesToRetrieve` is only `id`: the highlighted text comes back in
 * `_formatted` (Meilisearch fills it with the retrieved and highlighted attributes), and the
 * ranking-score details carry the keyword/semantic scores. `matchingStrategy: 'frequency'`
 * relaxes a query by dropping its most frequent words first, the closest Meilisearch has to
 * BM25's weighting of rare terms.
 *
 * Semantic mode is hybrid search with `semanticRatio: 1`, which Meilisearch runs as a pure vector
 * search. Hybrid mode passes the ratio through, except when the query has no term: then the
 * keyword side would be a placeholder search ranking everything first, so it runs as semantic.
 */
export function planSearch(query: SearchQuery): SearchPlan {
  const rawQ = boundedQuery(query.q);
  const queryTerms = tokenize(rawQ);
  const blank = rawQ.trim() === '';
  const hasTerms = queryTerms.length > 0;
  const mode = effectiveMode(query);
  const text = hasTerms ? meilisearchQueryText(rawQ) || queryTerms.join(' ') : '';
  const semanticRatio = mode === 'semantic' || (mode === 'hybrid' && !hasTerms) ? 1 : semanticRatioOf(query);
  if (mode === 'keyword' && !blank && !hasTerms) return { mode, semanticRatio, queryTerms, request: undefined };

  const filter = buildFilterExpression(query.filters ?? {});
  const sort = sortExpressions(query.sort);
  const facets = [...new Set((query.facets ?? []).map((f) => FACET_ATTRIBUTE[f]).filter((a): a is string => a !== undefined))];
  const request: SearchParams = {
    q: mode === 'semantic' ? '' : text,
    limit: boundedInteger(query.limit, DEFAULT_LIMIT, MAX_LIMIT),
    offset: boundedInteger(query.offset, 0, MAX_LIMIT),
    matchingStrategy: 'frequency',
    attributesToRetrieve: [FIELD.id],
    attributesToHighlight: [...HIGHLIGHTED_ATTRIBUTES],
    highlightPreTag: HIGHLIGHT_PRE,
    highlightPostTag: HIGHLIGHT_POST,
    showRankingScore: true,
    showRankingScoreDetails: true,
    locales: SEARCH_LOCALES,
  };
  if (filter !== undefined) request.filter = filter;
  if (sort.length > 0) request.sort = sort;
  if (facets.length > 0) request.facets = facets;
  if (mode !== 'keyword' && query.vector) {
    request.vector = Array.from(query.vector, (x) => (Number.isFinite(x) ? x : 0));
    request.hybrid = { embedder: EMBEDDER_NAME, semanticRatio };
  }
  return { mode, semanticRatio, queryTerms, request };
}

/** The request of `planSearch` (undefined when nothing can match). */
export function buildSearchRequest(query: SearchQuery): SearchParams | undefined {
  return planSearch(query).request;
}
