import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { Viewer } from '../roles.ts';

/**
 * Logs one line per request when its response ends: request id, method, path (never the query
 * string), status, duration, and the API key id and role when one was authenticated. Headers are
 * never logged, so neither is any secret. 5xx log as errors, 4xx as warnings.
 *
 * @example
 * app.use(assignRequestId(), requestLog(createLogger({ name: 'api' })));
 * // {"level":30,"requestId":"…","method":"GET","path":"/v1/patents","status":200,"durationMs":3.1,"keyId":"key_…","role":"partner","msg":"request"}
 */
export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    let logged = false;
    const log = () => {
      if (logged) return;
      logged = true;
      const viewer = res.locals.viewer as Viewer | undefined;
      const line = {
        requestId: res.locals.requestId as string | undefined,
        method: req.method,
        path: req.originalUrl.split('?')[0],
        status: res.statusCode,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
        ...(viewer ? { keyId: viewer.keyId, role: viewer.role } : {}),
        ...(res.writableFinished ? {} : { aborted: true }),
      };
      if (res.statusCode >= 500) logger.error(line, 'request');
      else if (res.statusCode >= 400) logger.warn(line, 'request');
      else logger.info(line, 'request');
    };
    res.on('finish', log);
    res.on('close', log);
    next();
  };
}
