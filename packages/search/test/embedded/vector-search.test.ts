/**
 * Code-assisted vector search: candidates from one-bit codes, re-scored exactly. Its scores are
 * true cosines, filters hold, and recall@10 against exact search stays high on clustered data.
 */
import { describe, expect, it } from 'vitest';
import type { SearchDocument, SearchQuery } from '../../src/documents.ts';
import { EmbeddedSearchEngine } from '../../src/embedded/index.ts';
import { seededRandom } from '../../bench/corpus.ts';
import { cosine, wordAnalyzer } from './reference-search.ts';

const DIMS = 64;
const COUNT = 6000;

/** Vectors around 60 random centres, with an SVD-like falling energy per dimension and a shared offset. */
function clustered(random: () => number): Float32Array[] {
  const gauss = () => Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
  const centres = Array.from({ length: 60 }, () => Array.from({ length: DIMS }, gauss));
  return Array.from({ length: COUNT }, () => {
    const centre = centres[Math.floor(random() * centres.length)]!;
    return Float32Array.from({ length: DIMS }, (_, d) => (centre[d]! + 0.7 * gauss()) / Math.sqrt(1 + d / 4) + 1.5);
  });
}

const doc = (i: number): SearchDocument => ({
  id: `v${String(i).padStart(5, '0')}`, kind: i % 3 === 0 ? 'demand' : 'patent', title: 'alpha', body: '', ipc: [], chains: [], ownerIds: [], ownerKinds: [], openLicence: false, regions: [], visibility: 'public', revision: 1,
});

describe('code-assisted vector search', () => {
  const random = seededRandom(5);
  const vectors = clustered(random);
  const queries = Array.from({ length: 40 }, (_, i) => vectors[(i * 149) % COUNT]!.map((x) => x + 0.3 * (random() - 0.5)));
  const query = (vector: Float32Array, overrides: Partial<SearchQuery> = {}): SearchQuery => ({ q: '', mode: 'semantic', semanticRatio: 1, vector, filters: {}, facets: [], sort: [], limit: 10, offset: 0, ...overrides });

  it('finds the exact neighbours nearly always, with exact cosines, filters respected', async () => {
    const engine = new EmbeddedSearchEngine({ analyzer: wordAnalyzer, vectorSearch: { exactLimit: 500, rerank: 400 } });
    await engine.upsert(Array.from({ length: COUNT }, (_, i) => doc(i)), vectors, 'e1');
    let found = 0;
    for (const q of queries) {
      const approximate = await engine.search(query(q));
      const exact = vectors.map((v, i) => ({ id: doc(i).id, cos: cosine(q, v) })).sort((a, b) => b.cos - a.cos).slice(0, 10);
      const got = new Set(approximate.hits.map((h) => h.id));
      found += exact.filter((e) => got.has(e.id)).length;
      for (const hit of approximate.hits) expect(hit.semanticScore).toBeCloseTo(cosine(q, vectors[Number(hit.id.slice(1))]!), 5);
      const filtered = await engine.search(query(q, { filters: { kind: 'demand' } }));
      expect(filtered.hits.length).toBe(10);
      for (const hit of filtered.hits) expect(Number(hit.id.slice(1)) % 3).toBe(0);
    }
    expect(found / (queries.length * 10)).toBeGreaterThanOrEqual(0.9);
  });

  it('a small filtered set is searched exactly', async () => {
    const engine = new EmbeddedSearchEngine({ analyzer: wordAnalyzer, vectorSearch: { exactLimit: 2500, rerank: 50 } });
    await engine.upsert(Array.from({ length: COUNT }, (_, i) => doc(i)), vectors, 'e1');
    for (const q of queries.slice(0, 10)) {
      const result = await engine.search(query(q, { filters: { kind: 'demand' } }));
      const exact = vectors
        .map((v, i) => ({ id: doc(i).id, cos: cosine(q, v) }))
        .filter((_, i) => i % 3 === 0)
        .sort((a, b) => b.cos - a.cos)
        .slice(0, 10);
      expect(result.hits.map((h) => h.id)).toEqual(exact.map((e) => e.id));
    }
  });

  it('zero vectors are stored but never found', async () => {
    const engine = new EmbeddedSearchEngine({ analyzer: wordAnalyzer });
    await engine.upsert([doc(1), doc(2)], [new Float32Array(DIMS), vectors[0]!], 'e1');
    const result = await engine.search(query(vectors[0]!));
    expect(result.hits.map((h) => h.id)).toEqual(['v00002']);
    expect(Array.from((await engine.vectorOf('v00001'))!)).toEqual(new Array(DIMS).fill(0));
  });
});
