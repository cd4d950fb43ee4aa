/**
 * Redis could not be reached (refused, timed out, or the connection dropped) within a bounded time.
 * The operation that threw did not happen, or may not have happened (a dropped in-flight command).
 *
 * @example
 * try { await queue.add('import', { taskId }); }
 * catch (error) { if (error instanceof RedisUnavailableError) return reply.code(503).send({ error: error.message }); throw error; }
 */
export class RedisUnavailableError extends Error {
  override readonly name = 'RedisUnavailableError';
  /** The Redis URL with any password masked. */
  readonly url: string;

  /** `reason` says why, e.g. `no connection within 2000 ms: connect ECONNREFUSED 127.0.0.1:6379`. */
  constructor(url: string, reason: string, options: { action?: string; cause?: unknown } = {}) {
    super(`${options.action ? `${options.action}: ` : ''}Redis at ${url} is unreachable (${reason})`, { cause: options.cause });
    this.url = url;
  }
}

/** Masks the password of a Redis URL so it can go into messages and logs. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<invalid Redis URL>';
  }
}

/** ioredis' ways of saying the connection is not there: refused, dropped, offline, timed out. */
export function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error instanceof RedisUnavailableError || error.name === 'MaxRetriesPerRequestError') return true;
  return /Stream isn't writeable|Connection is closed|Command timed out|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|EPIPE/.test(error.message);
}
