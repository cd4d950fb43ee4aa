/** Where a queue writes its warnings (connection lost, listener threw) and recoveries. */
export interface QueueLogger {
  warn(message: string): void;
  info(message: string): void;
}

/**
 * Settings of a `RedisQueue`. Only `url` is required; the defaults suit the import jobs.
 *
 * @example
 * const queue = new RedisQueue({ url: 'redis://127.0.0.1:6379', prefix: 'pb' });
 */
export interface RedisQueueConfig {
  /** `redis://[user:password@]host:port[/db]`. */
  url: string;
  /** First part of every key (`<prefix>:<job name>:…`). Default `pb`. */
  prefix?: string;
  /**
   * How long `add`, `drained` and `ping` wait for an unreachable Redis before they fail with a
   * `RedisUnavailableError`. Default 2,000 ms.
   */
  unreachableAfterMs?: number;
  /** Upper bound on one Redis command issued by `add`/`drained` on a connected but unresponsive server. Default 5,000 ms. */
  commandTimeoutMs?: number;
  /**
   * A running job holds a lock this long, renewed every `lockRenewMs`. When its worker dies the
   * lock expires and the job is handed to another worker. Default 5,000 ms.
   */
  lockDurationMs?: number;
  /** How often a running job's lock is renewed. Default 1,000 ms (a handler may block the event loop ~4 s without losing its job). */
  lockRenewMs?: number;
  /** How often workers look for jobs whose lock expired (their worker died). Default 2,000 ms. */
  stalledIntervalMs?: number;
  /** How many times a job may lose its worker and be re-delivered before it is failed for good. Default 2. */
  maxStalledCount?: number;
  /** Failed jobs kept in Redis for inspection, per job name (the oldest go first). Default 1,000. */
  keepFailed?: number;
  /** `close()` waits this long for running jobs; jobs still running are then left to be re-delivered. Default 10,000 ms. */
  closeTimeoutMs?: number;
  /** Default `console`. */
  logger?: QueueLogger;
}

export type ResolvedRedisQueueConfig = Required<RedisQueueConfig>;

/**
 * Fills in the defaults.
 *
 * Stalled-job timing: a job whose worker was killed comes back after its lock expires
 * (at most `lockDurationMs` after the last renewal) plus at most one `stalledIntervalMs`,
 * i.e. within about 7 s with the defaults. A shorter lock re-delivers sooner but lets a handler
 * that blocks the event loop longer than `lockDurationMs - lockRenewMs` lose its job to another worker.
 */
export function resolveRedisQueueConfig(config: RedisQueueConfig): ResolvedRedisQueueConfig {
  const resolved: ResolvedRedisQueueConfig = {
    url: config.url,
    prefix: config.prefix ?? 'pb',
    unreachableAfterMs: config.unreachableAfterMs ?? 2_000,
    commandTimeoutMs: config.commandTimeoutMs ?? 5_000,
    lockDurationMs: config.lockDurationMs ?? 5_000,
    lockRenewMs: config.lockRenewMs ?? 1_000,
    stalledIntervalMs: config.stalledIntervalMs ?? 2_000,
    maxStalledCount: config.maxStalledCount ?? 2,
    keepFailed: config.keepFailed ?? 1_000,
    closeTimeoutMs: config.closeTimeoutMs ?? 10_000,
    logger: config.logger ?? console,
  };
  if (!resolved.prefix || /[*?[\]\s]/.test(resolved.prefix)) throw new Error(`invalid Redis key prefix ${JSON.stringify(resolved.prefix)}`);
  if (resolved.lockRenewMs >= resolved.lockDurationMs) throw new Error('lockRenewMs must be shorter than lockDurationMs');
  return resolved;
}
