/**
 * The offline embedder on a slice of the real shared patents: titles of held-out patents must find
 * patents of their IPC subclass. Skipped where the shared datasets are not present, except under
 * CI=true, where they are required and the test fails loudly instead.
 */
import { describe, expect, it } from 'vitest';
import { trainOfflineEmbedder } from '../src/offline/train-offline-embedder.ts';
import { loadSharedPatents, sharedDatasetsDir, type SharedPatent } from '../scripts/shared-patents.ts';
import { ipcGain, ndcgAtK } from '../scripts/retrieval-metrics.ts';
import { cosine } from './helpers.ts';

const dir = sharedDatasetsDir();
if (dir === undefined && process.env.CI === 'true') {
  throw new Error('CI=true: the shared datasets are required (set PB_SHARED_DATASETS or put shared/ beside the repository)');
}

describe.skipIf(dir === undefined)('offline embedder on real patents', () => {
  it('ranks same-field patents first for held-out titles', async () => {
    const patents = loadSharedPatents(dir!).filter((p) => p.subclasses.length > 0);
    const recent = patents.filter((p) => p.dataset === 'cn-recent-titles-ipc');
    const queries = recent.filter((_, i) => i % 50 === 0).slice(0, 100); // 100 titles
    const held = new Set(queries);
    const slice: SharedPatent[] = [
      ...recent.filter((p, i) => !held.has(p) && i < 4000),
      ...patents.filter((p, i) => p.dataset === 'cn-a01-abstracts' && i % 6 === 0),
      ...patents.filter((p, i) => p.dataset === 'tw-university-patents' && i % 4 === 0),
    ];
    const embedder = trainOfflineEmbedder(slice.map((p) => ({ text: p.abstract ? `${p.title}\n${p.abstract}` : p.title, labels: p.subclasses })));
    const vectors = await embedder.embed(slice.map((p) => (p.abstract ? `${p.title}\n${p.abstract}` : p.title)));
    const queryVectors = await embedder.embed(queries.map((q) => q.title));
    let total = 0;
    let random = 0;
    queries.forEach((query, q) => {
      const gains = slice.map((p) => ipcGain(query.subclasses, p.subclasses));
      const ranked = vectors
        .map((v, i) => ({ i, s: cosine(queryVectors[q]!, v) }))
        .sort((a, b) => b.s - a.s)
        .slice(0, 10)
        .map(({ i }) => gains[i]!);
      total += ndcgAtK(ranked, gains, 10);
      random += ndcgAtK(gains.filter((_, i) => i % 97 === q % 97).slice(0, 10), gains, 10);
    });
    const ndcg = total / queries.length;
    // Measured 0.35 with the default settings (random order: 0.06).
    expect(ndcg).toBeGreaterThan(0.3);
    expect(ndcg).toBeGreaterThan((4 * random) / queries.length);
  });
});
