import { createApp } from './app.ts';
import { ConfigError, configFromEnv } from './config.ts';
import { startSystem } from './system.ts';

async function main(): Promise<void> {
  const config = configFromEnv();
  if (config.role === 'worker') throw new ConfigError('PB_ROLE=worker serves no HTTP: start it with `pnpm worker` (services/api/src/worker.ts)');
  const system = await startSystem(config);
  const app = createApp(system.context);
  const server = app.listen(config.port, '0.0.0.0', () => {
    const where = config.storage.kind === 'postgres' ? 'PostgreSQL' : `PGlite at ${config.storage.dataDir}`;
    console.log(`patent-bridge listening on http://127.0.0.1:${config.port} (storage: ${where}, queue: ${system.context.queue.kind})`);
    if (config.adminKeyGenerated) console.log(`admin API key (generated because PB_ADMIN_KEY is unset): ${config.adminKey}`);
    if (system.sampleTaskId) console.log(`loading the project's sample into the empty library: task ${system.sampleTaskId} (GET /v1/tasks/${system.sampleTaskId})`);
    console.log(`try: curl -H "Authorization: Bearer <key>" http://127.0.0.1:${config.port}/v1/stats/inventory?format=text`);
  });
  const stop = async () => {
    server.close();
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
