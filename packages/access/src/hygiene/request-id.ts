import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';

const REQUEST_ID = /^[\w.-]{1,64}$/;

/**
 * Gives each request an id in `res.locals.requestId` and the `X-Request-Id` header: the caller's, when
 * it is a plausible id, else a new UUID. Problems and request logs quote it.
 *
 * @example
 * app.use(assignRequestId());
 */
export function assignRequestId(): RequestHandler {
  return (req, res, next) => {
    if (typeof res.locals.requestId !== 'string') {
      const incoming = req.get('x-request-id');
      res.locals.requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    }
    res.set('X-Request-Id', res.locals.requestId);
    next();
  };
}
