import { defaultChainCatalogue } from '@patent-bridge/domain';
import { createTask, openStorage } from '@patent-bridge/db';
import { createQueue, type JobQueue } from '@patent-bridge/queue';
import { EmbeddedSearchEngine, RecordCache, createMeilisearchEngine, type SearchEngine } from '@patent-bridge/search';
import { IndexerService } from '@patent-bridge/indexer';
import { enqueueImport, startImportWorker } from '@patent-bridge/inventory';
import { datasetNames, datasetSource } from '@patent-bridge/datasets';
import type { SystemConfig } from './config.ts';
import type { ApiContext } from './context.ts';

export interface RunningSystem {
  context: ApiContext;
  indexer: IndexerService;
  /** The sample import task started at boot, when the library was empty. */
  sampleTaskId?: number;
  close(): Promise<void>;
}

/**
 * Starts every service in one process: storage (migrated), the job queue with the import worker, the
 * search engine and the indexing service that keeps it in step with the database. The HTTP layer is
 * created separately over the returned context.
 *
 * @example
 * const system = await startSystem(configFromEnv());
 * createApp(system.context).listen(8080);
 */
export async function startSystem(config: SystemConfig): Promise<RunningSystem> {
  const storage = await openStorage(config.storage);
  const catalogue = defaultChainCatalogue();
  const queue: JobQueue = createQueue(config.redisUrl ? { redisUrl: config.redisUrl, prefix: config.queuePrefix } : {});
  const engine: SearchEngine = config.meiliUrl
    ? await createMeilisearchEngine({ url: config.meiliUrl, ...(config.meiliKey ? { apiKey: config.meiliKey } : {}) })
    : new EmbeddedSearchEngine();
  let ready = false;
  await startImportWorker(queue, { db: storage.db, catalogue, datasetSource });
  const context: ApiContext = {
    db: storage.db,
    queue,
    catalogue,
    adminKeys: new Set([config.adminKey]),
    datasetNames: datasetNames(),
    isReady: () => ready,
    rebuildIndex: async () => {
      const taskId = await createTask(storage.db, 'reindex', {});
      void indexer.rebuildTask(taskId);
      return taskId;
    },
    indexStatus: async () => {
      const [stats, pending] = await Promise.all([
        engine.stats(),
        storage.db.selectFrom('index_outbox').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { engine: engine.kind, documents: stats.documents, embedderVersion: stats.embedderVersion, outboxPending: Number(pending.n), ready: context.search !== undefined };
    },
  };
  // The indexer runs in this process and invalidates every record it indexes, so hits can skip the database.
  const cache = new RecordCache(20_000);
  const indexer = new IndexerService({
    db: storage.db,
    engine,
    onIndexed: (ids) => cache.invalidate(ids),
    ...(config.embeddingModel ? { model: config.embeddingModel } : {}),
    onReady: (search) => {
      cache.clear();
      context.search = { ...search, cache };
    },
    log: (message) => console.log(`[indexer] ${message}`),
  });
  await indexer.start();
  let sampleTaskId: number | undefined;
  if (config.loadSample) {
    const { count } = await storage.db.selectFrom('patents').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    if (Number(count) === 0) sampleTaskId = await enqueueImport(storage.db, queue, { kind: 'dataset', name: 'project-sample' });
  }
  ready = true;
  return {
    context,
    indexer,
    ...(sampleTaskId ? { sampleTaskId } : {}),
    async close() {
      ready = false;
      await indexer.stop();
      await queue.close();
      await engine.close();
      await storage.close();
    },
  };
}
