/** How deliveries are attempted. The dispatcher and the worker must share one policy. */
export interface WebhookPolicy {
  /** Attempts per delivery, the first included; the last failed one ends `dead`. Default 6. */
  maxAttempts: number;
  /** Delay after the first failed attempt; doubles after each further one. Default 60 s. */
  backoffMs: number;
  /** How long one request may take, answer included. Default 10 s. */
  timeoutMs: number;
}

export const DEFAULT_WEBHOOK_POLICY: Readonly<WebhookPolicy> = Object.freeze({ maxAttempts: 6, backoffMs: 60_000, timeoutMs: 10_000 });

/**
 * Fills a partial policy with the defaults; throws a `RangeError` on a value that is not a positive integer.
 *
 * @example
 * resolveWebhookPolicy({ maxAttempts: 3 }) // { maxAttempts: 3, backoffMs: 60000, timeoutMs: 10000 }
 */
export function resolveWebhookPolicy(policy: Partial<WebhookPolicy> = {}): WebhookPolicy {
  const resolved = { ...DEFAULT_WEBHOOK_POLICY, ...policy };
  for (const [name, value] of Object.entries(resolved)) {
    if (!Number.isInteger(value) || value < 1) throw new RangeError(`webhook policy ${name} must be a positive integer, got ${value}`);
  }
  return resolved;
}

/**
 * How long to wait after attempt `attempt` (1-based) failed before the next one.
 *
 * @example
 * retryDelayMs({ ...DEFAULT_WEBHOOK_POLICY }, 1) // 60000
 * retryDelayMs({ ...DEFAULT_WEBHOOK_POLICY }, 3) // 240000
 */
export function retryDelayMs(policy: WebhookPolicy, attempt: number): number {
  return policy.backoffMs * 2 ** (attempt - 1);
}
