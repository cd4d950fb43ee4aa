import express, { type Express } from 'express';
import { assignRequestId, authenticate, cors, rateLimit, requestLog, securityHeaders } from '@patent-bridge/access';
import { webhookRoutes } from '@patent-bridge/webhooks';
import { keyRoutes } from './routes/keys.ts';
import { chainRoutes } from './routes/chains.ts';
import { organizationRoutes } from './routes/organizations.ts';
import type { ApiContext } from './context.ts';
import { Problem, problemHandler } from './problem.ts';
import { importRoutes } from './routes/imports.ts';
import { patentRoutes } from './routes/patents.ts';
import { statsRoutes } from './routes/stats.ts';
import { searchRoutes } from './routes/search.ts';
import { demandRoutes } from './routes/demands.ts';
import { taskRoutes } from './routes/tasks.ts';
import { matchRoutes } from './routes/matches.ts';
import { demandImportRoutes } from './routes/demand-imports.ts';
import { healthRoutes } from './routes/health.ts';
import { roadshowRoutes } from './routes/roadshows.ts';
import { meRoutes } from './routes/me.ts';
import { apiDescriptionRoutes } from './openapi/index.ts';
import { entityTags } from './middleware/entity-tags.ts';
import { idempotentRequests } from './middleware/idempotency.ts';
import { MAX_UPLOAD_BYTES } from './routes/imports.ts';
import { consoleRoutes } from './console.ts';

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
  app.use(assignRequestId(), requestLog(context.logger), securityHeaders(), cors({ origins: context.corsOrigins }));
  app.use((_req, res, next) => {
    res.locals.logger = context.logger;
    next();
  });

  app.use(healthRoutes(context));
  // Conditional reads come from entityTags() alone (strong tags, none on errors), not from express's weak ones.
  app.set('etag', false);
  app.use('/v1', entityTags());
  app.use(apiDescriptionRoutes());

  app.use('/v1', authenticate(context.db, { adminSecret: context.adminKeys }), rateLimit(context.rateLimiter, { logger: context.logger }));
  // Before the body parsers: an idempotent POST is fingerprinted by its body, which is then put back for them.
  app.use('/v1', idempotentRequests(context.db, { maxBodyBytes: MAX_UPLOAD_BYTES + 1024 * 1024, logger: context.logger }));
  app.use('/v1', express.json({ limit: MAX_JSON_BYTES, strict: true }));
  app.use('/v1', meRoutes(context), importRoutes(context), taskRoutes(context), searchRoutes(context), patentRoutes(context), matchRoutes(context), demandImportRoutes(context), demandRoutes(context), statsRoutes(context), organizationRoutes(context), chainRoutes(context), keyRoutes(context), roadshowRoutes(context), webhookRoutes({ db: context.db }));
  app.use(consoleRoutes());
  app.use((req, _res, next) => next(new Problem(404, 'route_not_found', `no route for ${req.method} ${req.path}`)));
  app.use(problemHandler);
  return app;
}
