/** How to reach the Meilisearch index patent-bridge writes to. */
export interface MeilisearchEngineConfig {
  /** Server address, e.g. `http://127.0.0.1:7700` (`MEILI_URL`). */
  url: string;
  /** API key with search and write rights on the index (`MEILI_KEY`); none for a keyless server. */
  apiKey?: string;
  /** Index uid (`[A-Za-z0-9_-]`); default `patent-bridge`. */
  indexUid?: string;
  /**
   * Dimensions of the embedder, when known up front. Otherwise the embedder setting is created
   * (or resized, while the index holds no vectors) by the first upsert that carries vectors.
   */
  dimensions?: number;
  /** Default deadline of `waitFor`, in ms (30 s). */
  taskTimeoutMs?: number;
  /** Longest pause between two polls of a task, in ms (250). Polling starts at 10 ms and backs off. */
  maxPollIntervalMs?: number;
  /** Timeout of each HTTP request, in ms (30 s). */
  requestTimeoutMs?: number;
}
