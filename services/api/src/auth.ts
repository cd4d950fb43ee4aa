import { timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { ApiContext } from './context.ts';
import { Problem } from './problem.ts';

function sameKey(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Requires `Authorization: Bearer <key>` with a known key.
 *
 * @example
 * app.use('/v1', requireKey(context));
 */
export function requireKey(context: ApiContext): RequestHandler {
  return (req, res, next) => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) return next(new Problem(401, 'missing_api_key', 'send your API key as "Authorization: Bearer <key>"'));
    const key = match[1]!;
    for (const admin of context.adminKeys) {
      if (sameKey(admin, key)) {
        res.locals.role = 'admin';
        res.locals.viewer = { organizationIds: [], seesAllDemands: true };
        return next();
      }
    }
    return next(new Problem(401, 'invalid_api_key', 'the API key is not valid or has been revoked'));
  };
}
