/**
 * Property tests: after any sequence of upserts (including stale revisions and replacements),
 * deletes and merges, every query — any filters, facets, sort keys, limit and offset — gives
 * exactly what the brute-force reference gives: the same ids in the same order, the same
 * total, facet counts, scores and matched terms.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FACETS, SORTABLE, type SearchDocument, type SearchQuery, type SearchResult } from '../../src/documents.ts';
import { EmbeddedSearchEngine } from '../../src/embedded/index.ts';
import { ReferenceSearch, wordAnalyzer } from './reference-search.ts';

const WORDS = ['alpha', 'beta', 'gamma', 'delta', 'eps', 'zeta', 'eta', 'theta'];
const IPC = ['A01B 1/00', 'A01B 3/02', 'A23F 3/06', 'H01M 4/13', 'H01M 10/05', 'G06T 7/00', 'a61k 8/00'];
const CHAINS = ['c1', 'c2', 'c3', 'c4'];
const OWNERS = ['o1', 'o2', 'o3', 'o4', 'o5'];
const KINDS = ['university', 'institute', 'enterprise'];
const REGIONS = ['山东', '济南', '北京', '浙江'];
const DIMS = 4;

const text = (max: number) => fc.array(fc.constantFrom(...WORDS), { maxLength: max }).map((w) => w.join(' '));
const subset = <T>(items: readonly T[]) => fc.subarray([...items]);

const documentArb = (id: string) =>
  fc.record({
    id: fc.constant(id),
    kind: fc.constantFrom('patent' as const, 'demand' as const),
    title: text(4),
    body: text(12),
    extra: fc.option(text(3), { nil: undefined }),
    ipc: subset(IPC),
    chains: subset(CHAINS),
    ownerIds: subset(OWNERS),
    ownerKinds: subset(KINDS),
    legalStatus: fc.option(fc.constantFrom('granted', 'pending', 'lapsed'), { nil: undefined }),
    type: fc.option(fc.constantFrom('invention', 'utility_model'), { nil: undefined }),
    openLicence: fc.boolean(),
    filingYear: fc.option(fc.integer({ min: 2015, max: 2020 }), { nil: undefined }),
    regions: subset(REGIONS),
    visibility: fc.constantFrom('public' as const, 'public' as const, 'private' as const),
    screeningScore: fc.option(fc.constantFrom(0.1, 0.5, 0.9), { nil: undefined }),
    revision: fc.integer({ min: 1, max: 4 }),
  }).map((doc) => {
    const clean: SearchDocument = { ...doc };
    for (const key of Object.keys(clean) as Array<keyof SearchDocument>) if (clean[key] === undefined) delete clean[key];
    return clean;
  });

const vectorArb = fc.array(fc.float({ min: -1, max: 1, noNaN: true }), { minLength: DIMS, maxLength: DIMS }).map((v) => Float32Array.from(v));

type Operation =
  | { type: 'upsert'; docs: SearchDocument[]; vectors: Float32Array[] }
  | { type: 'delete'; ids: string[] };

const ids = Array.from({ length: 14 }, (_, i) => `d${String(i).padStart(2, '0')}`);

const operationArb: fc.Arbitrary<Operation> = fc.oneof(
  { weight: 4, arbitrary: fc.array(fc.constantFrom(...ids), { minLength: 1, maxLength: 10 }).chain((chosen) =>
    fc.tuple(fc.tuple(...chosen.map((id) => documentArb(id))), fc.tuple(...chosen.map(() => vectorArb))).map(([docs, vectors]) => ({ type: 'upsert' as const, docs, vectors })),
  ) },
  { weight: 1, arbitrary: fc.array(fc.constantFrom(...ids, 'unknown'), { maxLength: 5 }).map((del) => ({ type: 'delete' as const, ids: del })) },
);

const filtersArb: fc.Arbitrary<SearchQuery['filters']> = fc.record(
  {
    kind: fc.constantFrom('patent' as const, 'demand' as const),
    ipcPrefix: subset(['A', 'A01', 'A01B 3', 'H01M', 'h01m 10/', 'G06T 7/00', 'A61K', 'Z']),
    chain: subset(CHAINS),
    ownerId: subset(OWNERS),
    ownerKind: subset(KINDS),
    legalStatus: subset(['granted', 'pending', 'lapsed']),
    type: subset(['invention', 'utility_model']),
    openLicence: fc.boolean(),
    filingYearFrom: fc.integer({ min: 2014, max: 2021 }),
    filingYearTo: fc.integer({ min: 2014, max: 2021 }),
    region: subset(REGIONS),
    visibleTo: fc.oneof(fc.record({ ownerIds: subset(OWNERS) }), fc.constant({ ownerIds: [] as string[], all: true })),
  },
  { requiredKeys: [] },
);

const queryArb = (modes: Array<SearchQuery['mode']>): fc.Arbitrary<SearchQuery> =>
  fc.record({
    q: fc.oneof(fc.constant(''), fc.array(fc.constantFrom(...WORDS, 'unknown', 'ALPHA'), { minLength: 1, maxLength: 4 }).map((w) => w.join(' '))),
    mode: fc.constantFrom(...modes),
    semanticRatio: fc.constantFrom(0, 0.25, 0.5, 1),
    vector: vectorArb,
    filters: filtersArb,
    facets: subset(FACETS),
    sort: fc.array(fc.record({ field: fc.constantFrom(...SORTABLE), direction: fc.constantFrom('asc' as const, 'desc' as const) }), { maxLength: 2 }),
    limit: fc.integer({ min: 0, max: 12 }),
    offset: fc.integer({ min: 0, max: 12 }),
  });

function expectSameResult(actual: SearchResult, expected: SearchResult, label: string, tolerance: number): void {
  expect(actual.total, label).toBe(expected.total);
  expect(actual.facets, label).toEqual(expected.facets);
  expect(actual.queryTerms, label).toEqual(expected.queryTerms);
  expect(actual.semanticHits, label).toBe(expected.semanticHits);
  expect(actual.hits.length, label).toBe(expected.hits.length);
  if (tolerance === 0) {
    expect(actual.hits, label).toEqual(expected.hits);
    return;
  }
  // Cosines differ in the last bits (float32 storage): compare scores within the tolerance and
  // the order wherever the reference's scores are not that close.
  actual.hits.forEach((hit, i) => {
    const want = expected.hits[i]!;
    expect(hit.score, label).toBeCloseTo(want.score, 5);
    if (want.semanticScore !== undefined) expect(hit.semanticScore, label).toBeCloseTo(want.semanticScore, 5);
    const neighbours = expected.hits.filter((h) => Math.abs(h.score - want.score) < tolerance);
    if (neighbours.length === 1) expect(hit.id, label).toBe(want.id);
  });
}

/**
 * Merge thresholds: tiny ones merge after nearly every write (slot reuse, sorted slices); a huge
 * one never merges, so deleted documents' postings stay and document frequencies must skip them.
 */
const mergeArb = fc.constantFrom(8, 64, 1_000_000);

async function apply(engine: EmbeddedSearchEngine, reference: ReferenceSearch, operation: Operation, withVectors: boolean): Promise<void> {
  if (operation.type === 'delete') {
    await engine.delete(operation.ids);
    reference.delete(operation.ids);
    return;
  }
  const task = await engine.upsert(operation.docs, withVectors ? operation.vectors : undefined, withVectors ? 'v1' : undefined);
  expect(task.status).toBe('succeeded');
  reference.upsert(operation.docs, withVectors ? operation.vectors : undefined, 'v1');
}

describe('embedded engine against a brute-force reference', () => {
  it('keyword search, filters, facets, sort and pagination are exact after any writes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(operationArb, { minLength: 1, maxLength: 8 }), fc.array(queryArb(['keyword']), { minLength: 1, maxLength: 6 }), mergeArb, async (operations, queries, mergeTailPostings) => {
        const engine = new EmbeddedSearchEngine({ analyzer: wordAnalyzer, mergeTailPostings });
        const reference = new ReferenceSearch();
        for (const operation of operations) await apply(engine, reference, operation, false);
        expect((await engine.stats()).documents).toBe(reference.size);
        for (const query of queries) {
          const { vector: _vector, ...keywordQuery } = query;
          expectSameResult(await engine.search(keywordQuery), reference.search(keywordQuery), JSON.stringify(keywordQuery), 0);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('semantic and hybrid search agree with the reference (exact vector path)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(operationArb, { minLength: 1, maxLength: 6 }), fc.array(queryArb(['semantic', 'hybrid']), { minLength: 1, maxLength: 6 }), mergeArb, async (operations, queries, mergeTailPostings) => {
        const engine = new EmbeddedSearchEngine({ analyzer: wordAnalyzer, mergeTailPostings });
        const reference = new ReferenceSearch();
        for (const operation of operations) await apply(engine, reference, operation, true);
        expect((await engine.stats()).embedderVersion).toBe(reference.embedderVersion);
        for (const query of queries) expectSameResult(await engine.search(query), reference.search(query), JSON.stringify({ ...query, vector: Array.from(query.vector!) }), 1e-5);
      }),
      { numRuns: 200 },
    );
  });

  it('semantic candidates are limited to semanticCandidates (or offset + limit) nearest', async () => {
    const engine = new EmbeddedSearchEngine({ analyzer: wordAnalyzer, semanticCandidates: 5 });
    const docs: SearchDocument[] = ids.slice(0, 12).map((id) => ({ id, kind: 'patent', title: 'alpha', body: '', ipc: [], chains: [], ownerIds: [], ownerKinds: [], openLicence: false, regions: [], visibility: 'public', revision: 1 }));
    const vectors = ids.slice(0, 12).map((_, i) => Float32Array.of(1, i / 10, 0, 0));
    await engine.upsert(docs, vectors, 'v1');
    const base: Omit<SearchQuery, 'mode' | 'limit' | 'offset'> = { q: '', semanticRatio: 1, vector: Float32Array.of(1, 0, 0, 0), filters: {}, facets: [], sort: [] };
    const few = await engine.search({ ...base, mode: 'semantic', limit: 3, offset: 0 });
    expect(few.total).toBe(5);
    expect(few.hits.map((h) => h.id)).toEqual(['d00', 'd01', 'd02']);
    const deep = await engine.search({ ...base, mode: 'semantic', limit: 4, offset: 6 });
    expect(deep.total).toBe(10);
    expect(deep.hits.map((h) => h.id)).toEqual(['d06', 'd07', 'd08', 'd09']);
  });
});
