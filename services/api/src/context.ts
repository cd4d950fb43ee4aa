import type { Kysely } from 'kysely';
import type { ChainCatalogue } from '@patent-bridge/domain';
import type { Database } from '@patent-bridge/db';
import type { JobQueue } from '@patent-bridge/queue';
import type { Embedder } from '@patent-bridge/embeddings';
import type { RecordCache, SearchEngine } from '@patent-bridge/search';

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
  /** Starts a full rebuild of the search index from the database; returns the task id to poll. */
  rebuildIndex: () => Promise<number>;
  /** The search index's size and lag behind the database. */
  indexStatus: () => Promise<{ engine: string; documents: number; embedderVersion: string | null; outboxPending: number; ready: boolean }>;
  /** Set once the search index and embedder are ready; search answers 503 until then. */
  search?: { engine: SearchEngine; embedder: Embedder; cache?: RecordCache };
}
