import { Redis } from 'ioredis';
import { RateLimiterUnavailableError, type RateLimitDecision, type RateLimiter } from '../rate-limiter.ts';

export interface RedisRateLimiterConfig {
  url: string;
  /** Key prefix, so deployments and test runs can share a Redis; counters live at `<prefix>:ratelimit:<key>`. */
  prefix: string;
  windowMs?: number;
  /** How long one count may take before the limiter gives up (and the middleware fails open for reads). */
  commandTimeoutMs?: number;
}

// INCR and the expiry run as one script, so a window always ends even if a process dies between them.
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}`;

/**
 * The password of a Redis URL masked, for messages.
 *
 * @example
 * redactRedisUrl('redis://:s3cret@cache:6379') // 'redis://:***@cache:6379'
 */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return '(unparsable Redis URL)';
  }
}

/**
 * Fixed-window counters in Redis, shared by every API process. While Redis is down, `hit` throws
 * `RateLimiterUnavailableError` within `commandTimeoutMs` (at once while reconnecting) and the
 * client keeps reconnecting in the background.
 *
 * @example
 * const limiter = new RedisRateLimiter({ url: 'redis://127.0.0.1:6379', prefix: 'pb' });
 * await limiter.hit('key_1', 120) // { allowed: true, limit: 120, remaining: 119, resetMs: 60000 }
 */
export class RedisRateLimiter implements RateLimiter {
  readonly kind = 'redis';
  readonly windowMs: number;
  readonly #client: Redis;
  readonly #prefix: string;
  readonly #url: string;
  #lastError: Error | undefined;

  constructor(config: RedisRateLimiterConfig) {
    this.windowMs = config.windowMs ?? 60_000;
    this.#prefix = config.prefix;
    this.#url = redactRedisUrl(config.url);
    const timeout = config.commandTimeoutMs ?? 500;
    this.#client = new Redis(config.url, {
      commandTimeout: timeout,
      connectTimeout: Math.max(timeout, 2_000),
      maxRetriesPerRequest: 0,
      retryStrategy: (attempt) => Math.min(attempt * 250, 5_000),
    });
    // Without a listener a connection error would crash the process; `hit` reports it instead.
    this.#client.on('error', (error: Error) => (this.#lastError = error));
    this.#client.on('ready', () => (this.#lastError = undefined));
  }

  async hit(key: string, limit: number): Promise<RateLimitDecision> {
    if (this.#client.status === 'reconnecting' || this.#client.status === 'end' || this.#client.status === 'close') {
      throw new RateLimiterUnavailableError(`Redis at ${this.#url} is unreachable: ${this.#lastError?.message ?? this.#client.status}`);
    }
    let reply: unknown;
    try {
      reply = await this.#client.eval(HIT_SCRIPT, 1, `${this.#prefix}:ratelimit:${key}`, String(this.windowMs));
    } catch (error) {
      throw new RateLimiterUnavailableError(`Redis at ${this.#url} did not count the request: ${(this.#lastError ?? (error as Error)).message}`, { cause: error });
    }
    const [count, ttl] = reply as [number, number];
    return { allowed: count <= limit, limit, remaining: Math.max(0, limit - count), resetMs: Math.max(0, ttl) };
  }

  async close(): Promise<void> {
    this.#client.disconnect();
  }
}
