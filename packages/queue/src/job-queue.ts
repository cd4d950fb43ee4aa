/**
 * Background jobs. `InProcessQueue` runs them in this process (the embedded default);
 * `RedisQueue` runs them across worker processes. Both retry with backoff and
 * report a job that failed for good, so nothing is dropped silently.
 * `createQueue()` picks one from `REDIS_URL`. Both pass `test/contract/job-queue-contract.ts`.
 */
export interface Job<T = unknown> {
  id: string;
  name: string;
  data: T;
  /** 1 on the first run. */
  attempt: number;
}

export interface AddOptions {
  /**
   * A job added again with the same id while the first is pending (waiting, running, or waiting
   * for a retry) is not added twice; `add` returns the id. Once it finished, the id can run again.
   */
  jobId?: string;
  /** Runs in all, first included. Default 3. */
  attempts?: number;
  /** First retry delay; doubles on each retry. Default 1000 ms. */
  backoffMs?: number;
}

export type JobHandler<T> = (job: Job<T>) => Promise<void>;
export type FailureListener = (job: Job, error: Error) => void | Promise<void>;

export interface JobQueue {
  readonly kind: 'in-process' | 'redis';
  /**
   * Registers the handler for one job name.
   *
   * @example
   * queue.process('import', async (job) => runImport(db, job.data.taskId, …));
   */
  process<T>(name: string, handler: JobHandler<T>, options?: { concurrency?: number }): void;
  /**
   * Adds a job and returns its id.
   *
   * @example
   * await queue.add('import', { taskId: 7 }, { jobId: 'import-7' });
   */
  add<T>(name: string, data: T, options?: AddOptions): Promise<string>;
  /**
   * Called once per job that failed on its last attempt, with that attempt's number, before the
   * job counts as settled for `drained()`. With Redis it is called in the process whose worker ran
   * the last attempt.
   */
  onFailed(listener: FailureListener): void;
  /**
   * Resolves when no job is waiting, running or waiting for a retry: in this process for
   * `InProcessQueue`; in Redis, for this instance's job names and whichever process runs them, for `RedisQueue`.
   */
  drained(): Promise<void>;
  /** Stops taking jobs and releases timers and connections; `add` rejects afterwards. Idempotent. */
  close(): Promise<void>;
}
