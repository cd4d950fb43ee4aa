import { describe, expect, it } from 'vitest';
import { FACETS, type SearchQuery } from '../../src/documents.ts';
import { FIELD } from '../../src/meilisearch/document-mapping.ts';
import { buildFilterExpression } from '../../src/meilisearch/filter-expression.ts';
import { FACET_ATTRIBUTE, SEARCHABLE_ATTRIBUTES, SORT_ATTRIBUTE, meilisearchIndexSettings } from '../../src/meilisearch/index-settings.ts';
import { buildSearchRequest as maybeRequest, effectiveMode, meilisearchQueryText, planSearch, sortExpressions } from '../../src/meilisearch/search-request.ts';

function buildSearchRequest(query: SearchQuery) {
  const request = maybeRequest(query);
  if (!request) throw new Error('expected a request');
  return request;
}

const base: SearchQuery = { q: '石墨烯', mode: 'keyword', semanticRatio: 0.5, filters: {}, facets: [], sort: [], limit: 20, offset: 0 };
const vector = new Float32Array([0.5, 0.25]);

describe('meilisearchIndexSettings', () => {
  const settings = meilisearchIndexSettings();

  it('searches title before extra before body', () => {
    expect(settings.searchableAttributes).toEqual(['title', 'extra', 'body', 'ipc']);
    expect(SEARCHABLE_ATTRIBUTES.indexOf('title')).toBeLessThan(SEARCHABLE_ATTRIBUTES.indexOf('extra'));
    expect(SEARCHABLE_ATTRIBUTES.indexOf('extra')).toBeLessThan(SEARCHABLE_ATTRIBUTES.indexOf('body'));
  });

  it('makes every attribute a filter expression can name filterable, and every facet', () => {
    const expression = buildFilterExpression({
      kind: 'patent', ipcPrefix: ['A'], chain: ['c'], ownerId: ['o'], ownerKind: ['k'], legalStatus: ['l'], type: ['t'],
      openLicence: true, filingYearFrom: 1, filingYearTo: 2, region: ['r'], visibleTo: { ownerIds: ['o'] },
    })!;
    const named = [...expression.matchAll(/(?:^|AND |\(|OR )(\w+) (?:=|IN|>=|<=)/g)].map((m) => m[1]);
    expect(named.length).toBeGreaterThanOrEqual(12);
    for (const attribute of named) expect(settings.filterableAttributes).toContain(attribute);
    for (const facet of FACETS) expect(settings.filterableAttributes).toContain(FACET_ATTRIBUTE[facet]);
    expect(settings.filterableAttributes).toEqual(expect.arrayContaining([FIELD.id, FIELD.embedderVersion]));
    expect(settings.filterableAttributes).not.toContain(FIELD.ownerIds);
  });

  it('sorts strictly: sort is the first ranking rule, both sort fields are sortable', () => {
    expect(settings.rankingRules?.[0]).toBe('sort');
    expect(settings.sortableAttributes).toEqual(Object.values(SORT_ATTRIBUTE));
  });

  it('turns typo tolerance off for numbers and IPC codes, and pins the languages', () => {
    expect(settings.typoTolerance).toMatchObject({ enabled: true, disableOnNumbers: true, disableOnAttributes: ['ipc'] });
    expect(settings.localizedAttributes).toEqual([{ attributePatterns: ['title', 'extra', 'body'], locales: ['cmn', 'eng'] }]);
  });

  it('displays the vectors and the text highlighting needs', () => {
    expect(settings.displayedAttributes).toEqual(expect.arrayContaining(['id', 'title', 'body', 'extra', '_vectors', 'revision']));
  });

  it('declares the user-provided embedder only when its dimensions are known', () => {
    expect(settings.embedders).toBeUndefined();
    expect(meilisearchIndexSettings({ dimensions: 384 }).embedders).toEqual({ default: { source: 'userProvided', dimensions: 384 } });
  });

  it('sets facet and pagination limits explicitly', () => {
    expect(settings.faceting).toEqual({ maxValuesPerFacet: 1000, sortFacetValuesBy: { '*': 'count' } });
    expect(settings.pagination).toEqual({ maxTotalHits: 1000 });
  });
});

describe('meilisearchQueryText', () => {
  it('sends the project’s words without stop words, punctuation or Meilisearch query syntax', () => {
    expect(meilisearchQueryText('"一种石墨烯" -涂层 ＣＲＩＳＰＲ')).toBe('石墨烯 涂层 crispr');
    expect(meilisearchQueryText('lithium-ion 電池 arrays')).toBe('lithium ion 电池 arrays');
    expect(meilisearchQueryText('   ')).toBe('');
    expect(meilisearchQueryText('*?[](){}^$|\\"\'')).toBe('');
  });

  it('never produces text Meilisearch would reject or treat as syntax', () => {
    for (const q of ['\uD800', 'a\uDFFFb', "'; DROP TABLE patents; --", 'x'.repeat(10_240)]) {
      const text = meilisearchQueryText(q);
      expect(JSON.stringify(text)).not.toMatch(/\\ud[89a-f]/i);
    }
  });
});

describe('buildSearchRequest', () => {
  it('keyword: no vector, highlight markers, scores and details on, only ids retrieved', () => {
    const request = buildSearchRequest(base);
    expect(request).toMatchObject({
      q: '石墨烯', limit: 20, offset: 0, matchingStrategy: 'frequency', attributesToRetrieve: ['id'], attributesToHighlight: ['title', 'extra', 'body'],
      showRankingScore: true, showRankingScoreDetails: true, filter: 'visibility = "public"', locales: ['cmn', 'eng'],
    });
    expect(request.vector).toBeUndefined();
    expect(request.hybrid).toBeUndefined();
    expect(request.sort).toBeUndefined();
    expect(request.facets).toBeUndefined();
  });

  it('semantic: the vector with semanticRatio 1; hybrid: the caller’s ratio, clamped', () => {
    expect(buildSearchRequest({ ...base, mode: 'semantic', semanticRatio: 0.2, vector })).toMatchObject({ vector: [0.5, 0.25], hybrid: { embedder: 'default', semanticRatio: 1 } });
    expect(buildSearchRequest({ ...base, mode: 'hybrid', semanticRatio: 0.3, vector }).hybrid).toEqual({ embedder: 'default', semanticRatio: 0.3 });
    expect(buildSearchRequest({ ...base, mode: 'hybrid', semanticRatio: 7, vector }).hybrid?.semanticRatio).toBe(1);
    expect(buildSearchRequest({ ...base, mode: 'hybrid', semanticRatio: Number.NaN, vector }).hybrid?.semanticRatio).toBe(0.5);
  });

  it('a keyword query with words but no searchable term matches nothing (no request); a blank one lists everything', () => {
    for (const q of ['*?[](){}', '的', '\uD800']) expect(planSearch({ ...base, q })).toMatchObject({ request: undefined, queryTerms: [] });
    expect(buildSearchRequest({ ...base, q: '  ' }).q).toBe('');
  });

  it('semantic sends no query text; hybrid without a searchable term runs as semantic', () => {
    expect(buildSearchRequest({ ...base, mode: 'semantic', vector }).q).toBe('');
    const plan = planSearch({ ...base, q: '的', mode: 'hybrid', semanticRatio: 0.2, vector });
    expect(plan).toMatchObject({ mode: 'hybrid', semanticRatio: 1, request: { q: '', hybrid: { embedder: 'default', semanticRatio: 1 } } });
  });

  it('reports the query terms as the embedded engine computes them', () => {
    expect(planSearch({ ...base, q: '一种石墨烯 Arrays' }).queryTerms).toEqual(['石墨烯', 'arrai']);
  });

  it('falls back to keyword when semantic or hybrid has no vector', () => {
    expect(effectiveMode({ mode: 'semantic' })).toBe('keyword');
    expect(effectiveMode({ mode: 'hybrid', vector: new Float32Array(0) })).toBe('keyword');
    expect(buildSearchRequest({ ...base, mode: 'hybrid' }).hybrid).toBeUndefined();
  });

  it('maps facets and sorts to stored attributes', () => {
    const request = buildSearchRequest({ ...base, facets: ['chain', 'ipcSubclass', 'openLicence', 'chain'], sort: [{ field: 'filingYear', direction: 'desc' }] });
    expect(request.facets).toEqual(['chains', 'ipcSubclasses', 'openLicence']);
    expect(request.sort).toEqual(['filingYear:desc']);
  });

  it('stops sorting at "relevance": fields after it cannot be expressed with sort first', () => {
    expect(sortExpressions([{ field: 'screeningScore', direction: 'asc' }, { field: 'relevance', direction: 'desc' }, { field: 'filingYear', direction: 'asc' }])).toEqual(['screeningScore:asc']);
    expect(sortExpressions([{ field: 'relevance', direction: 'desc' }])).toEqual([]);
    expect(sortExpressions([{ field: 'filingYear', direction: 'desc' }, { field: 'filingYear', direction: 'asc' }])).toEqual(['filingYear:desc']);
  });

  it('bounds limit and offset', () => {
    expect(buildSearchRequest({ ...base, limit: 5000, offset: -3 })).toMatchObject({ limit: 1000, offset: 0 });
    expect(buildSearchRequest({ ...base, limit: Number.NaN, offset: 2.9 })).toMatchObject({ limit: 20, offset: 2 });
  });

  it('replaces non-finite vector components (JSON would send null)', () => {
    expect(buildSearchRequest({ ...base, mode: 'semantic', vector: new Float32Array([Number.NaN, 1]) }).vector).toEqual([0, 1]);
  });
});
