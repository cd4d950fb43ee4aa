import { randomUUID } from 'node:crypto';
import Bull from 'bull';
import { Redis, type RedisOptions } from 'ioredis';
import type { AddOptions, FailureListener, Job, JobHandler, JobQueue } from '../job-queue.ts';
import type { RedisHealth } from './redis-health.ts';
import { resolveRedisQueueConfig, type RedisQueueConfig, type ResolvedRedisQueueConfig } from './redis-queue-config.ts';
import { isConnectionError, redactRedisUrl, RedisUnavailableError } from './redis-unavailable-error.ts';

/** Our backoff: `backoffMs`, then twice that, and so on (bull's own "exponential" is (2^n − 1)·delay). */
const DOUBLING_BACKOFF = 'pb-doubling';
/** bull's reason for a job whose worker died more than `maxStalledCount` times. */
const STALLED_TOO_OFTEN = 'job stalled more than allowable limit';
/** A job lives at `<prefix>:<name>:<id>`, next to bull's own keys: ids must not land on those. */
const BULL_KEY_NAMES = new Set(['active', 'wait', 'waiting', 'paused', 'resumed', 'meta-paused', 'meta', 'id', 'delayed', 'priority', 'stalled-check', 'completed', 'failed', 'stalled', 'repeat', 'limiter', 'drained', 'duplicated', 'progress', 'de', 'events', 'metrics']);

/**
 * Which connection a bull queue asks for. Producers fail fast; workers ride out outages.
 * - producer: used by `add`/`drained`/`ping`; no offline queue, no retries, bounded commands.
 * - worker: bull's command connection for processing (locks, moves); queues commands while offline.
 * - subscriber / blocking: bull's pub/sub and BRPOPLPUSH connections (bull requires no retry limit).
 */
type ConnectionRole = 'producer' | 'worker' | 'subscriber' | 'blocking';

interface NamedQueue {
  /** Adds jobs and reads counts over the producer connection. */
  producer: Bull.Queue;
  /** Runs the handler; created by `process`. */
  worker?: Bull.Queue;
}

/**
 * Runs jobs across processes through Redis (bull 4): one bull queue per job name under
 * `<prefix>:<name>:…`, retries with doubling backoff, de-duplication by job id, failed jobs kept
 * for inspection, and re-delivery of jobs whose worker died (see `RedisQueueConfig` for timings).
 *
 * @example
 * const queue = new RedisQueue({ url: 'redis://127.0.0.1:6379', prefix: 'pb' });
 * queue.process<{ taskId: number }>('import', async (job) => { … }, { concurrency: 2 });
 * await queue.add('import', { taskId: 7 }, { jobId: 'import-7', attempts: 3, backoffMs: 2000 });
 * await queue.drained();
 * await queue.close();
 *
 * Delivery is at least once: a job whose worker dies, or blocks its event loop past the lock, runs
 * again elsewhere, so handlers must be idempotent. Job data must survive `JSON.stringify`. Job ids
 * may not contain `:` nor be one of bull's key names (`wait`, `active`, …); without `jobId` the id is
 * `<name>-<uuid>` (never bull's counter, which a caller's numeric id could collide with).
 *
 * `onFailed` listeners run in the worker's process before the job leaves Redis' active list, so
 * `drained()` waits for them. Two rarer failures are reported from bull's events instead: a job
 * whose worker died more than `maxStalledCount` times (reported by the stalled check just after it
 * was failed, so `drained()` may resolve a moment earlier), and a last attempt whose result could not
 * be saved because its lock was lost meanwhile (re-delivered, so it may be reported twice).
 */
export class RedisQueue implements JobQueue {
  readonly kind = 'redis';
  readonly #config: ResolvedRedisQueueConfig;
  readonly #safeUrl: string;
  readonly #producer: Redis;
  #workerConnection?: Redis;
  #subscriber?: Redis;
  readonly #connections = new Set<Redis>();
  readonly #queues = new Map<string, NamedQueue>();
  readonly #failureListeners: FailureListener[] = [];
  /** Rejects the handler race of each running job; used only when `close` gives up waiting. */
  readonly #abortRunning = new Set<(error: Error) => void>();
  #lastConnectionError?: Error;
  #outage = false;
  #abandoning = false;
  #closing?: Promise<void>;

  constructor(config: RedisQueueConfig) {
    this.#config = resolveRedisQueueConfig(config);
    this.#safeUrl = redactRedisUrl(this.#config.url);
    this.#producer = this.#connect('producer');
  }

  process<T>(name: string, handler: JobHandler<T>, options: { concurrency?: number } = {}): void {
    this.#assertOpen();
    const concurrency = options.concurrency ?? 1;
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
    const named = this.#named(name);
    if (named.worker) throw new Error(`a handler for job "${name}" is already registered on this queue`);
    const worker = this.#bullQueue(name, 'worker');
    named.worker = worker;
    guardWorkerName(worker);
    worker.on('failed', (job: Bull.Job | null, error: Error) => this.#onBullFailed(name, job, error));
    worker.process(concurrency, (bullJob: Bull.Job) => this.#run(name, handler as JobHandler<unknown>, bullJob)).catch((error: unknown) => {
      // bull rejects with `undefined` when a connection ends before it was ever ready.
      if (!this.#closing) this.#config.logger.warn(`[queue] the worker for "${name}" stopped: ${(error as Error | undefined)?.message ?? 'its connection closed'}`);
    });
  }

  async add<T>(name: string, data: T, options: AddOptions = {}): Promise<string> {
    this.#assertOpen();
    if (options.jobId !== undefined) assertUsableJobId(options.jobId);
    const action = `could not add job "${name}"`;
    const { producer } = this.#named(name);
    try {
      await this.#whenReachable(action);
      const jobId = options.jobId ?? `${name}-${randomUUID()}`;
      if (options.jobId !== undefined && (await this.#isPending(name, jobId))) return jobId;
      const job = await producer.add(data, {
        jobId,
        attempts: options.attempts ?? 3,
        backoff: { type: DOUBLING_BACKOFF, options: { delayMs: options.backoffMs ?? 1000 } },
        removeOnComplete: true,
        removeOnFail: { count: this.#config.keepFailed },
      });
      return String(job.id);
    } catch (error) {
      throw this.#explain(error, action);
    }
  }

  onFailed(listener: FailureListener): void {
    this.#failureListeners.push(listener);
  }

  /**
   * Resolves when none of this instance's job names has a job waiting, running or waiting for a retry
   * in Redis, whichever process runs them. Polls every 50 ms; rejects with a `RedisUnavailableError`
   * when Redis stays unreachable longer than `unreachableAfterMs`.
   */
  async drained(): Promise<void> {
    const action = 'could not check whether the queue drained';
    for (;;) {
      if (this.#closing) throw new Error('the queue was closed before it drained');
      try {
        await this.#whenReachable(action);
        if ((await this.#pendingCount()) === 0) return;
      } catch (error) {
        throw this.#explain(error, action);
      }
      await sleep(50);
    }
  }

  /**
   * Checks that this queue's Redis answers; for readiness endpoints. Never throws.
   *
   * @example
   * const health = await queue.ping(); // { ok: true, url, latencyMs } or { ok: false, url, error }
   */
  async ping(): Promise<RedisHealth> {
    if (this.#closing) return { ok: false, url: this.#safeUrl, error: 'the queue is closed' };
    const started = performance.now();
    try {
      await this.#whenReachable('ping');
      await this.#producer.ping();
      return { ok: true, url: this.#safeUrl, latencyMs: Math.round(performance.now() - started) };
    } catch (error) {
      return { ok: false, url: this.#safeUrl, error: this.#explain(error, 'ping failed').message };
    }
  }

  /**
   * Stops taking jobs, waits up to `closeTimeoutMs` for running ones, then closes every Redis
   * connection. Jobs still running at the deadline are abandoned and re-delivered by Redis to
   * another worker once their lock expires. Idempotent.
   */
  close(): Promise<void> {
    this.#closing ??= this.#shutDown();
    return this.#closing;
  }

  async #shutDown(): Promise<void> {
    const bullQueues = [...this.#queues.values()].flatMap(({ producer, worker }) => (worker ? [producer, worker] : [producer]));
    const closed = Promise.allSettled(bullQueues.map((queue) => queue.close()));
    if (!(await settlesWithin(closed, this.#config.closeTimeoutMs))) {
      this.#config.logger.warn(
        `[queue] ${this.#abortRunning.size} job(s) still running ${this.#config.closeTimeoutMs} ms after close(); leaving them to be re-delivered to another worker`,
      );
      this.#abandoning = true;
      // Disconnect first so bull cannot record the abandoned runs as failed attempts.
      for (const connection of this.#connections) connection.disconnect();
      for (const abort of this.#abortRunning) abort(new Error('the queue closed while the job was running'));
      await settlesWithin(closed, 2_000);
    }
    await Promise.all([...this.#connections].map(closeConnection));
  }

  async #run(name: string, handler: JobHandler<unknown>, bullJob: Bull.Job): Promise<void> {
    const job: Job = { id: String(bullJob.id), name, data: bullJob.data, attempt: bullJob.attemptsMade + 1 };
    let abort: (error: Error) => void = () => {};
    const abandoned = new Promise<never>((_, reject) => (abort = reject));
    this.#abortRunning.add(abort);
    try {
      await Promise.race([handler(job), abandoned]);
    } catch (error) {
      const err = error instanceof Error ? error : new Error(String(error));
      // Reported while the job is still active in Redis, so `drained()` cannot resolve before the listeners ran.
      if (!this.#abandoning && job.attempt >= (bullJob.opts.attempts ?? 1)) await this.#reportFailure(job, err);
      throw err;
    } finally {
      this.#abortRunning.delete(abort);
    }
  }

  /** Handler failures are reported by `#run`; this catches the one failure no handler sees. */
  #onBullFailed(name: string, bullJob: Bull.Job | null, error: Error): void {
    if (!bullJob || error.message !== STALLED_TOO_OFTEN) return;
    const job: Job = { id: String(bullJob.id), name, data: bullJob.data, attempt: bullJob.attemptsMade + 1 };
    const reason = new Error(`the job lost its worker (crashed, killed, or event loop blocked past the lock) more than ${this.#config.maxStalledCount} time(s)`);
    void this.#reportFailure(job, reason);
  }

  async #reportFailure(job: Job, error: Error): Promise<void> {
    for (const listener of this.#failureListeners) {
      try {
        await listener(job, error);
      } catch (listenerError) {
        this.#config.logger.warn(`[queue] a failure listener threw for job ${job.name}/${job.id}: ${(listenerError as Error).message}`);
      }
    }
  }

  /**
   * True when a job with this id is waiting, running or waiting for a retry. A finished one (a
   * failed job kept for inspection) is removed, so the id can run again, as with `InProcessQueue`.
   * Reads the four lists in one MULTI: bull's own `getState` reads them one by one and can miss a
   * job that moves between two reads.
   */
  async #isPending(name: string, jobId: string): Promise<boolean> {
    const key = (part: string) => `${this.#config.prefix}:${name}:${part}`;
    const replies = await this.#producer
      .multi()
      .exists(key(jobId))
      .lpos(key('wait'), jobId)
      .lpos(key('active'), jobId)
      .zscore(key('delayed'), jobId)
      .lpos(key('paused'), jobId)
      .exec();
    const [exists, ...places] = (replies ?? []).map(([error, value]) => {
      if (error) throw error;
      return value;
    });
    if (!exists) return false;
    if (places.some((place) => place !== null)) return true;
    const finished = await this.#named(name).producer.getJob(jobId);
    await finished?.remove();
    return false;
  }

  async #pendingCount(): Promise<number> {
    if (this.#queues.size === 0) return 0;
    const multi = this.#producer.multi();
    for (const name of this.#queues.keys()) {
      const key = (part: string) => `${this.#config.prefix}:${name}:${part}`;
      multi.llen(key('wait')).llen(key('active')).llen(key('paused')).zcard(key('delayed'));
    }
    const replies = (await multi.exec()) ?? [];
    return replies.reduce((sum, [error, count]) => {
      if (error) throw error;
      return sum + Number(count);
    }, 0);
  }

  /** Waits for the producer connection, at most `unreachableAfterMs`. */
  async #whenReachable(action: string): Promise<void> {
    if (this.#producer.status === 'ready') return;
    if (this.#closing) throw new Error('the queue is closed');
    const waitMs = this.#config.unreachableAfterMs;
    await new Promise<void>((resolve, reject) => {
      const onReady = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.#producer.off('ready', onReady);
        const lastError = this.#lastConnectionError;
        const reason = `no connection within ${waitMs} ms${lastError ? `: ${lastError.message}` : ''}`;
        reject(new RedisUnavailableError(this.#safeUrl, reason, { action, cause: lastError }));
      }, waitMs);
      this.#producer.once('ready', onReady);
    });
  }

  #explain(error: unknown, action: string): Error {
    if (error instanceof RedisUnavailableError) return error;
    if (!isConnectionError(error)) return error instanceof Error ? error : new Error(String(error));
    // ioredis' own words ("Stream isn't writeable…") say less than the socket error behind them.
    const lastError = this.#lastConnectionError;
    const reason = lastError
      ? `connection lost: ${lastError.message}`
      : /Stream isn't writeable/.test((error as Error).message)
        ? 'not connected'
        : (error as Error).message;
    return new RedisUnavailableError(this.#safeUrl, reason, { action, cause: error });
  }

  #assertOpen(): void {
    if (this.#closing) throw new Error('the queue is closed');
  }

  #named(name: string): NamedQueue {
    let named = this.#queues.get(name);
    if (!named) {
      if (!name || name.includes(':')) throw new Error(`job name ${JSON.stringify(name)} is not usable with Redis: it must be non-empty and without ":"`);
      named = { producer: this.#bullQueue(name, 'producer') };
      this.#queues.set(name, named);
    }
    return named;
  }

  #bullQueue(name: string, role: 'producer' | 'worker'): Bull.Queue {
    const config = this.#config;
    const options: Bull.QueueOptions & { skipVersionCheck: boolean } = {
      prefix: config.prefix,
      skipVersionCheck: true,
      createClient: (type) => {
        if (type === 'bclient') return this.#connect('blocking');
        if (type === 'subscriber') return (this.#subscriber ??= this.#connect('subscriber'));
        return role === 'producer' ? this.#producer : (this.#workerConnection ??= this.#connect('worker'));
      },
      settings: {
        lockDuration: config.lockDurationMs,
        lockRenewTime: config.lockRenewMs,
        stalledInterval: config.stalledIntervalMs,
        maxStalledCount: config.maxStalledCount,
        retryProcessDelay: 1_000,
        backoffStrategies: {
          [DOUBLING_BACKOFF]: (attemptsMade: number, _error: Error, options?: { delayMs?: number }) => (options?.delayMs ?? 1000) * 2 ** (attemptsMade - 1),
        },
      },
    };
    return new Bull(name, options);
  }

  #connect(role: ConnectionRole): Redis {
    const common: RedisOptions = {
      connectionName: `${this.#config.prefix}-queue-${role}`,
      connectTimeout: this.#config.unreachableAfterMs,
      disconnectTimeout: 500, // how long a dead socket may linger after close() (ioredis default 2 s)
      // Reconnect quickly (≤ 1 s) once Redis is back; bull's default backs off to 20 s.
      retryStrategy: (attempt) => Math.min(100 * 2 ** (attempt - 1), 1_000),
    };
    const byRole: Record<ConnectionRole, RedisOptions> = {
      producer: { enableOfflineQueue: false, maxRetriesPerRequest: 0, commandTimeout: this.#config.commandTimeoutMs },
      worker: { maxRetriesPerRequest: null },
      subscriber: { maxRetriesPerRequest: null, enableReadyCheck: false },
      blocking: { maxRetriesPerRequest: null, enableReadyCheck: false },
    };
    const connection = new Redis(this.#config.url, { ...common, ...byRole[role] });
    connection.setMaxListeners(0); // every bull queue sharing it adds its own listeners
    connection.on('error', (error: Error) => this.#connectionLost(error));
    if (role === 'producer') {
      connection.on('ready', () => this.#connectionRestored());
      // A server that goes away cleanly (FIN) closes the socket without an 'error' event.
      connection.on('close', () => this.#connectionLost(new Error('socket closed'), { keepEarlierError: true }));
    }
    this.#connections.add(connection);
    return connection;
  }

  #connectionLost(error: Error, options: { keepEarlierError?: boolean } = {}): void {
    if (!options.keepEarlierError || !this.#lastConnectionError) this.#lastConnectionError = error;
    if (this.#outage || this.#closing) return;
    this.#outage = true;
    this.#config.logger.warn(`[queue] Redis at ${this.#safeUrl} is unreachable (${this.#lastConnectionError?.message}); reconnecting. add() fails until it is back; running jobs wait.`);
  }

  #connectionRestored(): void {
    this.#lastConnectionError = undefined;
    if (!this.#outage) return;
    this.#outage = false;
    this.#config.logger.info(`[queue] Redis at ${this.#safeUrl} is reachable again.`);
  }
}

function assertUsableJobId(jobId: string): void {
  if (!jobId || jobId.includes(':') || BULL_KEY_NAMES.has(jobId)) {
    throw new Error(`job id ${JSON.stringify(jobId)} is not usable with Redis: it must be non-empty, without ":", and not one of bull's key names`);
  }
}

/**
 * bull names the blocking connection (CLIENT SETNAME, for its `getWorkers()`) in a promise nobody
 * awaits, and when that connection ends before it was ever ready (a queue closed right after
 * `process()`, or Redis down) its error handler reads `undefined.message` and the rejection goes
 * unhandled, which stops a Node process. Keep the naming, drop that failure.
 */
function guardWorkerName(queue: Bull.Queue): void {
  const withName = queue as Bull.Queue & { setWorkerName(): Promise<unknown> };
  const setWorkerName = withName.setWorkerName.bind(queue);
  withName.setWorkerName = () => setWorkerName().catch(() => undefined);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** True when the promise settled within `ms`; never rejects. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  const settled = promise.then(
    () => true as const,
    () => true as const,
  );
  try {
    return await Promise.race([settled, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** QUIT when connected (bounded), then drop the socket and any reconnect timer. */
async function closeConnection(connection: Redis): Promise<void> {
  if (connection.status === 'ready') await settlesWithin(connection.quit(), 500);
  connection.disconnect();
}
