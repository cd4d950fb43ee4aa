import { Redis } from 'ioredis';
import { redisHealth } from './redis/redis-health.ts';

/** The Redis that tests use: `PB_TEST_REDIS_URL`, or the local server every developer and CI machine runs. */
export const TEST_REDIS_URL = process.env.PB_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Checks whether the test Redis answers. Under `CI=true` a missing server is an error, never a skip.
 *
 * @example
 * const available = await redisAvailable(); // throws under CI=true when the server is down
 */
export async function redisAvailable(url = TEST_REDIS_URL): Promise<boolean> {
  const health = await redisHealth(url, { timeoutMs: 3_000 });
  if (health.ok) return true;
  if (process.env.CI === 'true') {
    throw new Error(`Redis is required under CI=true but ${health.url} did not answer: ${health.error}. Run scripts/services.sh.`);
  }
  console.warn(`[patent-bridge tests] Redis at ${health.url} is not reachable; Redis variants are skipped (they fail under CI=true).`);
  return false;
}

/**
 * A key prefix no other test run uses, so parallel runs and leftovers never collide.
 *
 * @example
 * const prefix = uniqueTestPrefix('contract'); // 'pbtest-contract-4711-k3j9x2'
 */
export function uniqueTestPrefix(label: string): string {
  return `pbtest-${label}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * Deletes every key under `<prefix>:` and returns how many went. Only accepts test prefixes.
 *
 * @example
 * afterAll(() => deleteRedisKeys(prefix));
 */
export async function deleteRedisKeys(prefix: string, url = TEST_REDIS_URL): Promise<number> {
  if (!/^pbtest-[\w-]+$/.test(prefix)) throw new Error(`refusing to delete keys of non-test prefix ${JSON.stringify(prefix)}`);
  const client = new Redis(url, { maxRetriesPerRequest: 1, retryStrategy: () => null });
  try {
    let deleted = 0;
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) deleted += await client.unlink(...keys);
    } while (cursor !== '0');
    return deleted;
  } finally {
    client.disconnect();
  }
}
