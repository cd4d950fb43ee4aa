import type { Kysely } from 'kysely';
import { EMPTY_COUNTS, failTask, reportProgress, startTask, succeedTask, type Database } from '@patent-bridge/db';
import type { Embedder } from '@patent-bridge/embeddings';
import { Indexer, loadSemanticModel, type SearchEngine } from '@patent-bridge/search';

export interface IndexerServiceOptions {
  db: Kysely<Database>;
  engine: SearchEngine;
  /** `EMBEDDING_MODEL`; unset selects the offline embedder trained on the corpus. */
  model?: string;
  /** How often the outbox is checked (default 300 ms). */
  pollMs?: number;
  /** How often the offline embedder's retrain threshold is checked (default 60 s). */
  retrainCheckMs?: number;
  /** Told the ids of every document indexed or removed. */
  onIndexed?: (ids: readonly string[]) => void;
  /** Called whenever the index is ready to search with a (new) embedder. */
  onReady?: (search: { engine: SearchEngine; embedder: Embedder }) => void;
  log?: (message: string) => void;
}

/**
 * The indexing service: loads (or trains) the shared embedder, brings the index up to date with the
 * database (a full rebuild when the index is empty or was built with another embedder version), then
 * drains the outbox continuously. Safe to kill at any moment: the outbox keeps what is not indexed yet.
 *
 * @example
 * const service = new IndexerService({ db, engine, onReady: (s) => (context.search = s) });
 * await service.start();
 */
export class IndexerService {
  readonly #options: IndexerServiceOptions;
  #indexer: Indexer | undefined;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;
  #lastRetrainCheck = 0;
  #busy: Promise<void> = Promise.resolve();
  lastError: Error | undefined;

  constructor(options: IndexerServiceOptions) {
    this.#options = options;
  }

  get embedder(): Embedder | undefined {
    return this.#indexer ? this.#currentEmbedder : undefined;
  }
  #currentEmbedder!: Embedder;

  /** Prepares the index (may train and rebuild) and starts draining; resolves once searchable. */
  async start(): Promise<void> {
    await this.#prepare();
    this.#schedule();
  }

  /** Runs one cycle now: retrain check (when due) and drain. Tests and imports call it to skip the wait. */
  async sync(): Promise<void> {
    const run = this.#busy.then(() => this.#cycle());
    this.#busy = run.catch(() => {});
    return run;
  }

  /**
   * Recreates the whole index from the database, reporting progress on a task the caller polls.
   *
   * @example
   * const taskId = await createTask(db, 'reindex', {}); void service.rebuildTask(taskId);
   */
  async rebuildTask(taskId: number): Promise<void> {
    const { db } = this.#options;
    const run = this.#busy.then(async () => {
      if (!(await startTask(db, taskId))) return;
      try {
        if (!this.#indexer) await this.#prepare();
        if (!this.#indexer) throw new Error('there is nothing to index yet (no patents)');
        let last = 0;
        const documents = await this.#indexer.rebuild((p) => {
          if (Date.now() - last > 500 || p.done === p.total) {
            last = Date.now();
            void reportProgress(db, taskId, p, { ...EMPTY_COUNTS, received: p.total, imported: p.done });
          }
        });
        await succeedTask(db, taskId, { ...EMPTY_COUNTS, received: documents, imported: documents }, { documents, embedderVersion: this.#currentEmbedder.version });
      } catch (error) {
        await failTask(db, taskId, { code: 'reindex_failed', message: (error as Error).message });
      }
    });
    this.#busy = run.catch(() => {});
    return run;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#busy;
  }

  async #prepare(): Promise<void> {
    const { db, engine } = this.#options;
    const { n } = await db.selectFrom('patents').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    if (Number(n) === 0 && !this.#options.model) {
      const stored = await db.selectFrom('embedder_models').select('version').limit(1).executeTakeFirst();
      if (!stored) return; // nothing to learn from yet: the first cycle after data arrives trains
    }
    const { embedder, trained } = await loadSemanticModel(db, this.#options.model ? { model: this.#options.model } : {});
    this.#lastRetrainCheck = Date.now();
    this.#currentEmbedder = embedder;
    this.#indexer = new Indexer({ db, engine, embedder, ...(this.#options.onIndexed ? { onIndexed: this.#options.onIndexed } : {}) });
    const stats = await engine.stats();
    const { m } = await db.selectFrom('patents').select((eb) => eb.fn.countAll<number>().as('m')).executeTakeFirstOrThrow();
    if (trained || stats.embedderVersion !== embedder.version || (stats.documents === 0 && Number(m) > 0)) {
      const started = Date.now();
      const count = await this.#indexer.rebuild();
      this.#options.log?.(`search index rebuilt: ${count} documents in ${((Date.now() - started) / 1000).toFixed(1)} s (embedder ${embedder.id} ${embedder.version})`);
    }
    await this.#indexer.drain();
    this.#options.onReady?.({ engine, embedder });
  }

  async #cycle(): Promise<void> {
    if (!this.#indexer) {
      await this.#prepare();
      return;
    }
    const due = !this.#options.model && Date.now() - this.#lastRetrainCheck > (this.#options.retrainCheckMs ?? 60_000);
    if (due) {
      this.#lastRetrainCheck = Date.now();
      const { embedder, trained } = await loadSemanticModel(this.#options.db, { current: this.#currentEmbedder });
      if (trained || embedder.version !== this.#currentEmbedder.version) {
        this.#indexer = undefined;
        await this.#prepare();
        return;
      }
    }
    await this.#indexer.drain();
  }

  #schedule(): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      void this.sync()
        .then(() => {
          this.lastError = undefined;
        })
        .catch((error: Error) => {
          if (this.lastError?.message !== error.message) this.#options.log?.(`indexer: ${error.message} (will retry)`);
          this.lastError = error;
        })
        .finally(() => this.#schedule());
    }, this.#options.pollMs ?? 300);
  }
}
