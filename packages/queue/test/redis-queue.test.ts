import { Redis } from 'ioredis';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createQueue, deleteRedisKeys, InProcessQueue, RedisQueue, redisAvailable, redisHealth, TEST_REDIS_URL, uniqueTestPrefix, type JobQueue } from '../src/index.ts';
import { freePort } from './fixtures/dedicated-redis.ts';

const silent = { warn: () => {}, info: () => {} };
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  vi.unstubAllEnvs();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('createQueue', () => {
  it('returns the in-process queue without REDIS_URL, and a RedisQueue with it', async () => {
    vi.stubEnv('REDIS_URL', '');
    const embedded = createQueue();
    expect(embedded).toBeInstanceOf(InProcessQueue);
    expect(embedded.kind).toBe('in-process');
    await embedded.close();

    const prefix = uniqueTestPrefix('factory');
    vi.stubEnv('REDIS_URL', 'redis://127.0.0.1:1'); // never contacted: the option wins
    const redis = createQueue({ redisUrl: TEST_REDIS_URL, prefix, logger: silent });
    expect(redis).toBeInstanceOf(RedisQueue);
    expect(redis.kind).toBe('redis');
    await redis.close();
  });
});

describe('redisHealth', () => {
  it('reports a closed port as not ok, quickly and without throwing', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    const started = performance.now();
    const health = await redisHealth(url, { timeoutMs: 1_000 });
    expect(performance.now() - started).toBeLessThan(1_500);
    expect(health).toMatchObject({ ok: false, url });
    expect(health.ok ? '' : health.error).toMatch(/Redis at .* is unreachable: .*ECONNREFUSED/);
  });

  it('masks the password in what it reports', async () => {
    const health = await redisHealth(`redis://user:secret@127.0.0.1:${await freePort()}`, { timeoutMs: 500 });
    expect(JSON.stringify(health)).not.toContain('secret');
  });
});

const available = await redisAvailable();

describe.skipIf(!available)('RedisQueue on the test Redis', () => {
  function open(options: Partial<ConstructorParameters<typeof RedisQueue>[0]> = {}): { queue: RedisQueue; prefix: string } {
    const prefix = uniqueTestPrefix('redis');
    const queue = new RedisQueue({ url: TEST_REDIS_URL, prefix, logger: silent, ...options });
    cleanups.push(() => deleteRedisKeys(prefix), () => queue.close());
    return { queue, prefix };
  }

  it('answers ping() and redisHealth()', async () => {
    const { queue } = open();
    expect(await queue.ping()).toMatchObject({ ok: true, url: TEST_REDIS_URL });
    expect(await redisHealth(TEST_REDIS_URL)).toMatchObject({ ok: true });
  });

  it('keeps its keys under its prefix, removes completed jobs and keeps failed ones for inspection', async () => {
    const { queue, prefix } = open();
    queue.process<{ ok: boolean }>('inspect', async (job) => {
      if (!job.data.ok) throw new Error('bad input');
    });
    await queue.add('inspect', { ok: true }, { jobId: 'good' });
    await queue.add('inspect', { ok: false }, { jobId: 'bad', attempts: 1 });
    await queue.drained();
    const redis = new Redis(TEST_REDIS_URL);
    cleanups.push(async () => redis.disconnect());
    expect(await redis.exists(`${prefix}:inspect:good`)).toBe(0);
    expect(await redis.zrange(`${prefix}:inspect:failed`, 0, -1)).toEqual(['bad']);
    expect(await redis.hget(`${prefix}:inspect:bad`, 'failedReason')).toBe('bad input');
    expect(await redis.keys('bull:inspect:*')).toEqual([]);
  });

  it('refuses a second handler for the same name, a bad concurrency, and ids or names that would land on bull keys', async () => {
    const { queue } = open();
    queue.process('one', async () => {});
    expect(() => queue.process('one', async () => {})).toThrow(/already registered/);
    expect(() => queue.process('two', async () => {}, { concurrency: 0 })).toThrow(RangeError);
    await expect(queue.add('one', {}, { jobId: 'wait' })).rejects.toThrow(/not usable/);
    await expect(queue.add('one', {}, { jobId: 'a:lock' })).rejects.toThrow(/not usable/);
    await expect(queue.add('a:b', {})).rejects.toThrow(/not usable/);
  });

  it('gives jobs added without an id an id of their own, never bull\'s counter', async () => {
    const { queue } = open();
    const seen: string[] = [];
    queue.process('counted', async (job) => void seen.push(job.id));
    const first = await queue.add('counted', {});
    const numeric = await queue.add('counted', {}, { jobId: '1' }); // would have been bull's first id
    await queue.drained();
    expect(first).toMatch(/^counted-[0-9a-f-]{36}$/);
    expect(seen.sort()).toEqual([first, numeric].sort());
  });

  it('close() releases every connection and timer', async () => {
    await new Promise((resolve) => setTimeout(resolve, 100)); // let earlier tests' sockets finish closing
    const baseline = resourceCounts();
    const prefix = uniqueTestPrefix('handles');
    cleanups.push(() => deleteRedisKeys(prefix));
    const queue: JobQueue = new RedisQueue({ url: TEST_REDIS_URL, prefix, logger: silent });
    queue.process('a', async () => {}, { concurrency: 3 });
    queue.process('b', async (job) => {
      if (job.attempt === 1) throw new Error('retry me');
    });
    await queue.add('a', {});
    await queue.add('b', {}, { backoffMs: 10 });
    await queue.drained();
    expect(resourceCounts().sockets).toBeGreaterThan(baseline.sockets);
    await queue.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const after = resourceCounts();
    expect(after.sockets).toBeLessThanOrEqual(baseline.sockets);
    expect(after.timers).toBeLessThanOrEqual(baseline.timers);
  });

  it('close() gives up on a job that does not finish within closeTimeoutMs and leaves it to be re-delivered', async () => {
    const warnings: string[] = [];
    const { queue, prefix } = open({ closeTimeoutMs: 300, logger: { warn: (m) => void warnings.push(m), info: () => {} } });
    const failures: string[] = [];
    queue.onFailed((job) => void failures.push(job.id));
    let started = false;
    queue.process('stuck', async () => {
      started = true;
      await new Promise(() => {});
    });
    await queue.add('stuck', {}, { jobId: 'stuck-1', attempts: 1 });
    while (!started) await new Promise((resolve) => setTimeout(resolve, 10));
    const closing = performance.now();
    await queue.close();
    expect(performance.now() - closing).toBeLessThan(1_500);
    expect(warnings.join('\n')).toMatch(/1 job\(s\) still running/);
    expect(failures).toEqual([]); // abandoned, not failed
    const redis = new Redis(TEST_REDIS_URL);
    cleanups.push(async () => redis.disconnect());
    expect(await redis.lrange(`${prefix}:stuck:active`, 0, -1)).toEqual(['stuck-1']); // its lock expires, then another worker takes it
    expect(await redis.zcard(`${prefix}:stuck:failed`)).toBe(0);
  });
});

function resourceCounts(): { sockets: number; timers: number } {
  const resources = process.getActiveResourcesInfo();
  return { sockets: resources.filter((r) => r === 'TCPSocketWrap').length, timers: resources.filter((r) => r === 'Timeout').length };
}
