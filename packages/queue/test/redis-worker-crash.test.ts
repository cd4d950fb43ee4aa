import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { deleteRedisKeys, RedisQueue, redisAvailable, TEST_REDIS_URL, uniqueTestPrefix, type Job, type RedisQueueConfig } from '../src/index.ts';
import type { HangingWorkerSettings } from './fixtures/hanging-worker.ts';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const workerScript = fileURLToPath(new URL('./fixtures/hanging-worker.ts', import.meta.url));
const silent = { warn: () => {}, info: () => {} };

/** Starts the hanging worker and resolves once it has taken a job (it never finishes it). */
async function startHangingWorker(settings: HangingWorkerSettings): Promise<{ child: ChildProcess; jobId: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', workerScript, JSON.stringify(settings)], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const jobId = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`the worker did not take the job within 15 s; stderr: ${stderr}`)), 15_000);
    child.stdout!.on('data', (chunk) => {
      stdout += chunk;
      const started = /STARTED (\S+)/.exec(stdout);
      if (started) {
        clearTimeout(timer);
        resolve(started[1]!);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the worker exited early (${code ?? signal}); stderr: ${stderr}`));
    });
  });
  return { child, jobId };
}

async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function killHard(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

const children = new Set<ChildProcess>();
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const child of children) await killHard(child); // only the processes this file spawned
  children.clear();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const available = await redisAvailable();

describe.skipIf(!available)('RedisQueue: a worker killed mid-job', () => {
  it('re-delivers the job to another worker, which completes it once (default lock/stalled settings)', { timeout: 30_000 }, async () => {
    const prefix = uniqueTestPrefix('crash');
    const runsKey = `${prefix}:test:runs`;
    const journal = new Redis(TEST_REDIS_URL);
    cleanups.push(() => deleteRedisKeys(prefix), async () => journal.disconnect());
    const config: RedisQueueConfig = { url: TEST_REDIS_URL, prefix, logger: silent };

    const producer = new RedisQueue(config);
    cleanups.push(() => producer.close());
    const failed: Job[] = [];
    producer.onFailed((job) => void failed.push(job));
    const jobId = await producer.add('import', { taskId: 42 }, { jobId: 'import-42', attempts: 3 });

    const { child, jobId: takenId } = await startHangingWorker({ queue: config, jobName: 'import', runsKey });
    expect(takenId).toBe(jobId);
    await killHard(child);
    const killedAt = performance.now();

    const replacement = new RedisQueue(config);
    cleanups.push(() => replacement.close());
    replacement.onFailed((job) => void failed.push(job));
    let redeliveredAfterMs = 0;
    const seen: Job[] = [];
    replacement.process<{ taskId: number }>('import', async (job) => {
      redeliveredAfterMs = performance.now() - killedAt;
      seen.push(job);
      await journal.rpush(runsKey, `parent:start:${job.id}:${job.attempt}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
      await journal.rpush(runsKey, `parent:done:${job.id}`);
    });
    await producer.drained();
    console.info(`[crash test] job re-delivered ${Math.round(redeliveredAfterMs)} ms after SIGKILL`);

    expect(await journal.lrange(runsKey, 0, -1)).toEqual([
      `child:${child.pid}:start:import-42:1`,
      'parent:start:import-42:1', // a crash is not a failed attempt
      'parent:done:import-42',
    ]);
    expect(seen).toEqual([{ id: 'import-42', name: 'import', data: { taskId: 42 }, attempt: 1 }]);
    expect(failed).toEqual([]);
    // lock (5 s) + one stalled check (2 s) + slack
    expect(redeliveredAfterMs).toBeLessThan(10_000);
  });

  it('fails the job for good, through onFailed, once its worker died more than maxStalledCount times', { timeout: 30_000 }, async () => {
    const prefix = uniqueTestPrefix('crash-limit');
    cleanups.push(() => deleteRedisKeys(prefix));
    const config: RedisQueueConfig = { url: TEST_REDIS_URL, prefix, logger: silent, lockDurationMs: 1_000, lockRenewMs: 250, stalledIntervalMs: 500, maxStalledCount: 0 };

    const queue = new RedisQueue(config);
    cleanups.push(() => queue.close());
    const failures: Array<[Job, string]> = [];
    queue.onFailed((job, error) => void failures.push([job, error.message]));
    await queue.add('import', { taskId: 7 }, { jobId: 'import-7' });
    const { child } = await startHangingWorker({ queue: config, jobName: 'import', runsKey: `${prefix}:test:runs` });
    await killHard(child);

    let ran = false;
    queue.process('import', async () => void (ran = true)); // this worker's stalled check finds the dead job
    await queue.drained();
    // This one failure is reported by bull's stalled check just after the job left the queue, so
    // drained() can resolve a moment before it (documented on RedisQueue); wait for it.
    await waitFor(() => failures.length > 0);
    await new Promise((resolve) => setTimeout(resolve, 200)); // and make sure no second report follows
    expect(ran).toBe(false);
    expect(failures).toHaveLength(1);
    expect(failures[0]![0]).toMatchObject({ id: 'import-7', name: 'import', data: { taskId: 7 }, attempt: 1 });
    expect(failures[0]![1]).toMatch(/lost its worker/);
  });
});
