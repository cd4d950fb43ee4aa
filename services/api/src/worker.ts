/**
 * The worker process (`pnpm worker`): the job workers (imports, demand imports, webhook deliveries)
 * and the webhook dispatcher, without HTTP. Run as many as the import load needs, next to one or
 * more API processes started with `PB_ROLE=api`; they share PostgreSQL (`DATABASE_URL`) and the bull
 * queue on Redis (`REDIS_URL`). See docs/deployment.md.
 */
import { ConfigError, configFromEnv } from './config.ts';
import { startSystem } from './system.ts';

async function main(): Promise<void> {
  const config = configFromEnv({ ...process.env, PB_ROLE: 'worker' });
  const system = await startSystem(config);
  system.context.logger.info(`patent-bridge worker started (queue: ${system.context.queue.kind}, prefix: ${config.queuePrefix})`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    // Running jobs get the queue's close timeout to finish; the rest are re-delivered to another worker.
    await system.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error) => {
  if (error instanceof ConfigError) console.error(`configuration error: ${error.message}`);
  else console.error(error);
  process.exit(1);
});
