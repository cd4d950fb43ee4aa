/**
 * Response → SearchResult on response objects shaped like Meilisearch v1.x answers
 * (`showRankingScore`, `showRankingScoreDetails`, `_formatted` with custom highlight tags,
 * `facetDistribution`, hybrid `semanticHitCount`).
 */
import { describe, expect, it } from 'vitest';
import { HIGHLIGHT_POST as E, HIGHLIGHT_PRE as S } from '../../src/meilisearch/document-mapping.ts';
import {
  cosineFromSimilarity, highlightedFragments, matchedQueryTerms, toSearchResult, type MeiliSearchResponse,
} from '../../src/meilisearch/search-response.ts';

const keywordDetails = {
  words: { order: 0, matchingWords: 1, maxMatchingWords: 1, score: 1 },
  typo: { order: 1, typoCount: 0, maxTypoCount: 1, score: 1 },
  proximity: { order: 2, score: 1 },
  attribute: { order: 3, attributeRankingOrderScore: 1, queryWordDistanceScore: 0.9, score: 0.97 },
  exactness: { order: 4, matchType: 'noExactMatch', matchingWords: 1, maxMatchingWords: 1, score: 0.33 },
};

const keywordResponse: MeiliSearchResponse = {
  hits: [
    { id: 'pt_graphene', _formatted: { id: 'pt_graphene', title: `${S}石墨${E}${S}烯${E}复合导热膜的制备方法`, body: `由${S}石墨烯${E}与聚酰亚胺复合而成`, extra: 'patent' }, _rankingScore: 0.93, _rankingScoreDetails: keywordDetails },
    { id: 'pt_battery', _formatted: { id: 'pt_battery', title: '一种锂离子电池正极材料', body: `采用${S}石墨烯${E}包覆`, extra: 'patent' }, _rankingScore: 0.81, _rankingScoreDetails: keywordDetails },
  ],
  estimatedTotalHits: 2,
  facetDistribution: { chains: { 'new-energy': 1, 'new-materials': 1 }, openLicence: { true: 1, false: 1 }, filingYear: { '2017': 1, '2019': 1 } },
  processingTimeMs: 1,
};

describe('toSearchResult', () => {
  it('keyword: score and keywordScore from _rankingScore, matched terms from highlights, facets renamed', () => {
    const result = toSearchResult(keywordResponse, { mode: 'keyword', semanticRatio: 0.5, facets: ['chain', 'openLicence', 'filingYear', 'region'], queryTerms: ['石墨烯'], tookMs: 3 });
    expect(result.hits).toEqual([
      { id: 'pt_graphene', score: 0.93, keywordScore: 0.93, matchedTerms: ['石墨烯'] },
      { id: 'pt_battery', score: 0.81, keywordScore: 0.81, matchedTerms: ['石墨烯'] },
    ]);
    expect(result.total).toBe(2);
    expect(result.facets).toEqual({ chain: { 'new-energy': 1, 'new-materials': 1 }, openLicence: { true: 1, false: 1 }, filingYear: { '2017': 1, '2019': 1 }, region: {} });
    expect(result.semanticHits).toBe(0);
    expect(result).toMatchObject({ queryTerms: ['石墨烯'], tookMs: 3 });
  });

  it('semantic: cosine from vectorSort.similarity; a document without a vector has no semantic score', () => {
    const response: MeiliSearchResponse = {
      hits: [
        { id: 'a', _rankingScore: 0.9828, _rankingScoreDetails: { vectorSort: { order: 0, similarity: 0.9828 } } },
        { id: 'b', _rankingScore: 0.4, _rankingScoreDetails: { vectorSort: { order: 0, similarity: 0.4 } } },
        { id: 'no-vector', _rankingScore: 0, _rankingScoreDetails: { vectorSort: { order: 0, similarity: null } } },
      ],
      estimatedTotalHits: 3,
    };
    const result = toSearchResult(response, { mode: 'semantic', semanticRatio: 1, facets: [], queryTerms: [], tookMs: 1 });
    expect(result.hits.map((h) => h.semanticScore)).toEqual([expect.closeTo(0.9656, 4), expect.closeTo(-0.2, 6), undefined]);
    expect(result.hits.map((h) => h.score)).toEqual([0.9828, 0.4, 0]);
    expect(result.hits.every((h) => h.keywordScore === undefined)).toBe(true);
    expect(result.semanticHits).toBe(2);
  });

  it('hybrid: score is the weighted side score Meilisearch ranked by; one side per hit; semanticHitCount', () => {
    const response: MeiliSearchResponse = {
      hits: [
        { id: 'sem', _rankingScore: 0.98, _rankingScoreDetails: { vectorSort: { order: 0, similarity: 0.98 } }, _formatted: { title: 'x' } },
        { id: 'kw', _rankingScore: 0.93, _rankingScoreDetails: keywordDetails, _formatted: { title: `${S}石墨烯${E}` } },
      ],
      estimatedTotalHits: 9,
      semanticHitCount: 1,
    };
    const result = toSearchResult(response, { mode: 'hybrid', semanticRatio: 0.75, facets: [], queryTerms: ['石墨烯'], tookMs: 1 });
    expect(result.hits[0]).toEqual({ id: 'sem', score: expect.closeTo(0.735, 9), semanticScore: expect.closeTo(0.96, 6), matchedTerms: [] });
    expect(result.hits[1]).toEqual({ id: 'kw', score: expect.closeTo(0.2325, 9), keywordScore: 0.93, matchedTerms: ['石墨烯'] });
    expect(result.semanticHits).toBe(1);
    expect(result.total).toBe(9);
  });

  it('a placeholder search reports no keyword score; missing fields do not break the mapping', () => {
    const result = toSearchResult({ hits: [{ id: 'p', _rankingScore: 1, _rankingScoreDetails: {} }, { id: 7 }] }, { mode: 'keyword', semanticRatio: 0.5, facets: ['chain'], queryTerms: [], tookMs: 0 });
    expect(result.hits).toEqual([{ id: 'p', score: 1, matchedTerms: [] }, { id: '7', score: 0, matchedTerms: [] }]);
    expect(result.total).toBe(2);
    expect(result.facets).toEqual({ chain: {} });
  });
});

describe('matched terms', () => {
  it('joins adjacent highlights (segmenter splits) and reads every highlighted attribute', () => {
    expect(highlightedFragments({ title: `${S}石墨${E}${S}烯${E}复合`, body: `a ${S}Graphene${E} b ${S}arrays${E}`, id: `${S}ignored${E}` })).toEqual(['石墨烯', 'Graphene', 'arrays']);
  });

  it('reports query terms found in fragments: exact, by their own tokens (stems), or contained', () => {
    expect(matchedQueryTerms(['石墨烯', 'Graphene', 'arrays'], ['石墨烯', 'graphen', 'arrai', 'membran'])).toEqual(['石墨烯', 'graphen', 'arrai']);
    expect(matchedQueryTerms(['锂离子电池'], ['电池'])).toEqual(['电池']);
    expect(matchedQueryTerms([], ['a'])).toEqual([]);
  });

  it('converts similarity to cosine', () => {
    expect(cosineFromSimilarity(1)).toBe(1);
    expect(cosineFromSimilarity(0.5)).toBe(0);
    expect(cosineFromSimilarity(0)).toBe(-1);
    expect(cosineFromSimilarity(1.2)).toBe(1);
  });
});
