import { createTask, openStorage, patentFromRow, type Storage } from '@patent-bridge/db';
import { loadDataset } from '@patent-bridge/datasets';
import { defaultChainCatalogue, type Patent } from '@patent-bridge/domain';
import { runImport, type RecordSource } from '@patent-bridge/inventory';
import { defaultMatchingConfig, Matcher, searchSource, type MatchingConfig } from '@patent-bridge/matching';
import { EmbeddedSearchEngine, Indexer, loadSemanticModel, RecordCache, type SearchEngine } from '@patent-bridge/search';
import type { Embedder } from '@patent-bridge/embeddings';

/** The real pipeline over the shared datasets: imported into PGlite, embedded, indexed, matched. */
export interface MatchingWorld {
  storage: Storage;
  engine: SearchEngine;
  embedder: Embedder;
  patents: Map<string, Patent>;
  matcher(config?: MatchingConfig): Matcher;
  close(): Promise<void>;
}

export const EVAL_TODAY = new Date('2026-11-21T00:00:00Z');

/**
 * Imports every shared record except the held-out ones (by record index, as `loadEvalDocuments`
 * numbers them), trains the offline embedder on what was imported, and indexes it.
 *
 * @example
 * const world = await buildMatchingWorld(heldOutIndexes, console.log);
 */
export async function buildMatchingWorld(heldOut: ReadonlySet<number>, print: (line: string) => void): Promise<MatchingWorld> {
  const catalogue = defaultChainCatalogue();
  const storage = await openStorage({ kind: 'pglite', dataDir: 'memory' });
  const load = await loadDataset('all');
  const records = load.records.filter((_, i) => !heldOut.has(i));
  const source: RecordSource = { name: 'eval', read: async () => ({ records, errors: [] }) };
  let started = performance.now();
  const counts = await runImport(storage.db, await createTask(storage.db, 'import', { dataset: 'eval' }), source, { catalogue, today: EVAL_TODAY });
  print(`imported ${counts.imported} patents (${heldOut.size} held out) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  started = performance.now();
  const { embedder } = await loadSemanticModel(storage.db);
  const engine = new EmbeddedSearchEngine();
  await new Indexer({ db: storage.db, engine, embedder }).rebuild();
  await storage.db.deleteFrom('index_outbox').execute();
  await storage.db.deleteFrom('match_queue').execute();
  print(`embedder trained and ${(await engine.stats()).documents} documents indexed in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const patents = new Map((await storage.db.selectFrom('patents').selectAll().execute()).map((row) => [row.id, patentFromRow(row)]));
  // As in `pnpm start`: the indexer runs in this process, so records are served from its cache.
  const src = searchSource({ db: storage.db, search: () => ({ engine, embedder }), cache: new RecordCache(20_000) });
  return {
    storage,
    engine,
    embedder,
    patents,
    matcher: (config = defaultMatchingConfig()) => new Matcher(src, storage.db, { config, catalogue, today: () => EVAL_TODAY }),
    close: async () => {
      await engine.close();
      await storage.close();
    },
  };
}
