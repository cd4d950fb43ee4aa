import { randomUUID } from 'node:crypto';
import express, { type Express } from 'express';
import { requireKey } from './auth.ts';
import type { ApiContext } from './context.ts';
import { Problem, problemHandler } from './problem.ts';
import { importRoutes } from './routes/imports.ts';
import { patentRoutes } from './routes/patents.ts';
import { statsRoutes } from './routes/stats.ts';
import { searchRoutes } from './routes/search.ts';
import { demandRoutes } from './routes/demands.ts';
import { taskRoutes } from './routes/tasks.ts';

/** Largest JSON body accepted. */
export const MAX_JSON_BYTES = 1024 * 1024;

/**
 * Builds the HTTP API over a running system. No listening, no start-up work: tests call it directly.
 *
 * @example
 * const app = createApp(context);
 * app.listen(8080);
 */
export function createApp(context: ApiContext): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use((req, res, next) => {
    const incoming = req.get('x-request-id');
    res.locals.requestId = incoming && /^[\w.-]{1,64}$/.test(incoming) ? incoming : randomUUID();
    res.set('x-request-id', res.locals.requestId);
    res.set('x-content-type-options', 'nosniff');
    next();
  });

  app.get('/health', (_req, res) => {
    if (context.isReady()) res.json({ status: 'ok' });
    else res.status(503).json({ status: 'starting' });
  });

  app.use('/v1', requireKey(context));
  app.use('/v1', express.json({ limit: MAX_JSON_BYTES, strict: true }));
  app.use('/v1', importRoutes(context), taskRoutes(context), searchRoutes(context), patentRoutes(context), demandRoutes(context), statsRoutes(context));
  app.use((req, _res, next) => next(new Problem(404, 'route_not_found', `no route for ${req.method} ${req.path}`)));
  app.use(problemHandler);
  return app;
}
