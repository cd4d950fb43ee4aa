import { InMemoryRateLimiter } from './in-memory/in-memory-rate-limiter.ts';
import type { RateLimiter } from './rate-limiter.ts';
import { RedisRateLimiter } from './redis/redis-rate-limiter.ts';

export interface CreateRateLimiterOptions {
  /** `REDIS_URL`: counts are shared by every process through Redis; without it they stay in this process. */
  redisUrl?: string;
  /** Redis key prefix (`PB_QUEUE_PREFIX`), default `pb`. */
  prefix?: string;
  windowMs?: number;
}

/**
 * The rate limiter the configuration asks for: Redis when a URL is given, in-memory otherwise.
 *
 * @example
 * const limiter = createRateLimiter({ redisUrl: process.env.REDIS_URL, prefix: 'pb' });
 * limiter.kind // 'redis' when REDIS_URL is set, else 'in-memory'
 */
export function createRateLimiter(options: CreateRateLimiterOptions = {}): RateLimiter {
  const windowMs = options.windowMs ?? 60_000;
  if (options.redisUrl) return new RedisRateLimiter({ url: options.redisUrl, prefix: options.prefix ?? 'pb', windowMs });
  return new InMemoryRateLimiter({ windowMs });
}
