import type { JobQueue } from './job-queue.ts';
import { InProcessQueue } from './in-process/in-process-queue.ts';
import { RedisQueue } from './redis/redis-queue.ts';
import type { QueueLogger } from './redis/redis-queue-config.ts';

export interface CreateQueueOptions {
  /** Default `process.env.REDIS_URL`. Set (non-empty) → `RedisQueue`; unset → `InProcessQueue`. */
  redisUrl?: string;
  /** Redis key prefix. Default `pb`. */
  prefix?: string;
  logger?: QueueLogger;
}

/**
 * Picks the job queue from configuration: Redis when a URL is given, else the embedded in-process queue.
 *
 * @example
 * const queue = createQueue(); // REDIS_URL=redis://127.0.0.1:6379 → RedisQueue, unset → InProcessQueue
 */
export function createQueue(options: CreateQueueOptions = {}): JobQueue {
  const redisUrl = options.redisUrl ?? process.env.REDIS_URL;
  if (!redisUrl) return new InProcessQueue();
  return new RedisQueue({ url: redisUrl, ...(options.prefix ? { prefix: options.prefix } : {}), ...(options.logger ? { logger: options.logger } : {}) });
}
