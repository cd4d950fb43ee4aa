import { afterAll, describe, expect, it } from 'vitest';
import { RedisQueue, RedisUnavailableError, redisHealth } from '../src/index.ts';
import { DedicatedRedis, redisServerInstalled } from './fixtures/dedicated-redis.ts';

const installed = redisServerInstalled();
if (!installed) {
  if (process.env.CI === 'true') throw new Error('redis-server is required under CI=true for the Redis outage test');
  console.warn('[patent-bridge tests] redis-server is not installed; the Redis outage test is skipped (it fails under CI=true).');
}

let redis: DedicatedRedis | undefined;
afterAll(async () => {
  await redis?.dispose(); // kills only the redis-server this file started
});

async function timed<T>(promise: Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await promise;
  return [value, Math.round(performance.now() - started)];
}

describe.skipIf(!installed)('RedisQueue during a Redis outage (own redis-server on a free port)', () => {
  it('fails add() fast and clearly while Redis is down, and works again once it is back, with the same queue', { timeout: 30_000 }, async () => {
    redis = await DedicatedRedis.start();
    const warnings: string[] = [];
    const infos: string[] = [];
    const queue = new RedisQueue({ url: redis.url, prefix: 'pbtest-outage', unreachableAfterMs: 2_000, logger: { warn: (m) => void warnings.push(m), info: (m) => void infos.push(m) } });
    const processed: number[] = [];
    queue.process<number>('work', async (job) => void processed.push(job.data));
    await queue.add('work', 1);
    await queue.drained();
    expect(processed).toEqual([1]);

    await redis.stop();
    const [addError, addMs] = await timed(queue.add('work', 2).then(() => undefined, (error: unknown) => error));
    expect(addError).toBeInstanceOf(RedisUnavailableError);
    expect((addError as Error).message).toMatch(new RegExp(`could not add job "work": Redis at redis://127\\.0\\.0\\.1:${redis.port} is unreachable`));
    expect(addMs).toBeLessThan(3_000);
    await new Promise((resolve) => setTimeout(resolve, 500)); // now reconnecting: add waits unreachableAfterMs, then gives up
    const [secondError, secondMs] = await timed(queue.add('work', 2).then(() => undefined, (error: unknown) => error));
    expect(secondError).toBeInstanceOf(RedisUnavailableError);
    expect((secondError as Error).message).toMatch(/is unreachable \(no connection within 2000 ms: connect ECONNREFUSED/);
    expect(secondMs).toBeGreaterThanOrEqual(1_900);
    expect(secondMs).toBeLessThan(3_000);
    await expect(queue.drained()).rejects.toBeInstanceOf(RedisUnavailableError);
    const health = await queue.ping();
    expect(health.ok).toBe(false);
    expect((await redisHealth(redis.url, { timeoutMs: 1_000 })).ok).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // a few reconnect attempts
    expect(warnings.filter((m) => /Redis at .* is unreachable/.test(m)), warnings.join('\n')).toHaveLength(1); // once per outage, not per retry

    await redis.restart(); // same port, empty (no persistence)
    const [, recoverMs] = await timed((async () => {
      await queue.add('work', 3);
      await queue.drained();
    })());
    expect(processed).toEqual([1, 3]);
    expect((await queue.ping()).ok).toBe(true);
    expect(infos.some((m) => /reachable again/.test(m))).toBe(true);

    await redis.stop();
    const [, closeMs] = await timed(queue.close()); // no jobs running: must not wait for Redis
    expect(closeMs).toBeLessThan(3_000);
    console.info(`[outage test] add() rejected after ${addMs} ms ("${(addError as Error).message}") and ${secondMs} ms ("${(secondError as Error).message}"); after restart add+run took ${recoverMs} ms; close() with Redis down took ${closeMs} ms`);
  });
});
