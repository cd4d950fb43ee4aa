import { pino, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';

export type { Logger, LevelWithSilent } from 'pino';

/**
 * Fields masked wherever they appear in a log object (at the top or one level down, and in logged
 * headers): secrets must never reach a log, even when someone logs a request or a key by mistake.
 */
export const REDACTED_PATHS: readonly string[] = [
  'secret',
  '*.secret',
  'authorization',
  '*.authorization',
  'apiKey',
  '*.apiKey',
  '["x-api-key"]',
  '*["x-api-key"]',
  'headers.authorization',
  'headers["x-api-key"]',
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'request.headers.authorization',
  'request.headers["x-api-key"]',
];

export interface LoggerOptions {
  /** Default `info`; `silent` in tests that do not read logs. */
  level?: LevelWithSilent;
  /** The service name on every line, e.g. `api`. */
  name?: string;
  /** Where lines go; default stdout. Tests pass a stream to read them. */
  destination?: DestinationStream;
}

/**
 * A JSON-lines logger (pino) that redacts secrets and authorization headers.
 *
 * @example
 * const logger = createLogger({ name: 'api' });
 * logger.info({ keyId: 'key_1' }, 'key issued');
 * logger.info({ headers: req.headers }, 'oops'); // authorization and x-api-key come out as "[redacted]"
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const config = {
    level: options.level ?? 'info',
    ...(options.name ? { name: options.name } : {}),
    redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' },
  };
  // Without a destination, stdout is written asynchronously in 4 KiB chunks: a synchronous write per
  // request line cost a busy API a measurable share of its throughput. Fatal errors still flush.
  return pino(config, options.destination ?? pino.destination({ dest: 1, sync: false, minLength: 4096 }));
}
