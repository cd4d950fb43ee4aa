/**
 * Hostile input: queries and query objects that must never throw nor blow up latency.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SearchQuery } from '../../src/documents.ts';
import { EmbeddedSearchEngine, MAX_QUERY_CHARS, MAX_QUERY_TERMS } from '../../src/embedded/index.ts';
import { documents, vectors, EMBEDDER_VERSION } from '../contract/fixtures.ts';

const base = (overrides: Partial<SearchQuery> = {}): SearchQuery => ({ q: '', mode: 'hybrid', semanticRatio: 0.5, vector: new Float32Array(8).fill(0.3), filters: {}, facets: ['chain', 'ipcClass'], sort: [], limit: 20, offset: 0, ...overrides });

describe('hostile queries', () => {
  const engine = new EmbeddedSearchEngine();

  beforeAll(async () => {
    // The fixture corpus repeated 200 times under other ids: enough postings to make slowness show.
    const docs = [];
    const vecs = [];
    for (let r = 0; r < 200; r++) {
      for (const [i, doc] of documents().entries()) {
        docs.push({ ...doc, id: `${doc.id}_${r}` });
        vecs.push(vectors()[i]!);
      }
    }
    expect((await engine.upsert(docs, vecs, EMBEDDER_VERSION)).status).toBe('succeeded');
  });

  it(`caps query terms at ${MAX_QUERY_TERMS} and query text at ${MAX_QUERY_CHARS} characters`, async () => {
    const words = Array.from({ length: 200 }, (_, i) => `word${i}x`).join(' ');
    const result = await engine.search(base({ q: words, mode: 'keyword' }));
    expect(result.queryTerms).toHaveLength(MAX_QUERY_TERMS);
    expect(result.queryTerms[0]).toBe('word0x');
    const long = `石墨烯 ${'的'.repeat(MAX_QUERY_CHARS)} 电池`;
    expect((await engine.search(base({ q: long, mode: 'keyword' }))).queryTerms).toEqual(['石墨烯']);
  });

  it('a 64-term query still reports matched terms beyond the 32nd', async () => {
    const filler = Array.from({ length: 40 }, (_, i) => `filler${i}x`).join(' ');
    const result = await engine.search(base({ q: `${filler} 石墨烯`, mode: 'keyword' }));
    expect(result.queryTerms).toHaveLength(41);
    expect(result.hits[0]!.matchedTerms).toEqual(['石墨烯']);
  });

  it('10 kB queries, syntax characters and broken unicode answer quickly in every mode', async () => {
    const hostile = [
      '电池 graphene '.repeat(800),
      'x'.repeat(10_240),
      '石墨烯'.repeat(3_500),
      '*?[](){}^$|\\"\'~:+-!/',
      "'; DROP TABLE patents; --",
      'title:石墨烯 AND (body:电池 OR NOT 膜)',
      '\uD800\uDC00\uDFFF\uD800'.repeat(500),
      '\u0000'.repeat(1000),
      '🔋'.repeat(3000),
      'ｇｒａｐｈｅｎｅ　石墨烯',
    ];
    for (const q of hostile) {
      for (const mode of ['keyword', 'semantic', 'hybrid'] as const) {
        const started = performance.now();
        const result = await engine.search(base({ q, mode }));
        const took = performance.now() - started;
        expect(took, `${mode} ${JSON.stringify(q.slice(0, 20))}`).toBeLessThan(250);
        expect(result.queryTerms.length).toBeLessThanOrEqual(MAX_QUERY_TERMS);
        expect(result.total).toBeGreaterThanOrEqual(result.hits.length);
      }
    }
  });

  it('malformed query objects are read leniently', async () => {
    const odd: unknown[] = [
      { ...base(), q: undefined },
      { ...base(), q: 42 },
      { ...base(), q: null, mode: 'fuzzy' },
      { ...base(), limit: -5, offset: -3 },
      { ...base(), limit: Number.NaN, offset: Number.POSITIVE_INFINITY },
      { ...base(), limit: 1e9 },
      { ...base(), semanticRatio: Number.NaN },
      { ...base(), semanticRatio: 7 },
      { ...base(), facets: ['nope', null, 'chain'], sort: [{ field: 'nope' }, null, { field: 'filingYear', direction: 'sideways' }] },
      { ...base(), filters: null },
      { ...base(), filters: { chain: 'not-a-list', ipcPrefix: [null, 5], filingYearFrom: 'x', visibleTo: { ownerIds: 'x' } } },
      { ...base(), vector: [1, 2, 3] },
      { ...base(), vector: undefined, mode: 'semantic' },
    ];
    for (const query of odd) {
      const result = await engine.search(query as SearchQuery);
      expect(Array.isArray(result.hits)).toBe(true);
      expect(result.hits.length).toBeLessThanOrEqual(1000);
    }
  });

  it('property: any string is a harmless query', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), fc.string({ unit: 'grapheme', maxLength: 300 }), fc.string({ maxLength: 300 })), fc.constantFrom('keyword' as const, 'semantic' as const, 'hybrid' as const), async (q, mode) => {
        const result = await engine.search(base({ q, mode }));
        expect(result.total).toBeGreaterThanOrEqual(result.hits.length);
        for (const hit of result.hits) {
          expect(hit.score).toBeGreaterThanOrEqual(0);
          expect(hit.score).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 300 },
    );
  });
});
