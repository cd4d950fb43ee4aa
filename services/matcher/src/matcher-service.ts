import type { Kysely } from 'kysely';
import { claimTask, createTask, EMPTY_COUNTS, failTask, reportProgress, succeedTask, type Database } from '@patent-bridge/db';
import { rebuildAllMatches, refreshMatches, type Matcher, type RefreshReport } from '@patent-bridge/matching';
import type { JobQueue } from '@patent-bridge/queue';

export const MATCH_REFRESH_JOB = 'match.refresh';
export const MATCH_REBUILD_JOB = 'match.rebuild';

export interface MatcherServiceOptions {
  db: Kysely<Database>;
  queue: JobQueue;
  /** The matcher over the current index; undefined until the index is ready. */
  matcher: () => Matcher | undefined;
  /** How often the matching queue is checked (default 500 ms). */
  pollMs?: number;
  /** Only this many recomputations per job run, so one job never holds a worker for long (default 50 rounds). */
  maxRoundsPerJob?: number;
  log?: (message: string) => void;
  onRefreshed?: (report: RefreshReport) => void;
}

class IndexNotReadyError extends Error {
  constructor() {
    super('the search index is not ready yet; matching will run once it is');
  }
}

/**
 * The matching service: whenever the matching queue (written by triggers) holds changes, it adds a
 * `match.refresh` job, and the job's worker recomputes the affected demands' top-K. A failed job is
 * retried with backoff by the queue; the queue rows stay until their work is stored, so nothing is
 * lost. `rebuild()` recomputes every open demand as a task with progress.
 *
 * @example
 * const service = new MatcherService({ db, queue, matcher: () => context.matcher });
 * await service.start();
 */
export class MatcherService {
  readonly #options: MatcherServiceOptions;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;
  /** The last rebuild task this service queued; a new request joins it while it has not started. */
  #queuedRebuild: number | undefined;
  lastError: Error | undefined;

  constructor(options: MatcherServiceOptions) {
    this.#options = options;
  }

  /** Registers the job workers and starts watching the matching queue. */
  async start(): Promise<void> {
    const { queue, db } = this.#options;
    queue.process(MATCH_REFRESH_JOB, async () => {
      await this.refreshNow();
    });
    queue.process<{ taskId: number }>(MATCH_REBUILD_JOB, async (job) => this.#rebuild(job.data.taskId, job.attempt));
    queue.onFailed(async (job, error) => {
      if (job.name === MATCH_REBUILD_JOB) {
        const { taskId } = job.data as { taskId: number };
        await failTask(db, taskId, { code: 'internal', message: `matching rebuild failed after ${job.attempt} attempts: ${error.message}` });
      } else if (job.name === MATCH_REFRESH_JOB) {
        this.#options.log?.(`matching refresh failed after ${job.attempt} attempts: ${error.message}; the changes stay queued and are retried on the next poll`);
      }
    });
    this.#schedule();
  }

  /**
   * Runs refresh rounds in this process until the matching queue holds nothing ready.
   *
   * @example
   * await service.refreshNow() // { processed: 3, recomputed: 2, … }
   */
  async refreshNow(): Promise<RefreshReport> {
    const matcher = this.#options.matcher();
    if (!matcher) throw new IndexNotReadyError();
    const total: RefreshReport = { processed: 0, deferred: 0, recomputed: 0, strongMatches: 0, pullUpdated: 0 };
    for (let round = 0; round < (this.#options.maxRoundsPerJob ?? 50); round++) {
      const report = await refreshMatches(this.#options.db, matcher);
      total.processed += report.processed;
      total.recomputed += report.recomputed;
      total.strongMatches += report.strongMatches;
      total.pullUpdated += report.pullUpdated;
      total.deferred = report.deferred;
      if (report.processed === 0) break;
    }
    if (total.processed > 0) this.#options.onRefreshed?.(total);
    return total;
  }

  /**
   * Starts recomputing every open demand's matches as a task; returns the task id to poll. While a
   * rebuild this service queued has not started, another request joins it (gets the same task id).
   *
   * @example
   * const taskId = await service.rebuild();
   */
  async rebuild(): Promise<number> {
    // A rebuild reads every demand when it starts, so one still waiting covers this request too:
    // repeated requests cannot pile up full rebuilds.
    if (this.#queuedRebuild !== undefined) {
      const queued = await this.#options.db.selectFrom('tasks').select('status').where('id', '=', this.#queuedRebuild).executeTakeFirst();
      if (queued?.status === 'enqueued') return this.#queuedRebuild;
    }
    const taskId = await createTask(this.#options.db, 'match', { kind: 'rebuild' });
    try {
      await this.#options.queue.add(MATCH_REBUILD_JOB, { taskId }, { jobId: `${MATCH_REBUILD_JOB}-${taskId}`, attempts: 3, backoffMs: 2000 });
    } catch (error) {
      // No job will run this task (e.g. Redis is down): do not leave it `enqueued` for ever.
      await this.#options.db.deleteFrom('tasks').where('id', '=', taskId).execute().catch(() => undefined);
      throw error;
    }
    this.#queuedRebuild = taskId;
    return taskId;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
  }

  async #rebuild(taskId: number, attempt: number): Promise<void> {
    const { db } = this.#options;
    const matcher = this.#options.matcher();
    if (!matcher) throw new IndexNotReadyError();
    if (!(await claimTask(db, taskId, attempt))) return;
    let last = 0;
    const result = await rebuildAllMatches(db, matcher, {
      onProgress: (done, total) => {
        if (Date.now() - last > 500 || done === total) {
          last = Date.now();
          void reportProgress(db, taskId, { done, total }, { ...EMPTY_COUNTS, received: total, imported: done });
        }
      },
    });
    await succeedTask(db, taskId, { ...EMPTY_COUNTS, received: result.demands, imported: result.demands }, result);
  }

  #schedule(): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      void this.#poll()
        .then(() => {
          this.lastError = undefined;
        })
        .catch((error: Error) => {
          if (this.lastError?.message !== error.message) this.#options.log?.(`matcher: ${error.message} (will retry)`);
          this.lastError = error;
        })
        .finally(() => this.#schedule());
    }, this.#options.pollMs ?? 500);
  }

  async #poll(): Promise<void> {
    if (!this.#options.matcher()) return;
    const waiting = await this.#options.db.selectFrom('match_queue').select('id').limit(1).executeTakeFirst();
    if (waiting) await this.#options.queue.add(MATCH_REFRESH_JOB, {}, { jobId: 'match-refresh', attempts: 3, backoffMs: 1000 });
  }
}
