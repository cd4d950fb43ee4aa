/**
 * The WebAssembly kernels of the vector side give exactly the answers of the JavaScript loops they
 * replace: the same Hamming distances and histogram, the same float64 dot products bit for bit,
 * before and after their memory grows; and code-assisted search over 256-dim vectors (the width
 * the kernels serve) survives a snapshot round trip with the same hits and scores.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SearchDocument, SearchQuery } from '../../src/documents.ts';
import { EmbeddedSearchEngine } from '../../src/embedded/index.ts';
import { HammingKernel } from '../../src/embedded/hamming-kernel.ts';
import { VectorKernel } from '../../src/embedded/vector-kernel.ts';
import { seededRandom } from '../../bench/corpus.ts';
import { cosine, wordAnalyzer } from './reference-search.ts';

function popcount(x: number): number {
  let n = 0;
  for (let v = x >>> 0; v !== 0; v >>>= 1) n += v & 1;
  return n;
}

/** The JavaScript loop the vector index used: four float64 accumulators over dimensions j, j+4, j+8… */
function referenceDot(query: Float32Array, data: Float32Array, offset: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let i = 0; i + 3 < query.length; i += 4) {
    s0 += data[offset + i]! * query[i]!;
    s1 += data[offset + i + 1]! * query[i + 1]!;
    s2 += data[offset + i + 2]! * query[i + 2]!;
    s3 += data[offset + i + 3]! * query[i + 3]!;
  }
  return s0 + s1 + s2 + s3;
}

describe('HammingKernel', () => {
  it('gives the distances and histogram of a bit-by-bit count, masks respected, full 256-bit distances included', () => {
    const random = seededRandom(11);
    const slots = 5_000;
    const kernel = new HammingKernel();
    const codes = kernel.reserve(slots * 8);
    for (let i = 0; i < codes.length; i++) codes[i] = Math.floor(random() * 2 ** 32) | 0;
    const query = Int32Array.from({ length: 8 }, () => Math.floor(random() * 2 ** 32) | 0);
    // Slot 7 is the query's complement: distance 256, the one value a byte-wise sum could wrap.
    for (let w = 0; w < 8; w++) codes[7 * 8 + w] = ~query[w]!;
    for (let w = 0; w < 8; w++) codes[9 * 8 + w] = query[w]!;
    const eligible = Uint8Array.from({ length: slots }, (_, s) => (s % 5 === 3 ? 0 : 1));
    // Shorter than the scan: slots past its end count as not searchable.
    const searchable = Uint8Array.from({ length: slots - 100 }, (_, s) => (s % 7 === 2 ? 0 : 1));

    const expected = new Int32Array(257);
    const expectedDistances = new Map<number, number>();
    for (let s = 0; s < slots; s++) {
      if (eligible[s] !== 1 || searchable[s] !== 1) continue;
      let d = 0;
      for (let w = 0; w < 8; w++) d += popcount(codes[s * 8 + w]! ^ query[w]!);
      expectedDistances.set(s, d);
      expected[d]!++;
    }
    const { distances, histogram } = kernel.scan(query, eligible, searchable, slots);
    expect(Array.from(histogram)).toEqual(Array.from(expected));
    for (const [slot, d] of expectedDistances) expect(distances[slot]).toBe(d);
    expect(distances[7]).toBe(256);
    expect(distances[9]).toBe(0);
  });

  it('keeps the codes and zeroes new room when it grows after a scan', () => {
    const kernel = new HammingKernel();
    kernel.reserve(8 * 1024).fill(-1);
    kernel.scan(new Int32Array(8), new Uint8Array(1024).fill(1), new Uint8Array(1024).fill(1), 1024);
    const grown = kernel.reserve(8 * 1024 * 4);
    expect(grown.length).toBeGreaterThanOrEqual(8 * 1024 * 4);
    expect(grown.subarray(0, 8 * 1024).every((w) => w === -1)).toBe(true);
    expect(grown.subarray(8 * 1024).every((w) => w === 0)).toBe(true);
  });
});

describe('VectorKernel', () => {
  it('gives bit-for-bit the float64 dot products of the four-accumulator loop, across chunks added after a query', () => {
    const random = seededRandom(12);
    const dims = 256;
    const chunkSize = 64;
    const kernel = new VectorKernel(dims, chunkSize);
    const write = (chunk: Float32Array) => {
      for (let i = 0; i < chunk.length; i++) chunk[i] = (random() - 0.5) * (i % dims < 20 ? 8 : 1);
    };
    write(kernel.addChunk());
    const query = Float32Array.from({ length: dims }, () => random() - 0.5);
    const query64 = Float64Array.from(query);
    const check = (candidates: Int32Array) => {
      const sums = kernel.dotProducts(query64, candidates);
      candidates.forEach((slot, k) => {
        const chunk = kernel.chunks[Math.floor(slot / chunkSize)]!;
        expect(sums[k]).toBe(referenceDot(query, chunk, (slot % chunkSize) * dims));
      });
    };
    check(Int32Array.of(0, 5, 63, 17));
    // New chunks land where the last query's scratch was: they start as zeros and the old views are replaced.
    for (let c = 0; c < 40; c++) {
      const chunk = kernel.addChunk();
      expect(chunk.every((x) => x === 0)).toBe(true);
      write(chunk);
    }
    check(Int32Array.from({ length: 500 }, () => Math.floor(random() * 41 * chunkSize)));
  });

  it('refuses dimensions that are not a multiple of 4', () => {
    expect(VectorKernel.fits(256)).toBe(true);
    expect(VectorKernel.fits(10)).toBe(false);
    expect(() => new VectorKernel(10, 16)).toThrow(RangeError);
  });
});

describe('code-assisted search over 256-dim vectors', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('finds near-exact neighbours with exact cosines, and the same hits after a snapshot round trip', async () => {
    const random = seededRandom(13);
    const dims = 256;
    const count = 6_000;
    const gauss = () => Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
    const centres = Array.from({ length: 50 }, () => Array.from({ length: dims }, gauss));
    const vectors = Array.from({ length: count }, () => {
      const centre = centres[Math.floor(random() * centres.length)]!;
      return Float32Array.from({ length: dims }, (_, d) => (centre[d]! + 0.7 * gauss()) / Math.sqrt(1 + d / 8));
    });
    const doc = (i: number): SearchDocument => ({
      id: `w${String(i).padStart(5, '0')}`, kind: 'patent', title: 'alpha', body: '', ipc: [], chains: [], ownerIds: [], ownerKinds: [], openLicence: false, regions: [], visibility: 'public', revision: 1,
    });
    const query = (vector: Float32Array): SearchQuery => ({ q: '', mode: 'semantic', semanticRatio: 1, vector, filters: {}, facets: [], sort: [], limit: 10, offset: 0 });
    const engine = new EmbeddedSearchEngine({ analyzer: wordAnalyzer, vectorSearch: { exactLimit: 1_000, rerank: 500 } });
    await engine.upsert(Array.from({ length: count }, (_, i) => doc(i)), vectors, 'e256');
    const queries = Array.from({ length: 20 }, (_, i) => vectors[(i * 293) % count]!.map((x) => x + 0.2 * (random() - 0.5)));

    let found = 0;
    const before = [];
    for (const q of queries) {
      const result = await engine.search(query(q));
      before.push(result.hits.map((h) => [h.id, h.semanticScore]));
      const exact = new Set(vectors.map((v, i) => ({ id: doc(i).id, cos: cosine(q, v) })).sort((a, b) => b.cos - a.cos).slice(0, 10).map((e) => e.id));
      found += result.hits.filter((h) => exact.has(h.id)).length;
      for (const hit of result.hits) expect(hit.semanticScore).toBeCloseTo(cosine(q, vectors[Number(hit.id.slice(1))]!), 5);
    }
    expect(found / (queries.length * 10)).toBeGreaterThanOrEqual(0.9);

    const dir = mkdtempSync(join(tmpdir(), 'pb-kernels-'));
    dirs.push(dir);
    const path = join(dir, 'index.snapshot');
    await engine.snapshot(path);
    const restored = await EmbeddedSearchEngine.load(path, { analyzer: wordAnalyzer, vectorSearch: { exactLimit: 1_000, rerank: 500 } });
    for (const [i, q] of queries.entries()) {
      expect((await restored.search(query(q))).hits.map((h) => [h.id, h.semanticScore])).toEqual(before[i]);
    }
  });
});
