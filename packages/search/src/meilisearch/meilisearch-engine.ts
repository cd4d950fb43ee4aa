/**
 * The Meilisearch adapter of `SearchEngine` (used when `MEILI_URL` is set).
 */
import { Meilisearch, MeilisearchApiError, type EnqueuedTask, type Index, type SearchParams } from 'meilisearch';
import type { SearchDocument, SearchQuery, SearchResult } from '../documents.ts';
import type { IndexStats, IndexTask, SearchEngine } from '../search-engine.ts';
import { EMBEDDER_NAME, FIELD, primaryKeyOf, toMeiliDocument, vectorFromStored, type MeiliDocument } from './document-mapping.ts';
import { quoteFilterValue } from './filter-expression.ts';
import { IndexTaskTimeoutError, LOCAL_TASK_PREFIX, LocalTasks, isFinal, toIndexTask } from './index-tasks.ts';
import { meilisearchIndexSettings } from './index-settings.ts';
import type { MeilisearchEngineConfig } from './meilisearch-engine-config.ts';
import { planSearch } from './search-request.ts';
import { toSearchResult, type MeiliSearchResponse } from './search-response.ts';

const DEFAULT_INDEX_UID = 'patent-bridge';
/** Ids per `documents/fetch` request when reading stored revisions. */
const REVISION_LOOKUP_CHUNK = 200;

interface PendingWrite {
  revision: number;
  taskId: string;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The error Meilisearch answers a vector search with when the index has no embedder of that name. */
function isMissingEmbedder(error: unknown): boolean {
  const code = error instanceof MeilisearchApiError ? error.cause?.code : undefined;
  return code === 'invalid_search_embedder' || code === 'invalid_embedder';
}

/** The most frequent key of a facet distribution (an index holds one embedder version; this is defensive). */
function mostCommon(distribution: Record<string, number>): string | null {
  let best: string | null = null;
  let bestCount = 0;
  for (const [value, count] of Object.entries(distribution)) {
    if (count > bestCount) [best, bestCount] = [value, count];
  }
  return best;
}

/**
 * `SearchEngine` on a Meilisearch server (v1.15 or later).
 *
 * ```ts
 * const engine = await createMeilisearchEngine({ url: process.env.MEILI_URL!, apiKey: process.env.MEILI_KEY });
 * await engine.waitFor(await engine.upsert(documents, vectors, embedder.version));
 * const result = await engine.search({ q: '石墨烯', mode: 'hybrid', semanticRatio: 0.5, vector, filters: {}, facets: ['chain'], sort: [], limit: 20, offset: 0 });
 * ```
 *
 * Writes are Meilisearch tasks: `upsert`, `delete` and `clear` return as soon as the task is
 * enqueued, `waitFor` polls `GET /tasks/{uid}`.
 *
 * **Revisions.** Before writing, `upsert` reads the stored revisions of the batch's ids
 * (`POST /documents/fetch` with `id IN [...]`, fields `id` and `revision`) and drops documents
 * older than what is stored. Documents this engine has enqueued but Meilisearch has not yet
 * processed count as stored too, so two quick upserts from this process are safe. The check and
 * the write are two requests: two *processes* writing the same id concurrently could still let a
 * stale revision through. patent-bridge has one indexer per index (the job queue), so this is
 * accepted; Meilisearch's `editDocumentsByFunction` could make it atomic but is experimental.
 *
 * **Embedder version.** Each document with a vector carries `embedderVersion`; `stats()` and the
 * upsert check read the distinct versions as a facet (`limit: 0`). So the version lives with
 * the vectors: `clear()` forgets it, and an index holding no vectors accepts any version.
 */
export class MeilisearchEngine implements SearchEngine {
  readonly kind = 'meilisearch' as const;
  readonly #config: Readonly<MeilisearchEngineConfig> & { indexUid: string };
  readonly #client: Meilisearch;
  readonly #index: Index<MeiliDocument>;
  readonly #localTasks = new LocalTasks();
  /** Revisions enqueued by this engine and not yet known to be processed. */
  readonly #pendingRevisions = new Map<string, PendingWrite>();
  #pendingEmbedder: { version: string; taskId: string } | undefined;
  #pendingClear: string | undefined;
  #dimensions: number | undefined;

  /** No I/O: `prepare()` (or `createMeilisearchEngine`) creates the index and its settings. */
  constructor(config: MeilisearchEngineConfig) {
    this.#config = { ...config, indexUid: config.indexUid ?? DEFAULT_INDEX_UID };
    const clientConfig: ConstructorParameters<typeof Meilisearch>[0] = { host: config.url, timeout: config.requestTimeoutMs ?? 30_000 };
    if (config.apiKey) clientConfig.apiKey = config.apiKey;
    this.#client = new Meilisearch(clientConfig);
    this.#index = this.#client.index<MeiliDocument>(this.#config.indexUid);
    this.#dimensions = config.dimensions;
  }

  get indexUid(): string {
    return this.#config.indexUid;
  }

  /** Creates the index if missing and applies the settings; throws with the task's error if either fails. */
  async prepare(): Promise<void> {
    const created = await this.waitFor(await this.#enqueue(() => this.#client.createIndex(this.indexUid, { primaryKey: FIELD.pk })));
    if (created.status === 'failed' && created.error?.code !== 'index_already_exists') {
      throw new Error(`Meilisearch index ${this.indexUid} could not be created: ${created.error?.code}: ${created.error?.message}`);
    }
    const settings = meilisearchIndexSettings(this.#dimensions === undefined ? {} : { dimensions: this.#dimensions });
    const updated = await this.waitFor(await this.#enqueue(() => this.#index.updateSettings(settings)));
    if (updated.status === 'failed') {
      throw new Error(`Meilisearch settings of ${this.indexUid} were refused: ${updated.error?.code}: ${updated.error?.message}`);
    }
    if (this.#dimensions === undefined) {
      const embedder = (await this.#index.getEmbedders())?.[EMBEDDER_NAME];
      if (embedder && 'dimensions' in embedder && typeof embedder.dimensions === 'number') this.#dimensions = embedder.dimensions;
    }
  }

  async upsert(documents: readonly SearchDocument[], vectors: readonly Float32Array[] | undefined, embedderVersion: string | undefined): Promise<IndexTask> {
    const refusal = await this.#checkVectors(documents, vectors, embedderVersion);
    if (refusal) return refusal;
    const latest = new Map<string, { doc: SearchDocument; vector: Float32Array | undefined }>();
    documents.forEach((doc, i) => {
      const seen = latest.get(doc.id);
      if (!seen || doc.revision >= seen.doc.revision) latest.set(doc.id, { doc, vector: vectors?.[i] });
    });
    const stored = await this.#storedRevisions([...latest.keys()]);
    const fresh = [...latest.values()].filter(({ doc }) => !(doc.revision < (stored.get(doc.id) ?? -Infinity)));
    if (fresh.length === 0) return this.#localTasks.succeeded();

    if (vectors && vectors.length > 0) {
      const resized = await this.#ensureEmbedder(vectors[0]!.length);
      if (resized) return resized;
    }
    const payload = fresh.map(({ doc, vector }) => toMeiliDocument(doc, vector, vector ? embedderVersion : undefined));
    const task = await this.#enqueue(() => this.#index.addDocuments(payload, { primaryKey: FIELD.pk }));
    if (task.status !== 'failed') {
      for (const { doc } of fresh) this.#pendingRevisions.set(doc.id, { revision: doc.revision, taskId: task.id });
      if (vectors && embedderVersion !== undefined) this.#pendingEmbedder = { version: embedderVersion, taskId: task.id };
    }
    return task;
  }

  async delete(ids: readonly string[]): Promise<IndexTask> {
    if (ids.length === 0) return this.#localTasks.succeeded();
    for (const id of ids) this.#pendingRevisions.delete(id);
    return this.#enqueue(() => this.#index.deleteDocuments([...new Set(ids.map(primaryKeyOf))]));
  }

  async clear(): Promise<IndexTask> {
    const task = await this.#enqueue(() => this.#index.deleteAllDocuments());
    if (task.status !== 'failed') {
      this.#pendingRevisions.clear();
      this.#pendingEmbedder = undefined;
      this.#pendingClear = task.id;
    }
    return task;
  }

  /**
   * Polls the task until it succeeds or fails (backing off from 10 ms to `maxPollIntervalMs`).
   * A failed task comes back with Meilisearch's error code and message; a task still running at
   * the deadline throws `IndexTaskTimeoutError`.
   */
  async waitFor(task: IndexTask, timeoutMs = this.#config.taskTimeoutMs ?? 30_000): Promise<IndexTask> {
    if (task.id.startsWith(LOCAL_TASK_PREFIX)) return this.#localTasks.get(task.id) ?? task;
    const uid = Number(task.id);
    if (!Number.isSafeInteger(uid)) throw new TypeError(`Not a Meilisearch task id: ${JSON.stringify(task.id)}`);
    const deadline = Date.now() + timeoutMs;
    let interval = 10;
    for (;;) {
      const current = toIndexTask(await this.#client.tasks.getTask(uid));
      if (isFinal(current)) {
        this.#settle(current);
        return current;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new IndexTaskTimeoutError(current, timeoutMs);
      await sleep(Math.min(interval, left));
      interval = Math.min(interval * 2, this.#config.maxPollIntervalMs ?? 250);
    }
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    const started = performance.now();
    let plan = planSearch(query);
    let response: MeiliSearchResponse = { hits: [], estimatedTotalHits: 0 };
    try {
      if (plan.request) response = await this.#send(plan.request);
    } catch (error) {
      if (!(plan.request?.hybrid && isMissingEmbedder(error))) throw error;
      // No vector was ever stored, so there is no embedder yet: the semantic side finds nothing.
      if (plan.mode === 'semantic') plan = { ...plan, request: undefined };
      else {
        plan = planSearch({ ...query, mode: 'keyword' });
        if (plan.request) response = await this.#send(plan.request);
      }
    }
    return toSearchResult(response, { ...plan, facets: query.facets ?? [], tookMs: performance.now() - started });
  }

  async vectorOf(id: string): Promise<Float32Array | undefined> {
    const found = await this.#index.getDocuments<Pick<MeiliDocument, 'id' | '_vectors'>>({
      filter: `${FIELD.id} = ${quoteFilterValue(id)}`,
      fields: [FIELD.id, FIELD.vectors],
      retrieveVectors: true,
      limit: 1,
    });
    return vectorFromStored(found.results[0]?._vectors);
  }

  async stats(): Promise<IndexStats> {
    const [indexStats, versions] = await Promise.all([this.#index.getStats(), this.#storedEmbedderVersions()]);
    return { documents: indexStats.numberOfDocuments, embedderVersion: mostCommon(versions) };
  }

  /** Nothing to release: the client holds no connection between requests. The index is kept. */
  async close(): Promise<void> {}

  /** Deletes the whole index (tests, or dropping a deployment); `close()` never does. */
  async deleteIndex(): Promise<IndexTask> {
    return this.#enqueue(() => this.#client.deleteIndex(this.indexUid));
  }

  async #send(request: SearchParams): Promise<MeiliSearchResponse> {
    const { q, ...options } = request;
    return (await this.#index.search(q, options)) as unknown as MeiliSearchResponse;
  }

  /** Sends a write; an API refusal (HTTP 4xx with a Meilisearch error) becomes a failed task. */
  async #enqueue(send: () => Promise<EnqueuedTask>): Promise<IndexTask> {
    try {
      const enqueued = await send();
      return toIndexTask({ taskUid: enqueued.taskUid, status: enqueued.status });
    } catch (error) {
      if (error instanceof MeilisearchApiError) {
        return this.#localTasks.failed(error.cause?.code ?? `http_${error.response.status}`, error.message);
      }
      throw error;
    }
  }

  /** Refuses vectors that do not fit the documents, or come from another embedder version. */
  async #checkVectors(documents: readonly SearchDocument[], vectors: readonly Float32Array[] | undefined, embedderVersion: string | undefined): Promise<IndexTask | undefined> {
    if (documents.length === 0) return this.#localTasks.succeeded();
    if (vectors === undefined) return undefined;
    if (vectors.length !== documents.length) {
      return this.#localTasks.failed('invalid_vectors', `${vectors.length} vectors for ${documents.length} documents`);
    }
    if (!embedderVersion) return this.#localTasks.failed('missing_embedder_version', 'vectors were given without the version of the embedder that made them');
    const dimensions = vectors[0]!.length;
    if (dimensions === 0 || vectors.some((v) => v.length !== dimensions || !v.every(Number.isFinite))) {
      return this.#localTasks.failed('invalid_vectors', `vectors must all have ${dimensions || 'the same non-zero'} finite components`);
    }
    const stored = await this.#currentEmbedderVersion();
    if (stored !== null && stored !== embedderVersion) {
      return this.#localTasks.failed(
        'embedder_version_mismatch',
        `the index holds vectors of embedder ${stored}; vectors of ${embedderVersion} are refused (clear the index and rebuild to change embedders)`,
      );
    }
    return undefined;
  }

  /** Creates or resizes the user-provided embedder while the index holds no vectors. */
  async #ensureEmbedder(dimensions: number): Promise<IndexTask | undefined> {
    if (this.#dimensions === dimensions) return undefined;
    if (this.#dimensions !== undefined && (await this.#currentEmbedderVersion()) !== null) {
      return this.#localTasks.failed('invalid_vector_dimensions', `the index holds ${this.#dimensions}-dimensional vectors; got ${dimensions}`);
    }
    const task = await this.#enqueue(() => this.#index.updateEmbedders({ [EMBEDDER_NAME]: { source: 'userProvided', dimensions } }));
    if (task.status === 'failed') return task;
    // Tasks of one index run in order: the documents enqueued next wait for this setting.
    this.#dimensions = dimensions;
    return undefined;
  }

  /** The embedder version of the index, counting writes this engine has enqueued. */
  async #currentEmbedderVersion(): Promise<string | null> {
    if (this.#pendingEmbedder) return this.#pendingEmbedder.version;
    if (await this.#clearing()) return null;
    return mostCommon(await this.#storedEmbedderVersions());
  }

  async #storedEmbedderVersions(): Promise<Record<string, number>> {
    const response = (await this.#index.search('', { limit: 0, facets: [FIELD.embedderVersion] })) as unknown as MeiliSearchResponse;
    return response.facetDistribution?.[FIELD.embedderVersion] ?? {};
  }

  /** Stored revisions of these ids, raised by the revisions this engine has enqueued. */
  async #storedRevisions(ids: readonly string[]): Promise<Map<string, number>> {
    const revisions = new Map<string, number>();
    if (!(await this.#clearing())) {
      for (let start = 0; start < ids.length; start += REVISION_LOOKUP_CHUNK) {
        const chunk = ids.slice(start, start + REVISION_LOOKUP_CHUNK);
        const found = await this.#index.getDocuments<Pick<MeiliDocument, 'id' | 'revision'>>({
          filter: `${FIELD.id} IN [${chunk.map(quoteFilterValue).join(', ')}]`,
          fields: [FIELD.id, FIELD.revision],
          limit: chunk.length,
        });
        for (const doc of found.results) revisions.set(doc.id, doc.revision);
      }
    }
    for (const id of ids) {
      const pending = this.#pendingRevisions.get(id);
      if (pending && pending.revision > (revisions.get(id) ?? -Infinity)) revisions.set(id, pending.revision);
    }
    return revisions;
  }

  /** Whether a `clear()` of this engine is still waiting to run (what is stored is about to go). */
  async #clearing(): Promise<boolean> {
    if (this.#pendingClear === undefined) return false;
    const task = toIndexTask(await this.#client.tasks.getTask(Number(this.#pendingClear)));
    if (isFinal(task)) this.#settle(task);
    return this.#pendingClear !== undefined;
  }

  /** Forgets what a finished task was holding back. */
  #settle(task: IndexTask): void {
    for (const [id, pending] of this.#pendingRevisions) {
      if (pending.taskId === task.id) this.#pendingRevisions.delete(id);
    }
    if (this.#pendingEmbedder?.taskId === task.id) this.#pendingEmbedder = undefined;
    if (this.#pendingClear === task.id) this.#pendingClear = undefined;
  }
}

/**
 * A ready `MeilisearchEngine`: the index exists and has patent-bridge's settings.
 *
 * @example
 * const engine = await createMeilisearchEngine({ url: 'http://127.0.0.1:7700', indexUid: 'patent-bridge' });
 */
export async function createMeilisearchEngine(config: MeilisearchEngineConfig): Promise<MeilisearchEngine> {
  const engine = new MeilisearchEngine(config);
  await engine.prepare();
  return engine;
}
