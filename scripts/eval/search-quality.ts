import { trainOfflineEmbedder } from '@patent-bridge/embeddings';
import { EmbeddedSearchEngine, embeddingText, type SearchDocument, type SearchMode } from '@patent-bridge/search';
import { buildBm25Baseline } from './baseline-bm25.ts';
import type { EvalDocument, EvalTask } from './corpus.ts';
import { mean, ndcgAt, recallAt } from './metrics.ts';

export interface SystemScore {
  system: string;
  ndcg10: number;
  recall100: number;
  /** nDCG@10 ÷ the BM25 baseline's, in the same run. */
  ratio: number;
}

function searchDocument(d: EvalDocument): SearchDocument {
  return { id: d.id, kind: 'patent', title: d.title, body: d.body, ipc: [], chains: [], ownerIds: [], ownerKinds: [], openLicence: false, regions: [], visibility: 'public', revision: 1 };
}

/**
 * Runs one retrieval task through the BM25 baseline and our keyword, semantic and hybrid search
 * (embedder trained on the task's corpus only, never on its held-out queries).
 *
 * @example
 * const scores = await evaluateSearch(ipcTask(docs), (line) => console.log(line));
 */
export async function evaluateSearch(task: EvalTask, print: (line: string) => void, semanticRatio = 0.5): Promise<SystemScore[]> {
  const gainsOf = (q: EvalTask['queries'][number]) => task.corpus.map((d) => q.gain(d));
  const byId = new Map(task.corpus.map((d) => [d.id, d]));

  const started = performance.now();
  const embedder = trainOfflineEmbedder(task.corpus.map((d) => ({ text: `${d.title} ${d.body}`, labels: d.ipc })));
  const trainSeconds = (performance.now() - started) / 1000;
  const docs = task.corpus.map(searchDocument);
  const vectors = await embedder.embed(docs.map(embeddingText));
  const engine = new EmbeddedSearchEngine();
  await engine.waitFor(await engine.upsert(docs, vectors, embedder.version));
  const bm25 = buildBm25Baseline(task.corpus);
  print(`${task.name}: ${task.queries.length} queries over ${task.corpus.length} documents; embedder trained in ${trainSeconds.toFixed(1)} s (${embedder.dimensions} dims)`);

  const runs: Record<string, string[][]> = { 'BM25 baseline (MiniSearch, same jieba tokens)': [] };
  const modes: SearchMode[] = ['keyword', 'semantic', 'hybrid'];
  for (const mode of modes) runs[mode] = [];
  const queryVectors = await embedder.embed(task.queries.map((q) => q.text));
  for (const [i, q] of task.queries.entries()) {
    runs['BM25 baseline (MiniSearch, same jieba tokens)']!.push(bm25.search(q.text, 100));
    for (const mode of modes) {
      const result = await engine.search({ q: q.text, mode, semanticRatio: mode === 'keyword' ? 0 : mode === 'semantic' ? 1 : semanticRatio, vector: queryVectors[i]!, filters: {}, facets: [], sort: [], limit: 100, offset: 0 });
      runs[mode]!.push(result.hits.map((h) => h.id));
    }
  }
  await engine.close();

  const scores: SystemScore[] = [];
  for (const [system, ranked] of Object.entries(runs)) {
    const ndcg: number[] = [];
    const recall: number[] = [];
    task.queries.forEach((q, i) => {
      const gain = (id: string) => q.gain(byId.get(id)!);
      const gains = gainsOf(q);
      ndcg.push(ndcgAt(10, ranked[i]!, gain, gains));
      recall.push(recallAt(100, ranked[i]!, gain, gains.filter((g) => g >= 1).length));
    });
    scores.push({ system, ndcg10: mean(ndcg), recall100: mean(recall), ratio: 0 });
  }
  const baseline = scores[0]!.ndcg10;
  for (const s of scores) s.ratio = baseline ? s.ndcg10 / baseline : 0;
  return scores;
}
