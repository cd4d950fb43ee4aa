import type { RateLimitDecision, RateLimiter } from '../rate-limiter.ts';

/**
 * Fixed-window counters in this process's memory: for one API process and for tests. Each process
 * counts on its own, so behind a load balancer use `RedisRateLimiter`.
 *
 * @example
 * const limiter = new InMemoryRateLimiter();
 * await limiter.hit('key_1', 2) // { allowed: true, limit: 2, remaining: 1, resetMs: 60000 }
 */
export class InMemoryRateLimiter implements RateLimiter {
  readonly kind = 'in-memory';
  readonly windowMs: number;
  readonly #now: () => number;
  readonly #windows = new Map<string, { count: number; endsAt: number }>();
  #nextSweep = 0;

  constructor(options: { windowMs?: number; now?: () => number } = {}) {
    this.windowMs = options.windowMs ?? 60_000;
    this.#now = options.now ?? Date.now;
  }

  async hit(key: string, limit: number): Promise<RateLimitDecision> {
    const now = this.#now();
    this.#sweep(now);
    let window = this.#windows.get(key);
    if (!window || window.endsAt <= now) {
      window = { count: 0, endsAt: now + this.windowMs };
      this.#windows.set(key, window);
    }
    window.count += 1;
    return { allowed: window.count <= limit, limit, remaining: Math.max(0, limit - window.count), resetMs: window.endsAt - now };
  }

  /** Forgets ended windows once per window, so keys seen once do not stay in memory. */
  #sweep(now: number): void {
    if (now < this.#nextSweep) return;
    for (const [key, window] of this.#windows) if (window.endsAt <= now) this.#windows.delete(key);
    this.#nextSweep = now + this.windowMs;
  }

  async close(): Promise<void> {
    this.#windows.clear();
  }
}
