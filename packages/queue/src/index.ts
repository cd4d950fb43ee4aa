export * from './job-queue.ts';
export { InProcessQueue } from './in-process/in-process-queue.ts';
export { RedisQueue } from './redis/redis-queue.ts';
export type { RedisQueueConfig, QueueLogger } from './redis/redis-queue-config.ts';
export { RedisUnavailableError } from './redis/redis-unavailable-error.ts';
export { redisHealth, type RedisHealth } from './redis/redis-health.ts';
export { createQueue, type CreateQueueOptions } from './factory.ts';
export * from './testing.ts';
