/**
 * Ranking sanity on the ~30k real patents of the shared datasets (skipped when the datasets
 * folder is absent): a patent's own title finds it first, and a Chinese keyword query returns
 * exactly the documents holding the term, title matches first.
 */
import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { tokenize, tokenizeForIndex } from '@patent-bridge/text';
import type { SearchDocument, SearchQuery } from '../../src/documents.ts';
import { EmbeddedSearchEngine } from '../../src/embedded/index.ts';
import { loadBenchCorpus, scaledDocuments } from '../../bench/corpus.ts';

const SHARED = process.env.PB_SHARED_DATASETS ?? new URL('../../../../../shared/datasets', import.meta.url).pathname;
const available = existsSync(SHARED) || process.env.CI === 'true';

const query = (overrides: Partial<SearchQuery>): SearchQuery => ({ q: '', mode: 'keyword', semanticRatio: 0, filters: {}, facets: [], sort: [], limit: 20, offset: 0, ...overrides });

describe.skipIf(!available)('ranking on the real patents', () => {
  const engine = new EmbeddedSearchEngine();
  let docs: SearchDocument[] = [];
  /** Every index term of each document (any field). */
  const termsOf = new Map<string, Set<string>>();

  beforeAll(async () => {
    const { base } = await loadBenchCorpus();
    docs = [...scaledDocuments(base, base.length, 5000)].flat();
    for (const d of docs) termsOf.set(d.id, new Set([d.title, d.extra ?? '', d.body].flatMap((text) => tokenizeForIndex(text))));
    for (let i = 0; i < docs.length; i += 2000) {
      const task = await engine.upsert(docs.slice(i, i + 2000), undefined, undefined);
      expect(task.status).toBe('succeeded');
    }
  });

  it('a patent title finds that patent first (or one whose title holds every word of it)', async () => {
    const sample = docs.filter((_, i) => i % 300 === 7).filter((d) => d.visibility === 'public');
    let own = 0;
    for (const doc of sample) {
      const result = await engine.search(query({ q: doc.title, filters: { visibleTo: { ownerIds: [], all: true } } }));
      const top = docs.find((d) => d.id === result.hits[0]?.id);
      // Stop words (一种…) aside, the top title holds every word of the query title.
      const words = new Set(tokenize(top?.title ?? ''));
      expect(tokenize(doc.title).filter((w) => !words.has(w)), `${doc.title} → ${top?.title}`).toEqual([]);
      if (result.hits.slice(0, 3).some((h) => h.id === doc.id)) own++;
    }
    expect(sample.length).toBeGreaterThan(90);
    expect(own / sample.length).toBeGreaterThanOrEqual(0.98);
  });

  it.each(['石墨烯', '插秧机', '农药', '纳米'])('a Chinese keyword query (%s) finds exactly the documents holding it, title matches first', async (term) => {
    const everyone = { visibleTo: { ownerIds: [], all: true } };
    const result = await engine.search(query({ q: term, limit: 1000, filters: everyone }));
    const holding = docs.filter((d) => termsOf.get(d.id)!.has(term));
    expect(result.total).toBe(holding.length);
    expect(new Set(result.hits.map((h) => h.id))).toEqual(new Set(holding.map((d) => d.id)));
    const byId = new Map(docs.map((d) => [d.id, d]));
    const inTitle = (id: string) => tokenizeForIndex(byId.get(id)!.title).includes(term);
    expect(inTitle(result.hits[0]!.id)).toBe(true);
    // Title matches rank above body-only matches far more often than chance.
    const top = result.hits.slice(0, 20).filter((h) => inTitle(h.id)).length / Math.min(20, result.hits.length);
    const overall = result.hits.filter((h) => inTitle(h.id)).length / result.hits.length;
    expect(top).toBeGreaterThanOrEqual(overall);
    for (const hit of result.hits) expect(hit.matchedTerms).toEqual([term]);
  });

  it('a Traditional Chinese query finds Simplified documents (鋰電池 → 锂电池)', async () => {
    const result = await engine.search(query({ q: '鋰電池', filters: { visibleTo: { ownerIds: [], all: true } } }));
    expect(result.queryTerms).toEqual(['锂电池']);
    expect(result.total).toBeGreaterThan(20);
  });

  it('filters and facets work on real IPC codes', async () => {
    const result = await engine.search(query({ q: '插秧机', filters: { ipcPrefix: ['A01C'], visibleTo: { ownerIds: [], all: true } }, facets: ['ipcSubclass'], limit: 5 }));
    expect(result.total).toBeGreaterThan(10);
    expect(result.facets.ipcSubclass?.A01C).toBe(result.total);
  });
});
