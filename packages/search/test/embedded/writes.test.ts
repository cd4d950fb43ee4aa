/**
 * Writes of the embedded engine beyond the shared contract: revision rule edge cases, refused
 * vectors with their error codes, and deleted documents that must not bend BM25 statistics
 * before or after their postings are merged away.
 */
import { describe, expect, it } from 'vitest';
import type { SearchDocument, SearchQuery } from '../../src/documents.ts';
import { EmbeddedSearchEngine } from '../../src/embedded/index.ts';
import { wordAnalyzer } from './reference-search.ts';

const doc = (id: string, title: string, overrides: Partial<SearchDocument> = {}): SearchDocument => ({
  id, kind: 'patent', title, body: '', ipc: [], chains: [], ownerIds: [], ownerKinds: [], openLicence: false, regions: [], visibility: 'public', revision: 1, ...overrides,
});
const query = (q: string, overrides: Partial<SearchQuery> = {}): SearchQuery => ({ q, mode: 'keyword', semanticRatio: 0.5, filters: {}, facets: [], sort: [], limit: 50, offset: 0, ...overrides });

describe('revision rule', () => {
  it('ignores a lower revision, applies an equal or higher one', async () => {
    const engine = new EmbeddedSearchEngine({ analyzer: wordAnalyzer });
    await engine.upsert([doc('a', 'apple', { revision: 5 })], undefined, undefined);
    await engine.upsert([doc('a', 'pear', { revision: 4 })], undefined, undefined);
    expect((await engine.search(query('pear'))).total).toBe(0);
    await engine.upsert([doc('a', 'plum', { revision: 5 })], undefined, undefined);
    expect((await engine.search(query('plum'))).hits.map((h) => h.id)).toEqual(['a']);
    await engine.upsert([doc('a', 'fig', { revision: 9 })], undefined, undefined);
    expect((await engine.search(query('fig'))).hits.map((h) => h.id)).toEqual(['a']);
    expect((await engine.search(query('plum'))).total).toBe(0);
    expect((await engine.stats()).documents).toBe(1);
  });

  it('a delete forgets the revision: the next upsert of the id is taken whatever its revision', async () => {
    const engine = new EmbeddedSearchEngine({ analyzer: wordAnalyzer });
    await engine.upsert([doc('a', 'apple', { revision: 5 })], undefined, undefined);
    await engine.delete(['a']);
    await engine.upsert([doc('a', 'pear', { revision: 1 })], undefined, undefined);
    expect((await engine.search(query('pear'))).hits.map((h) => h.id)).toEqual(['a']);
  });

  it('an ignored stale upsert keeps the stored vector', async () => {
    const engine = new EmbeddedSearchEngine({ analyzer: wordAnalyzer });
    await engine.upsert([doc('a', 'apple', { revision: 2 })], [Float32Array.of(1, 0)], 'e1');
    await engine.upsert([doc('a', 'apple', { revision: 1 })], [Float32Array.of(0, 1)], 'e1');
    expect(Array.from((await engine.vectorOf('a'))!)).toEqual([1, 0]);
  });
});

describe('refused vectors', () => {
  const seeded = async () => {
    const engine = new EmbeddedSearchEngine({ analyzer: wordAnalyzer });
    const task = await engine.upsert([doc('a', 'apple')], [Float32Array.of(1, 0, 0)], 'svd@1');
    expect(task.status).toBe('succeeded');
    return engine;
  };

  it('another embedder version fails the task with a clear error and writes nothing', async () => {
    const engine = await seeded();
    const task = await engine.upsert([doc('b', 'banana')], [Float32Array.of(0, 1, 0)], 'svd@2');
    expect(task.status).toBe('failed');
    expect(task.error?.code).toBe('embedder_version_mismatch');
    expect(task.error?.message).toContain('svd@1');
    expect(task.error?.message).toContain('svd@2');
    expect(task.error?.message).toContain('clear()');
    expect((await engine.stats()).documents).toBe(1);
    expect(await engine.waitFor(task)).toEqual(task);
  });

  it('vectors without a version, of other dimensions, or not one per document are refused', async () => {
    const engine = await seeded();
    expect((await engine.upsert([doc('b', 'banana')], [Float32Array.of(0, 1, 0)], undefined)).error?.code).toBe('missing_embedder_version');
    expect((await engine.upsert([doc('b', 'banana')], [Float32Array.of(0, 1)], 'svd@1')).error?.code).toBe('vector_dimensions_mismatch');
    expect((await engine.upsert([doc('b', 'banana'), doc('c', 'cherry')], [Float32Array.of(0, 1, 0)], 'svd@1')).error?.code).toBe('invalid_vectors');
    expect((await engine.upsert([doc('', 'nameless')], undefined, undefined)).error?.code).toBe('invalid_document');
    expect((await engine.stats()).documents).toBe(1);
  });

  it('documents without vectors may join an index that has them; a query vector of other dimensions is an error', async () => {
    const engine = await seeded();
    expect((await engine.upsert([doc('b', 'banana')], undefined, undefined)).status).toBe('succeeded');
    expect(await engine.stats()).toEqual({ documents: 2, embedderVersion: 'svd@1' });
    await expect(engine.search(query('', { mode: 'semantic', vector: Float32Array.of(1, 0) }))).rejects.toThrow(/has 2 dimensions, the index uses 3/);
  });

  it('once every vector is gone, a new embedder may start over without clear()', async () => {
    const engine = await seeded();
    await engine.delete(['a']);
    expect((await engine.stats()).embedderVersion).toBeNull();
    const task = await engine.upsert([doc('b', 'banana')], [Float32Array.of(0, 1)], 'svd@2');
    expect(task.status).toBe('succeeded');
    expect(await engine.stats()).toEqual({ documents: 1, embedderVersion: 'svd@2' });
  });
});

describe('deleted documents and BM25 statistics', () => {
  const corpus = (): SearchDocument[] => [
    doc('a', 'apple pear'), doc('b', 'apple'), doc('c', 'pear plum plum'), doc('d', 'apple plum'), doc('e', 'fig'),
  ];

  it('scores after deletes and replacements equal a fresh index of the live documents, merged or not', async () => {
    for (const mergeTailPostings of [1, 1_000_000]) {
      const engine = new EmbeddedSearchEngine({ analyzer: wordAnalyzer, mergeTailPostings });
      await engine.upsert(corpus(), undefined, undefined);
      await engine.delete(['b']);
      await engine.upsert([doc('c', 'fig fig', { revision: 2 })], undefined, undefined);
      const fresh = new EmbeddedSearchEngine({ analyzer: wordAnalyzer });
      await fresh.upsert([doc('a', 'apple pear'), doc('c', 'fig fig', { revision: 2 }), doc('d', 'apple plum'), doc('e', 'fig')], undefined, undefined);
      for (const q of ['apple', 'pear plum', 'fig apple', 'plum']) {
        expect((await engine.search(query(q))).hits, `${q} (merge after ${mergeTailPostings})`).toEqual((await fresh.search(query(q))).hits);
      }
      engine.compact();
      for (const q of ['apple', 'pear plum', 'fig apple']) expect((await engine.search(query(q))).hits).toEqual((await fresh.search(query(q))).hits);
    }
  });

  it('freed slots are reused after a merge without resurrecting old postings', async () => {
    const engine = new EmbeddedSearchEngine({ analyzer: wordAnalyzer, mergeTailPostings: 1 });
    await engine.upsert(corpus(), undefined, undefined);
    await engine.delete(['a', 'b', 'c']);
    engine.compact();
    await engine.upsert([doc('x', 'kiwi'), doc('y', 'kiwi lime'), doc('z', 'lime')], undefined, undefined);
    expect((await engine.search(query('apple'))).hits.map((h) => h.id)).toEqual(['d']);
    expect((await engine.search(query('pear'))).total).toBe(0);
    expect((await engine.search(query('kiwi'))).hits.map((h) => h.id).sort()).toEqual(['x', 'y']);
    expect(engine.ids().sort()).toEqual(['d', 'e', 'x', 'y', 'z']);
  });
});

describe('tasks', () => {
  it('resolve immediately as succeeded, with distinct ids', async () => {
    const engine = new EmbeddedSearchEngine({ analyzer: wordAnalyzer });
    const first = await engine.upsert([doc('a', 'apple')], undefined, undefined);
    const second = await engine.delete(['a']);
    const third = await engine.clear();
    expect([first.status, second.status, third.status]).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(new Set([first.id, second.id, third.id]).size).toBe(3);
  });
});
