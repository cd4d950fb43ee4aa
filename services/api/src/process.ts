import { ConfigError } from './config.ts';

/**
 * Runs a process entry point: `start` returns how to stop it; SIGINT and SIGTERM stop it once and
 * exit 0; a start-up failure prints (a configuration error as one line) and exits 1.
 *
 * @example
 * runProcess(async () => { const system = await startSystem(config); return () => system.close(); });
 */
export function runProcess(start: () => Promise<() => Promise<void>>): void {
  start().then(
    (close) => {
      let stopping = false;
      const stop = async () => {
        if (stopping) return;
        stopping = true;
        await close();
        process.exit(0);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    },
    (error) => {
      if (error instanceof ConfigError) console.error(`configuration error: ${error.message}`);
      else console.error(error);
      process.exit(1);
    },
  );
}
