import { Redis } from 'ioredis';
import { redactRedisUrl } from './redis-unavailable-error.ts';

/** The answer of a readiness check; never thrown. */
export type RedisHealth = { ok: true; url: string; latencyMs: number } | { ok: false; url: string; error: string };

/**
 * Checks once whether a Redis answers PING, within `timeoutMs`, with a throwaway connection that
 * does not retry. For readiness endpoints and start-up checks.
 *
 * @example
 * const health = await redisHealth(process.env.REDIS_URL!);
 * if (!health.ok) console.error(`queue not ready: ${health.error}`);
 */
export async function redisHealth(url: string, options: { timeoutMs?: number } = {}): Promise<RedisHealth> {
  const timeoutMs = options.timeoutMs ?? 2_000;
  const safeUrl = redactRedisUrl(url);
  const started = performance.now();
  const client = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
  });
  let socketError: Error | undefined;
  client.on('error', (error: Error) => (socketError ??= error)); // more telling than connect()'s "Connection is closed."
  try {
    await client.connect();
    await client.ping();
    return { ok: true, url: safeUrl, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { ok: false, url: safeUrl, error: `Redis at ${safeUrl} is unreachable: ${(socketError ?? (error as Error)).message}` };
  } finally {
    client.disconnect();
  }
}
