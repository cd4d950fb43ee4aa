import type { Request, RequestHandler, Response } from 'express';
import { Problem, sendProblem } from '../problem.ts';
import type { Viewer } from '../roles.ts';
import { quotaFor, type RoleQuotas } from './quotas.ts';
import { RateLimiterUnavailableError, type RateLimitDecision, type RateLimiter } from './rate-limiter.ts';

export interface RateLimitOptions {
  /** Per-role quotas replacing the defaults (`DEFAULT_ROLE_QUOTAS`); a key's own quota wins over both. */
  quotas?: Partial<RoleQuotas>;
  /** Where the "limiter unavailable" warning goes (at most once per 30 s): a pino logger; default `console.warn`. */
  logger?: { warn(details: object, message: string): void };
  /** Requests let through while the limiter is unavailable; default `isReadRequest`. Others get 503. */
  isRead?: (req: Request) => boolean;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const WARNING_INTERVAL_MS = 30_000;
const UNAVAILABLE_RETRY_AFTER_S = 5;

/**
 * Whether a request only reads: safe methods, and the `POST …/search` queries of the API.
 *
 * @example
 * isReadRequest(req) // true for GET /v1/patents and POST /v1/search, false for POST /v1/imports
 */
export function isReadRequest(req: Request): boolean {
  return SAFE_METHODS.has(req.method) || (req.method === 'POST' && /\/search$/.test(req.path));
}

function setHeaders(res: Response, decision: RateLimitDecision, windowMs: number): void {
  const resetS = Math.ceil(decision.resetMs / 1000);
  res.set('RateLimit-Limit', String(decision.limit));
  res.set('RateLimit-Remaining', String(decision.remaining));
  res.set('RateLimit-Reset', String(resetS));
  res.set('RateLimit-Policy', `${decision.limit};w=${Math.round(windowMs / 1000)}`);
  if (!decision.allowed) res.set('Retry-After', String(Math.max(1, resetS)));
}

/**
 * Counts each request against its API key's quota and answers 429 problem+json over it, with the
 * `RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset` (seconds) and `Retry-After` headers.
 * Mount after `authenticate`; unlimited keys (admins by default) are not counted. When the limiter's
 * store does not answer, reads go through (with a warning) and writes get 503.
 *
 * @example
 * app.use('/v1', authenticate(db, { adminSecret }), rateLimit(createRateLimiter({ redisUrl }), { logger }));
 */
export function rateLimit(limiter: RateLimiter, options: RateLimitOptions = {}): RequestHandler {
  const logger = options.logger ?? { warn: (details: object, message: string) => console.warn(message, details) };
  const isRead = options.isRead ?? isReadRequest;
  let lastWarning = -Infinity;
  return async (req, res, next) => {
    const viewer = res.locals.viewer as Viewer | undefined;
    const limit = viewer ? quotaFor(viewer, options.quotas) : undefined;
    if (!viewer || limit === undefined) return next();
    let decision: RateLimitDecision;
    try {
      decision = await limiter.hit(viewer.keyId, limit);
    } catch (error) {
      if (!(error instanceof RateLimiterUnavailableError)) return next(error);
      if (Date.now() - lastWarning >= WARNING_INTERVAL_MS) {
        lastWarning = Date.now();
        logger.warn({ err: error.message, limiter: limiter.kind }, 'rate limiter unavailable: reads go through unlimited, writes get 503');
      }
      if (isRead(req)) return next();
      res.set('Retry-After', String(UNAVAILABLE_RETRY_AFTER_S));
      return sendProblem(res, new Problem(503, 'rate_limiter_unavailable', 'requests that change data are paused while the rate limiter is unavailable; retry shortly'));
    }
    setHeaders(res, decision, limiter.windowMs);
    if (decision.allowed) return next();
    const retryAfter = Math.max(1, Math.ceil(decision.resetMs / 1000));
    return sendProblem(
      res,
      new Problem(429, 'rate_limited', `this key may make ${decision.limit} requests per ${Math.round(limiter.windowMs / 1000)} s; retry in ${retryAfter} s`, { retryAfter }),
    );
  };
}
