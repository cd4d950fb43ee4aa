import { afterEach, describe, expect, it } from 'vitest';
import type { Job, JobQueue } from '../../src/index.ts';

/** A fresh, empty queue for one test, and how to clean up after it (the suite closes the queue first). */
export interface QueueUnderTest {
  queue: JobQueue;
  dispose?: () => Promise<void>;
}

/**
 * The behaviour every `JobQueue` promises, run against one implementation.
 *
 * @example
 * describeJobQueueContract('InProcessQueue', async () => ({ queue: new InProcessQueue() }));
 */
export function describeJobQueueContract(name: string, make: () => Promise<QueueUnderTest>): void {
  describe(`JobQueue contract: ${name}`, () => {
    let current: QueueUnderTest | undefined;
    async function open(): Promise<JobQueue> {
      current = await make();
      return current.queue;
    }
    afterEach(async () => {
      if (!current) return;
      await current.queue.close();
      await current.dispose?.();
      current = undefined;
    });

    it('runs a job with its name, data, id and first attempt, also when added before the handler', async () => {
      const queue = await open();
      const seen: Job[] = [];
      const id = await queue.add('greet', { who: 'world', tags: ['a', 'b'] });
      queue.process('greet', async (job) => void seen.push(job));
      await queue.drained();
      expect(seen).toEqual([{ id, name: 'greet', data: { who: 'world', tags: ['a', 'b'] }, attempt: 1 }]);
      expect(typeof id).toBe('string');
    });

    it('retries a failing job with doubling backoff until it succeeds', async () => {
      const queue = await open();
      const failed: Job[] = [];
      queue.onFailed((job) => void failed.push(job));
      const runs: Array<{ attempt: number; at: number }> = [];
      queue.process('flaky', async (job) => {
        runs.push({ attempt: job.attempt, at: performance.now() });
        if (job.attempt < 3) throw new Error(`transient ${job.attempt}`);
      });
      await queue.add('flaky', {}, { attempts: 3, backoffMs: 100 });
      await queue.drained();
      expect(runs.map((run) => run.attempt)).toEqual([1, 2, 3]);
      const [first, second, third] = runs.map((run) => run.at) as [number, number, number];
      expect(second - first).toBeGreaterThanOrEqual(90); // backoffMs
      expect(third - second).toBeGreaterThanOrEqual(190); // doubled
      expect(failed).toEqual([]);
    });

    it('reports a job that failed on its last attempt exactly once, with that attempt, before drained() resolves', async () => {
      const queue = await open();
      const reports: Array<[Job, string]> = [];
      queue.onFailed(async (job, error) => {
        await new Promise((resolve) => setTimeout(resolve, 30)); // a slow listener (e.g. a database write)
        reports.push([job, error.message]);
      });
      const attempts: Record<string, number[]> = {};
      queue.process<{ n: number }>('doomed', async (job) => {
        (attempts[job.data.n] ??= []).push(job.attempt);
        throw new Error(`permanent ${job.data.n}`);
      });
      const threeTimes = await queue.add('doomed', { n: 3 }, { attempts: 3, backoffMs: 10 });
      const once = await queue.add('doomed', { n: 1 }, { attempts: 1 });
      await queue.drained();
      expect(attempts).toEqual({ 1: [1], 3: [1, 2, 3] });
      const byId = new Map(reports.map(([job, message]) => [job.id, { data: job.data, attempt: job.attempt, name: job.name, message }]));
      expect(reports).toHaveLength(2);
      expect(byId.get(threeTimes)).toEqual({ data: { n: 3 }, attempt: 3, name: 'doomed', message: 'permanent 3' });
      expect(byId.get(once)).toEqual({ data: { n: 1 }, attempt: 1, name: 'doomed', message: 'permanent 1' });
    });

    it('does not add a job twice while one with the same id is waiting, running or waiting for a retry', async () => {
      const queue = await open();
      expect(await queue.add('once', { copy: 1 }, { jobId: 'waiting-1' })).toBe('waiting-1');
      expect(await queue.add('once', { copy: 2 }, { jobId: 'waiting-1' })).toBe('waiting-1');
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let signalStarted!: () => void;
      const started = new Promise<void>((resolve) => (signalStarted = resolve));
      const runs: Array<[string, unknown, number]> = [];
      queue.process('once', async (job) => {
        runs.push([job.id, job.data, job.attempt]);
        if (job.id === 'running-1') {
          signalStarted();
          await gate;
        }
        if (job.id === 'retrying-1' && job.attempt === 1) throw new Error('try again');
      });
      await queue.add('once', { copy: 1 }, { jobId: 'running-1' });
      await started;
      expect(await queue.add('once', { copy: 2 }, { jobId: 'running-1' })).toBe('running-1');
      release();
      await queue.add('once', { copy: 1 }, { jobId: 'retrying-1', attempts: 2, backoffMs: 400 });
      await waitFor(() => runs.some(([id]) => id === 'retrying-1'));
      await new Promise((resolve) => setTimeout(resolve, 100)); // now in its 400 ms backoff
      expect(await queue.add('once', { copy: 2 }, { jobId: 'retrying-1', attempts: 2, backoffMs: 400 })).toBe('retrying-1');
      await queue.drained();
      expect(runs.sort()).toEqual([
        ['retrying-1', { copy: 1 }, 1],
        ['retrying-1', { copy: 1 }, 2],
        ['running-1', { copy: 1 }, 1],
        ['waiting-1', { copy: 1 }, 1],
      ]);
    });

    it('runs an id again once the job with that id has finished, whether it succeeded or failed', async () => {
      const queue = await open();
      const failures: string[] = [];
      queue.onFailed((job) => void failures.push(job.id));
      const runs: Array<[string, unknown]> = [];
      queue.process<{ fail?: boolean; round: number }>('repeat', async (job) => {
        runs.push([job.id, job.data.round]);
        if (job.data.fail) throw new Error('no');
      });
      await queue.add('repeat', { round: 1 }, { jobId: 'ok' });
      await queue.add('repeat', { round: 1, fail: true }, { jobId: 'bad', attempts: 1 });
      await queue.drained();
      await queue.add('repeat', { round: 2 }, { jobId: 'ok' });
      await queue.add('repeat', { round: 2 }, { jobId: 'bad', attempts: 1 });
      await queue.drained();
      expect(runs.sort()).toEqual([['bad', 1], ['bad', 2], ['ok', 1], ['ok', 2]]);
      expect(failures).toEqual(['bad']);
    });

    it('runs at most `concurrency` jobs of a name at once', async () => {
      const queue = await open();
      let running = 0;
      let peak = 0;
      let done = 0;
      queue.process(
        'slow',
        async () => {
          peak = Math.max(peak, ++running);
          await new Promise((resolve) => setTimeout(resolve, 80));
          running--;
          done++;
        },
        { concurrency: 2 },
      );
      await Promise.all(Array.from({ length: 6 }, (_, i) => queue.add('slow', { i })));
      await queue.drained();
      expect(done).toBe(6);
      expect(peak).toBe(2);
    });

    it('drained() resolves at once when idle, and otherwise only when every job name is done', async () => {
      const queue = await open();
      await expect(withinMs(queue.drained(), 1_000)).resolves.toBe(true);
      const finished: string[] = [];
      queue.process('a', async () => {
        await new Promise((resolve) => setTimeout(resolve, 150));
        finished.push('a');
      });
      queue.process('b', async (job) => {
        if (job.attempt === 1) throw new Error('once more');
        finished.push('b');
      });
      await queue.add('a', {});
      await queue.add('b', {}, { attempts: 2, backoffMs: 200 });
      await queue.drained();
      expect(finished.sort()).toEqual(['a', 'b']);
    });

    it('close() can be called twice, and add() rejects afterwards', async () => {
      const queue = await open();
      const ran: number[] = [];
      queue.process<number>('last', async (job) => void ran.push(job.data));
      await queue.add('last', 1);
      await queue.drained();
      await queue.close();
      await queue.close();
      await expect(queue.add('last', 2)).rejects.toThrow(/closed/);
      expect(ran).toEqual([1]);
    });
  });
}

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function withinMs(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise.then(() => true as const), late]);
  } finally {
    clearTimeout(timer);
  }
}
