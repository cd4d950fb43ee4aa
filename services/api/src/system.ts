import { createLogger, createRateLimiter } from '@patent-bridge/access';
import { defaultChainCatalogue } from '@patent-bridge/domain';
import { startWebhookDispatcher, startWebhookWorker } from '@patent-bridge/webhooks';
import { createTask, openStorage } from '@patent-bridge/db';
import { createQueue, type JobQueue } from '@patent-bridge/queue';
import { EmbeddedSearchEngine, RecordCache, createMeilisearchEngine, type SearchEngine } from '@patent-bridge/search';
import { IndexerService } from '@patent-bridge/indexer';
import { MatcherService } from '@patent-bridge/matcher';
import { RoadshowService } from '@patent-bridge/roadshow-service';
import { defaultMatchingConfig, Matcher, searchSource } from '@patent-bridge/matching';
import { enqueueImport, startDemandImportWorker, startImportWorker } from '@patent-bridge/inventory';
import { datasetNames, datasetSource } from '@patent-bridge/datasets';
import type { SystemConfig } from './config.ts';
import type { ApiContext } from './context.ts';
import { loadSampleDemandsIfEmpty } from './sample-demands.ts';

export interface RunningSystem {
  context: ApiContext;
  indexer: IndexerService;
  matching: MatcherService;
  /** The sample import task started at boot, when the library was empty. */
  sampleTaskId?: number;
  close(): Promise<void>;
}

/**
 * Starts every service in one process: storage (migrated), the job queue with the import worker, the
 * search engine and the indexing service that keeps it in step with the database. The HTTP layer is
 * created separately over the returned context. `config.role` narrows what runs (see `SystemRole`):
 * `api` leaves the job workers and the webhook dispatcher to worker processes; `worker` runs only
 * those (no search index, indexer or matcher: they belong with the index the HTTP process serves).
 *
 * @example
 * const system = await startSystem(configFromEnv());
 * createApp(system.context).listen(8080);
 */
export async function startSystem(config: SystemConfig): Promise<RunningSystem> {
  const role = config.role ?? 'all';
  const runsJobs = role !== 'api';
  const servesHttp = role !== 'worker';
  const storage = await openStorage(config.storage);
  const catalogue = defaultChainCatalogue();
  const queue: JobQueue = createQueue(config.redisUrl ? { redisUrl: config.redisUrl, prefix: config.queuePrefix } : {});
  const engine: SearchEngine = config.meiliUrl
    ? await createMeilisearchEngine({ url: config.meiliUrl, ...(config.meiliKey ? { apiKey: config.meiliKey } : {}) })
    : new EmbeddedSearchEngine();
  let ready = false;
  let indexGeneration = 0;
  const logger = createLogger({ name: 'api', level: config.logLevel });
  const rateLimiter = createRateLimiter({ ...(config.redisUrl ? { redisUrl: config.redisUrl } : {}), prefix: config.queuePrefix });
  let webhooks: { stop(): Promise<void> } | undefined;
  const roadshows = new RoadshowService({ db: storage.db, queue, catalogue, log: (message) => logger.info(`roadshow: ${message}`) });
  let queuedReindex: number | undefined;
  if (runsJobs) {
    startWebhookWorker(queue, { db: storage.db, allowPrivateNetworks: config.webhooksAllowPrivate });
    webhooks = startWebhookDispatcher({ db: storage.db, queue, log: (message) => logger.warn(message) });
    await startImportWorker(queue, { db: storage.db, catalogue, datasetSource });
    await startDemandImportWorker(queue, { db: storage.db, catalogue });
    await roadshows.start();
  }
  const context: ApiContext = {
    db: storage.db,
    queue,
    catalogue,
    adminKeys: new Set([config.adminKey]),
    datasetNames: datasetNames(),
    isReady: () => ready,
    indexGeneration: () => indexGeneration,
    logger,
    rateLimiter,
    corsOrigins: config.corsOrigins,
    rebuildMatches: () => matching.rebuild(),
    roadshows,
    rebuildIndex: async () => {
      // A rebuild that has not started yet covers this request too: repeated requests cannot pile up rebuilds.
      if (queuedReindex !== undefined) {
        const queued = await storage.db.selectFrom('tasks').select('status').where('id', '=', queuedReindex).executeTakeFirst();
        if (queued?.status === 'enqueued') return queuedReindex;
      }
      const taskId = await createTask(storage.db, 'reindex', {});
      queuedReindex = taskId;
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
    onIndexed: (ids) => {
      cache.invalidate(ids);
      indexGeneration++;
    },
    ...(config.embeddingModel ? { model: config.embeddingModel } : {}),
    onReady: (search) => {
      cache.clear();
      indexGeneration++;
      context.search = { ...search, cache };
      context.matcher = new Matcher(searchSource({ db: storage.db, search: () => context.search!, cache }), storage.db, { config: matchingConfig, catalogue });
    },
    log: (message) => logger.info(`indexer: ${message}`),
  });
  const matchingConfig = defaultMatchingConfig();
  const matching = new MatcherService({ db: storage.db, queue, matcher: () => context.matcher, log: (message) => logger.info(`matcher: ${message}`) });
  if (servesHttp) {
    await matching.start();
    await indexer.start();
  }
  let sampleTaskId: number | undefined;
  if (config.loadSample && servesHttp) {
    const { count } = await storage.db.selectFrom('patents').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    if (Number(count) === 0) {
      sampleTaskId = await enqueueImport(storage.db, queue, { kind: 'dataset', name: 'project-sample' });
      await loadSampleDemandsIfEmpty(storage.db);
    }
  }
  ready = true;
  return {
    context,
    indexer,
    matching,
    ...(sampleTaskId ? { sampleTaskId } : {}),
    async close() {
      ready = false;
      await matching.stop();
      await indexer.stop();
      await webhooks?.stop();
      await queue.close();
      await engine.close();
      await rateLimiter.close();
      await storage.close();
    },
  };
}
