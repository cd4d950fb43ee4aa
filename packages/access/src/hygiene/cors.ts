import type { RequestHandler } from 'express';
import { Problem, sendProblem } from '../problem.ts';

/** Origins (`scheme://host[:port]`) whose pages may call the API from a browser; `*` allows any. */
export type CorsOrigins = readonly string[];

const ALLOWED_METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE';
const ALLOWED_HEADERS = 'Authorization, X-API-Key, Content-Type, X-Request-Id';
const EXPOSED_HEADERS = 'Location, X-Request-Id, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, RateLimit-Policy, Retry-After';
const PREFLIGHT_MAX_AGE_S = 600;

/**
 * Reads the allow-list from `PB_CORS_ORIGINS` (comma-separated); throws on an entry that is not an origin.
 *
 * @example
 * corsOriginsFromEnv({ PB_CORS_ORIGINS: 'https://console.example.cn, https://partner.example.com' })
 * // ['https://console.example.cn', 'https://partner.example.com']
 * corsOriginsFromEnv({}) // [] (no browser origin allowed)
 */
export function corsOriginsFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  const entries = (env.PB_CORS_ORIGINS ?? '').split(',').map((e) => e.trim()).filter(Boolean);
  return entries.map((entry) => {
    if (entry === '*') return entry;
    let url: URL;
    try {
      url = new URL(entry);
    } catch {
      throw new Error(`PB_CORS_ORIGINS: "${entry}" is not an origin like https://console.example.cn`);
    }
    const onlyOrigin = url.pathname === '/' && !url.search && !url.hash && !url.username && !entry.endsWith('/');
    if (url.origin === 'null' || !onlyOrigin) throw new Error(`PB_CORS_ORIGINS: "${entry}" is not an origin (scheme://host[:port], no path)`);
    return url.origin;
  });
}

/**
 * Cross-origin access for the listed origins: adds `Access-Control-Allow-Origin` (and exposes the
 * rate-limit and request-id headers) to their requests, and answers their preflight `OPTIONS` with
 * 204. A preflight from any other origin gets 403. Mount before `authenticate`: preflights carry no key.
 *
 * @example
 * app.use(cors({ origins: corsOriginsFromEnv() }));
 */
export function cors(options: { origins: CorsOrigins }): RequestHandler {
  const any = options.origins.includes('*');
  const allowed = new Set(options.origins);
  return (req, res, next) => {
    const origin = req.get('origin');
    res.vary('Origin');
    const isPreflight = req.method === 'OPTIONS' && req.get('access-control-request-method') !== undefined;
    if (!origin || !(any || allowed.has(origin))) {
      if (isPreflight) return sendProblem(res, new Problem(403, 'origin_not_allowed', `the origin ${origin ?? '(none)'} may not call this API from a browser`));
      return next();
    }
    res.set('Access-Control-Allow-Origin', any ? '*' : origin);
    if (!isPreflight) {
      res.set('Access-Control-Expose-Headers', EXPOSED_HEADERS);
      return next();
    }
    res.set('Access-Control-Allow-Methods', ALLOWED_METHODS);
    res.set('Access-Control-Allow-Headers', ALLOWED_HEADERS);
    res.set('Access-Control-Max-Age', String(PREFLIGHT_MAX_AGE_S));
    res.status(204).end();
  };
}
