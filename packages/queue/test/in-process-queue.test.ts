import { describe, expect, it } from 'vitest';
import { InProcessQueue, type Job } from '../src/index.ts';

describe('in-process queue', () => {
  it('runs jobs, retries failures with backoff, and reports a job that failed for good', async () => {
    const queue = new InProcessQueue();
    const runs: number[] = [];
    const failed: Array<[Job, string]> = [];
    queue.onFailed((job, error) => void failed.push([job, error.message]));
    queue.process<{ n: number }>('work', async (job) => {
      runs.push(job.data.n * 10 + job.attempt);
      if (job.data.n === 1 && job.attempt < 2) throw new Error('transient');
      if (job.data.n === 2) throw new Error('permanent');
    });
    await queue.add('work', { n: 1 }, { backoffMs: 5 });
    await queue.add('work', { n: 2 }, { backoffMs: 5, attempts: 3 });
    await queue.drained();
    expect(runs.filter((r) => r < 20)).toEqual([11, 12]);
    expect(runs.filter((r) => r >= 20)).toEqual([21, 22, 23]);
    expect(failed.map(([job, message]) => [job.data, job.attempt, message])).toEqual([[{ n: 2 }, 3, 'permanent']]);
    await queue.close();
  });

  it('does not run a job twice when it is added again under the same id while pending', async () => {
    const queue = new InProcessQueue();
    let runs = 0;
    await queue.add('once', {}, { jobId: 'x' });
    await queue.add('once', {}, { jobId: 'x' });
    queue.process('once', async () => void runs++);
    await queue.drained();
    expect(runs).toBe(1);
  });

  it('respects concurrency', async () => {
    const queue = new InProcessQueue();
    let running = 0;
    let peak = 0;
    queue.process('slow', async () => {
      peak = Math.max(peak, ++running);
      await new Promise((r) => setTimeout(r, 10));
      running--;
    }, { concurrency: 2 });
    await Promise.all(Array.from({ length: 6 }, () => queue.add('slow', {})));
    await queue.drained();
    expect(peak).toBe(2);
  });
});
