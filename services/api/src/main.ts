import { createApp } from './app.ts';
import { ConfigError, configFromEnv } from './config.ts';
import { runProcess } from './process.ts';
import { startSystem } from './system.ts';

runProcess(async () => {
  const config = configFromEnv();
  if (config.role === 'worker') throw new ConfigError('PB_ROLE=worker serves no HTTP: start it with `pnpm worker` (services/api/src/worker.ts)');
  const system = await startSystem(config);
  const app = createApp(system.context);
  const server = app.listen(config.port, '0.0.0.0', () => {
    const where = config.storage.kind === 'postgres' ? 'PostgreSQL' : `PGlite at ${config.storage.dataDir}`;
    console.log(`patent-bridge listening on http://127.0.0.1:${config.port} (storage: ${where}, queue: ${system.context.queue.kind})`);
    if (config.adminKeyGenerated) {
      const kept = config.storage.kind === 'pglite' && config.storage.dataDir !== 'memory' ? 'kept in the data directory’s admin-key file' : 'for this run only';
      console.log(`admin API key (generated because PB_ADMIN_KEY is unset; ${kept}): ${config.adminKey}`);
    }
    if (system.sampleTaskId) console.log(`loading the project's sample into the empty library: task ${system.sampleTaskId} (GET /v1/tasks/${system.sampleTaskId})`);
    console.log(`web console: http://127.0.0.1:${config.port}/ (sign in with the key)`);
    console.log(`try: curl -H "Authorization: Bearer <key>" http://127.0.0.1:${config.port}/v1/stats/inventory?format=text`);
  });
  return async () => {
    server.close();
    await system.close();
  };
});
