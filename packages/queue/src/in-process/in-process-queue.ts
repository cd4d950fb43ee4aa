import type { AddOptions, FailureListener, Job, JobHandler, JobQueue } from '../job-queue.ts';

interface Pending {
  job: Job;
  attempts: number;
  backoffMs: number;
}

/**
 * Runs jobs in this process with retries and exponential backoff.
 *
 * @example
 * const queue = new InProcessQueue();
 * queue.process('import', async (job) => { … });
 * await queue.add('import', { taskId: 1 });
 * await queue.drained();
 */
export class InProcessQueue implements JobQueue {
  readonly kind = 'in-process';
  readonly #handlers = new Map<string, { handler: JobHandler<unknown>; concurrency: number; running: number }>();
  readonly #waiting = new Map<string, Pending[]>();
  readonly #ids = new Set<string>();
  readonly #failureListeners: FailureListener[] = [];
  readonly #timers = new Set<NodeJS.Timeout>();
  #inFlight = 0;
  #idleWaiters: Array<() => void> = [];
  #closed = false;
  #sequence = 0;

  process<T>(name: string, handler: JobHandler<T>, options: { concurrency?: number } = {}): void {
    this.#handlers.set(name, { handler: handler as JobHandler<unknown>, concurrency: options.concurrency ?? 1, running: 0 });
    this.#pump(name);
  }

  async add<T>(name: string, data: T, options: AddOptions = {}): Promise<string> {
    if (this.#closed) throw new Error('the queue is closed');
    const id = options.jobId ?? `${name}-${++this.#sequence}`;
    if (this.#ids.has(id)) return id;
    this.#ids.add(id);
    this.#inFlight++;
    this.#enqueue(name, { job: { id, name, data, attempt: 1 }, attempts: options.attempts ?? 3, backoffMs: options.backoffMs ?? 1000 });
    return id;
  }

  onFailed(listener: FailureListener): void {
    this.#failureListeners.push(listener);
  }

  drained(): Promise<void> {
    if (this.#inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }

  #enqueue(name: string, pending: Pending): void {
    const list = this.#waiting.get(name) ?? [];
    list.push(pending);
    this.#waiting.set(name, list);
    this.#pump(name);
  }

  #pump(name: string): void {
    const entry = this.#handlers.get(name);
    const list = this.#waiting.get(name);
    if (!entry || !list) return;
    while (!this.#closed && entry.running < entry.concurrency && list.length) {
      const pending = list.shift()!;
      entry.running++;
      void this.#run(entry.handler, pending).finally(() => {
        entry.running--;
        this.#pump(name);
      });
    }
  }

  async #run(handler: JobHandler<unknown>, pending: Pending): Promise<void> {
    try {
      await handler(pending.job);
      this.#settle(pending.job);
    } catch (error) {
      const err = error instanceof Error ? error : new Error(String(error));
      if (pending.job.attempt < pending.attempts && !this.#closed) {
        const delay = pending.backoffMs * 2 ** (pending.job.attempt - 1);
        const timer = setTimeout(() => {
          this.#timers.delete(timer);
          this.#enqueue(pending.job.name, { ...pending, job: { ...pending.job, attempt: pending.job.attempt + 1 } });
        }, delay);
        this.#timers.add(timer);
        return;
      }
      for (const listener of this.#failureListeners) await Promise.resolve(listener(pending.job, err)).catch(() => {});
      this.#settle(pending.job);
    }
  }

  #settle(job: Job): void {
    this.#ids.delete(job.id);
    this.#inFlight--;
    if (this.#inFlight === 0) for (const resolve of this.#idleWaiters.splice(0)) resolve();
  }
}
