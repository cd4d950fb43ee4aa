/**
 * The worker process (`pnpm worker`): the job workers (imports, demand imports, webhook deliveries)
 * and the webhook dispatcher, without HTTP. Run as many as the import load needs, next to one or
 * more API processes started with `PB_ROLE=api`; they share PostgreSQL (`DATABASE_URL`) and the bull
 * queue on Redis (`REDIS_URL`). See docs/deployment.md.
 */
import { configFromEnv } from './config.ts';
import { runProcess } from './process.ts';
import { startSystem } from './system.ts';

runProcess(async () => {
  const config = configFromEnv({ ...process.env, PB_ROLE: 'worker' });
  const system = await startSystem(config);
  system.context.logger.info(`patent-bridge worker started (queue: ${system.context.queue.kind}, prefix: ${config.queuePrefix})`);
  // Running jobs get the queue's close timeout to finish; the rest are re-delivered to another worker.
  return () => system.close();
});
