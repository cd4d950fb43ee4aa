/**
 * Hybrid weighting: ratio 0 is the keyword order, ratio 1 the semantic order, and in between
 * every score is (1 − r)·keyword + r·semantic, each side min-max normalised.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SearchDocument, SearchQuery } from '../../src/documents.ts';
import { EmbeddedSearchEngine, minMaxNormalise } from '../../src/embedded/index.ts';
import { cosine, wordAnalyzer } from './reference-search.ts';

const WORDS = ['alpha', 'beta', 'gamma', 'delta', 'eps'];
const DIMS = 16;

const corpusArb = fc.array(
  fc.record({
    title: fc.array(fc.constantFrom(...WORDS), { maxLength: 3 }).map((w) => w.join(' ')),
    body: fc.array(fc.constantFrom(...WORDS), { maxLength: 8 }).map((w) => w.join(' ')),
    vector: fc.array(fc.float({ min: -1, max: 1, noNaN: true }), { minLength: DIMS, maxLength: DIMS }).filter((v) => v.some((x) => Math.abs(x) > 0.01)),
  }),
  { minLength: 2, maxLength: 40 },
);

const queryOf = (q: string, vector: Float32Array, overrides: Partial<SearchQuery>): SearchQuery => ({ q, mode: 'hybrid', semanticRatio: 0.5, vector, filters: {}, facets: [], sort: [], limit: 100, offset: 0, ...overrides });

async function build(corpus: Array<{ title: string; body: string; vector: number[] }>): Promise<EmbeddedSearchEngine> {
  const engine = new EmbeddedSearchEngine({ analyzer: wordAnalyzer, semanticCandidates: 1000 });
  const docs: SearchDocument[] = corpus.map((c, i) => ({ id: `d${String(i).padStart(2, '0')}`, kind: 'patent', title: c.title, body: c.body, ipc: [], chains: [], ownerIds: [], ownerKinds: [], openLicence: false, regions: [], visibility: 'public', revision: 1 }));
  await engine.upsert(docs, corpus.map((c) => Float32Array.from(c.vector)), 'e1');
  return engine;
}

describe('hybrid weighting', () => {
  it('ratio 0 gives the keyword order, ratio 1 the semantic order', async () => {
    await fc.assert(
      fc.asyncProperty(corpusArb, fc.constantFrom(...WORDS), fc.array(fc.float({ min: -1, max: 1, noNaN: true }), { minLength: DIMS, maxLength: DIMS }), async (corpus, q, v) => {
        const engine = await build(corpus);
        const vector = Float32Array.from(v);
        const ids = async (overrides: Partial<SearchQuery>) => (await engine.search(queryOf(q, vector, overrides))).hits.map((h) => h.id);
        expect(await ids({ semanticRatio: 0 })).toEqual(await ids({ mode: 'keyword' }));
        expect(await ids({ semanticRatio: 1 })).toEqual(await ids({ mode: 'semantic' }));
      }),
      { numRuns: 150 },
    );
  });

  it('in between, score = (1 − r)·keywordScore + r·normalised cosine', async () => {
    await fc.assert(
      fc.asyncProperty(corpusArb, fc.constantFrom(...WORDS), fc.constantFrom(0.2, 0.5, 0.8), async (corpus, q, ratio) => {
        const engine = await build(corpus);
        const vector = Float32Array.from({ length: DIMS }, (_, i) => Math.sin(i + 1));
        const result = await engine.search(queryOf(q, vector, { semanticRatio: ratio }));
        const cosines = corpus.map((c) => cosine(vector, c.vector));
        const low = Math.min(...cosines);
        const high = Math.max(...cosines);
        expect(result.total).toBe(corpus.length);
        for (const hit of result.hits) {
          const cos = cosines[Number(hit.id.slice(1))]!;
          expect(hit.semanticScore).toBeCloseTo(cos, 5);
          const semantic = high > low ? (cos - low) / (high - low) : 1;
          expect(hit.score).toBeCloseTo((1 - ratio) * (hit.keywordScore ?? 0) + ratio * semantic, 5);
          expect(hit.matchedTerms).toEqual(hit.keywordScore === undefined ? [] : [q]);
        }
        for (let i = 1; i < result.hits.length; i++) expect(result.hits[i]!.score).toBeLessThanOrEqual(result.hits[i - 1]!.score);
        expect(result.semanticHits).toBe(result.hits.length);
      }),
      { numRuns: 100 },
    );
  });

  it('semantic mode still reports the query terms each hit holds', async () => {
    const engine = await build([
      { title: 'alpha beta', body: '', vector: [1, ...new Array(DIMS - 1).fill(0)] },
      { title: 'gamma', body: 'alpha', vector: [0.5, 0.5, ...new Array(DIMS - 2).fill(0)] },
    ]);
    const result = await engine.search(queryOf('alpha gamma', Float32Array.from({ length: DIMS }, (_, i) => (i === 0 ? 1 : 0)), { mode: 'semantic' }));
    expect(result.hits.map((h) => [h.id, h.matchedTerms])).toEqual([['d00', ['alpha']], ['d01', ['alpha', 'gamma']]]);
    expect(result.hits.every((h) => h.keywordScore === undefined)).toBe(true);
  });

  it('min-max normalisation', () => {
    expect(Array.from(minMaxNormalise(Float64Array.of(2, 4, 6), 3))).toEqual([0, 0.5, 1]);
    expect(Array.from(minMaxNormalise(Float64Array.of(2, 4, 6), 3, 0))).toEqual([1 / 3, 2 / 3, 1]);
    expect(Array.from(minMaxNormalise(Float64Array.of(5, 5), 2))).toEqual([1, 1]);
    expect(Array.from(minMaxNormalise(Float64Array.of(1, 1 - 1e-9), 2, undefined, 1e-6))).toEqual([1, 1]);
  });

  it('scaled copies of one vector tie on the semantic side: float32 noise is not stretched into 0 versus 1', async () => {
    const direction = [0.3, 0.7, 0.11, 0.05, ...new Array(DIMS - 4).fill(0)];
    const engine = await build([1, 13, 19, 26].map((k) => ({ title: 'a', body: '', vector: direction.map((x) => x * k * 1.37) })));
    const result = await engine.search(queryOf('', Float32Array.from(direction), { mode: 'semantic' }));
    expect(new Set(result.hits.map((h) => h.semanticScore)).size).toBeGreaterThan(1);
    expect(result.hits.map((h) => h.score)).toEqual([1, 1, 1, 1]);
  });
});
