import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultChainCatalogue } from '@patent-bridge/domain';
import { createTask, openStorage } from '@patent-bridge/db';
import { runImport } from '@patent-bridge/inventory';
import { datasetSource } from '@patent-bridge/datasets';
import { EmbeddedSearchEngine, Indexer, embeddingText, loadSemanticModel, patentDocument, type SearchDocument } from '@patent-bridge/search';
import { patentFromRow } from '@patent-bridge/db';
import { timed } from './machine.ts';

/**
 * Indexing end to end on embedded defaults: import every shared record into PGlite on disk, train the
 * offline embedder on it, embed and index everything; then embedding alone and engine indexing alone.
 */
export async function benchIndexing(print: (line: string) => void): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'pb-bench-index-'));
  const storage = await openStorage({ kind: 'pglite', dataDir: join(dir, 'pglite') });
  try {
    const taskId = await createTask(storage.db, 'import', { kind: 'dataset', dataset: 'all' });
    const imported = await timed(() => runImport(storage.db, taskId, datasetSource('all'), { catalogue: defaultChainCatalogue() }));
    const trained = await timed(() => loadSemanticModel(storage.db));
    const embedder = trained.value.embedder;
    const engine = new EmbeddedSearchEngine();
    const indexer = new Indexer({ db: storage.db, engine, embedder });
    const rebuilt = await timed(() => indexer.rebuild());
    const total = (imported.ms + trained.ms + rebuilt.ms) / 1000;
    print(`end to end, ${rebuilt.value} documents: import ${(imported.ms / 1000).toFixed(1)} s + train embedder ${(trained.ms / 1000).toFixed(1)} s + embed & index ${(rebuilt.ms / 1000).toFixed(1)} s = **${total.toFixed(1)} s** (target 60 s → ${(60 / total).toFixed(2)}× under)`);

    const rows = await storage.db.selectFrom('patents').selectAll().execute();
    const docs: SearchDocument[] = rows.map((r) => patentDocument({ ...patentFromRow(r), revision: r.revision }, new Map()));
    const texts = docs.map(embeddingText);
    const embedded = await timed(() => embedder.embed(texts));
    print(`embedding alone (${embedder.id}, ${embedder.dimensions} dims): ${Math.round(docs.length / (embedded.ms / 1000))} docs/s`);
    const fresh = new EmbeddedSearchEngine();
    const indexed = await timed(async () => fresh.waitFor(await fresh.upsert(docs, embedded.value, embedder.version)));
    print(`engine indexing alone (text + vectors into the embedded engine): ${Math.round(docs.length / (indexed.ms / 1000))} docs/s`);
    const cached = await timed(() => new Indexer({ db: storage.db, engine: new EmbeddedSearchEngine(), embedder }).rebuild());
    print(`restart rebuild from the database with cached vectors (no embedding): ${(cached.ms / 1000).toFixed(1)} s`);
  } finally {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
