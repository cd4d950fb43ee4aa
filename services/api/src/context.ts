import type { Kysely } from 'kysely';
import type { Logger, RateLimiter } from '@patent-bridge/access';
import type { ChainCatalogue } from '@patent-bridge/domain';
import type { Database } from '@patent-bridge/db';
import type { JobQueue } from '@patent-bridge/queue';
import type { Embedder } from '@patent-bridge/embeddings';
import type { RecordCache, SearchEngine } from '@patent-bridge/search';
import type { Matcher } from '@patent-bridge/matching';
import type { RoadshowService } from '@patent-bridge/roadshow-service';

/** What the HTTP layer needs from the running system. */
export interface ApiContext {
  db: Kysely<Database>;
  queue: JobQueue;
  catalogue: ChainCatalogue;
  /** Keys accepted as admin. Full key management lives in the access-control module. */
  adminKeys: ReadonlySet<string>;
  /** Dataset names a client may import by name. */
  datasetNames: readonly string[];
  isReady: () => boolean;
  logger: Logger;
  rateLimiter: RateLimiter;
  corsOrigins: readonly string[];
  /** Starts a full rebuild of the search index from the database; returns the task id to poll. */
  rebuildIndex: () => Promise<number>;
  /** The search index's size and lag behind the database. */
  indexStatus: () => Promise<{ engine: string; documents: number; embedderVersion: string | null; outboxPending: number; ready: boolean }>;
  /** Set once the search index and embedder are ready; search answers 503 until then. */
  search?: { engine: SearchEngine; embedder: Embedder; cache?: RecordCache };
  /** Set with `search`: ranks matches over the current index. */
  matcher?: Matcher;
  /** Grows whenever this process's index changes; answers computed from the index are reused only within one generation. */
  indexGeneration: () => number;
  /** Starts recomputing every open demand's stored matches; returns the task id to poll. */
  rebuildMatches: () => Promise<number>;
  /** Queues roadshow meeting (re-)scheduling as tasks. */
  roadshows: RoadshowService;
}
