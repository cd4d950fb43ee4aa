/** The outcome of counting one request against a key's quota. */
export interface RateLimitDecision {
  allowed: boolean;
  /** Requests allowed per window. */
  limit: number;
  /** Requests left in the current window after this one (never negative). */
  remaining: number;
  /** Milliseconds until the window ends and the count starts again. */
  resetMs: number;
}

/**
 * Counts requests per key in fixed windows. Implementations: `InMemoryRateLimiter` (one process)
 * and `RedisRateLimiter` (shared by every process); `createRateLimiter` picks one.
 */
export interface RateLimiter {
  readonly kind: 'in-memory' | 'redis';
  /** Window length in milliseconds; quotas count per window. */
  readonly windowMs: number;
  /** Counts one request of `key` against `limit`; throws `RateLimiterUnavailableError` when its store does not answer. */
  hit(key: string, limit: number): Promise<RateLimitDecision>;
  close(): Promise<void>;
}

/** The limiter's store (Redis) did not answer; the middleware then lets reads through. */
export class RateLimiterUnavailableError extends Error {
  override readonly name = 'RateLimiterUnavailableError';
}
