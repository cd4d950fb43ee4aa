/**
 * A Meilisearch search response → `SearchResult`.
 *
 * What Meilisearch reports, and how it maps:
 * - `_rankingScore` is already 0…1. In keyword and semantic mode it is the hit's `score`.
 * - In hybrid mode Meilisearch merges the keyword and the semantic lists by
 *   `weight × side score` (weight `1 − semanticRatio` for keyword, `semanticRatio` for semantic)
 *   and keeps, for each document, only the side that placed it first: `_rankingScoreDetails`
 *   then holds that side's rules only. So `score` is that weighted value (the one Meilisearch
 *   ranked by), and a hit carries `keywordScore` **or** `semanticScore`, never both.
 * - `semanticScore`: the details' `vectorSort.similarity` is `1 − cosine distance`, and the
 *   cosine distance is `(1 − cos) / 2`, so `cos = 2 × similarity − 1` (exact while the embedder
 *   has no `distribution` setting, which patent-bridge never sets).
 * - `keywordScore`: `_rankingScore` of a hit whose details include the `words` rule (the
 *   keyword side matched query words). A placeholder search (empty query) reports none.
 * - `matchedTerms`: the query terms found in the highlighted fragments of `_formatted`.
 *   Typo-tolerant matches (`grafene` → `graphene`) highlight the document's word, which is not a
 *   query term, so they are not reported.
 * - `semanticHits`: `semanticHitCount` of a hybrid response; counted from the hits otherwise.
 */
import type { Facet, SearchHit, SearchMode, SearchResult } from '../documents.ts';
import { normalizeForSearch, tokenize } from '@patent-bridge/text';
import { HIGHLIGHT_POST, HIGHLIGHT_PRE } from './document-mapping.ts';
import { FACET_ATTRIBUTE, HIGHLIGHTED_ATTRIBUTES } from './index-settings.ts';

/** The parts of a Meilisearch hit this module reads (as received: nothing is trusted). */
export interface MeiliHit {
  id?: unknown;
  _formatted?: Record<string, unknown>;
  _rankingScore?: number;
  _rankingScoreDetails?: Record<string, unknown>;
}

/** The parts of a Meilisearch search response this module reads. */
export interface MeiliSearchResponse {
  hits: MeiliHit[];
  estimatedTotalHits?: number;
  totalHits?: number;
  facetDistribution?: Record<string, Record<string, number>>;
  semanticHitCount?: number;
  processingTimeMs?: number;
}

export interface ResponseContext {
  /** The mode actually run (see `effectiveMode`). */
  mode: SearchMode;
  semanticRatio: number;
  facets: readonly Facet[];
  /** `tokenize(q)`: the normalised, segmented query terms. */
  queryTerms: readonly string[];
  tookMs: number;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** The vector similarity of a hit that came from the semantic side, if it did. */
export function vectorSimilarity(details: Record<string, unknown> | undefined): number | undefined {
  const vectorSort = details?.['vectorSort'];
  if (!vectorSort || typeof vectorSort !== 'object') return undefined;
  const similarity = (vectorSort as { similarity?: unknown }).similarity;
  return typeof similarity === 'number' && Number.isFinite(similarity) ? similarity : undefined;
}

/** Cosine similarity from Meilisearch's `similarity` (see the module comment). */
export function cosineFromSimilarity(similarity: number): number {
  return clamp(2 * similarity - 1, -1, 1);
}

/**
 * The highlighted fragments of `_formatted`. Adjacent highlights are joined first: Meilisearch
 * highlights 石墨 and 烯 separately when its segmenter splits 石墨烯.
 */
export function highlightedFragments(formatted: Record<string, unknown> | undefined): string[] {
  const fragments: string[] = [];
  for (const attribute of HIGHLIGHTED_ATTRIBUTES) {
    const text = formatted?.[attribute];
    if (typeof text !== 'string' || !text.includes(HIGHLIGHT_PRE)) continue;
    const joined = text.split(HIGHLIGHT_POST + HIGHLIGHT_PRE).join('');
    for (const part of joined.split(HIGHLIGHT_PRE).slice(1)) {
      const end = part.indexOf(HIGHLIGHT_POST);
      const fragment = (end < 0 ? part : part.slice(0, end)).trim();
      if (fragment !== '') fragments.push(fragment);
    }
  }
  return fragments;
}

/**
 * The query terms found in the highlighted fragments: a term counts when a fragment's own
 * tokens include it (so `arrays` in the text matches the stemmed term `arrai`) or when the
 * normalised fragment contains it.
 */
export function matchedQueryTerms(fragments: readonly string[], queryTerms: readonly string[]): string[] {
  if (fragments.length === 0 || queryTerms.length === 0) return [];
  const normalized = fragments.map((f) => normalizeForSearch(f));
  const tokens = new Set(fragments.flatMap((f) => tokenize(f, { keepStopWords: true })));
  return [...new Set(queryTerms)].filter((term) => tokens.has(term) || normalized.some((f) => f.includes(term)));
}

/** One hit. `mode` and `semanticRatio` give the weight Meilisearch ranked it by. */
export function toSearchHit(hit: MeiliHit, context: Pick<ResponseContext, 'mode' | 'semanticRatio' | 'queryTerms'>): SearchHit {
  const details = hit._rankingScoreDetails;
  const rankingScore = typeof hit._rankingScore === 'number' && Number.isFinite(hit._rankingScore) ? clamp(hit._rankingScore, 0, 1) : 0;
  const similarity = vectorSimilarity(details);
  const fromSemanticSide = details !== undefined && 'vectorSort' in details;
  const fromKeywordSide = details !== undefined && 'words' in details;
  const weight = context.mode === 'hybrid' ? (fromSemanticSide ? context.semanticRatio : 1 - context.semanticRatio) : 1;
  const result: SearchHit = {
    id: String(hit.id),
    score: clamp(weight * rankingScore, 0, 1),
    matchedTerms: matchedQueryTerms(highlightedFragments(hit._formatted), context.queryTerms),
  };
  if (fromKeywordSide && !fromSemanticSide) result.keywordScore = rankingScore;
  if (similarity !== undefined) result.semanticScore = cosineFromSimilarity(similarity);
  return result;
}

/**
 * The whole result. Facets are read back under the interface's names, with `{}` for a
 * requested facet that has no values.
 */
export function toSearchResult(response: MeiliSearchResponse, context: ResponseContext): SearchResult {
  const hits = (response.hits ?? []).map((hit) => toSearchHit(hit, context));
  const facets: SearchResult['facets'] = {};
  for (const facet of context.facets) {
    const attribute = FACET_ATTRIBUTE[facet];
    if (attribute !== undefined) facets[facet] = { ...(response.facetDistribution?.[attribute] ?? {}) };
  }
  const counted = hits.filter((h) => h.semanticScore !== undefined).length;
  const semanticHits = context.mode === 'hybrid' && typeof response.semanticHitCount === 'number' ? response.semanticHitCount : counted;
  const total = response.totalHits ?? response.estimatedTotalHits ?? hits.length;
  return {
    hits,
    total: Math.max(total, hits.length),
    facets,
    semanticHits: context.mode === 'keyword' ? 0 : semanticHits,
    queryTerms: [...context.queryTerms],
    tookMs: context.tookMs,
  };
}
