import { Router } from 'express';
import { sql } from 'kysely';
import { RedisQueue } from '@patent-bridge/queue';
import type { ApiContext } from '../context.ts';

/** How long one dependency check may take before it counts as failed. */
export const CHECK_TIMEOUT_MS = 1_000;

/** One dependency's state in a readiness report. */
export interface DependencyCheck {
  ok: boolean;
  latencyMs: number;
  error?: string;
  [detail: string]: unknown;
}

/**
 * `ok`: every dependency answers. `degraded`: the database answers, so reads and most writes work,
 * but the queue or the search index does not (the affected requests answer 503 on their own).
 * `unavailable`: the database does not answer. `starting`: start-up is not finished.
 */
export type ReadinessStatus = 'ok' | 'degraded' | 'unavailable' | 'starting';

export interface ReadinessReport {
  status: ReadinessStatus;
  checks: { database: DependencyCheck; queue: DependencyCheck; search: DependencyCheck; embedder: DependencyCheck };
}

class CheckTimeout extends Error {}

/** Runs one check within the timeout; `known` details are reported whether it passes or not. */
async function timed(known: Record<string, unknown>, run: () => Promise<Record<string, unknown> | void>): Promise<DependencyCheck> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new CheckTimeout(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS)));
  try {
    const details = await Promise.race([run(), deadline]);
    return { ok: true, latencyMs: Math.round(performance.now() - started), ...known, ...(details ?? {}) };
  } catch (error) {
    return { ok: false, latencyMs: Math.round(performance.now() - started), ...known, error: (error as Error).message || String(error) };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Checks every dependency of the API once, concurrently, each within {@link CHECK_TIMEOUT_MS}:
 * the database (`select 1`), the queue (Redis `PING` when `REDIS_URL` is set), the search index
 * (ready, documents, outbox lag) and the embedder.
 *
 * @example
 * const report = await readiness(context);
 * report.status // 'ok' | 'degraded' | 'unavailable' | 'starting'
 * report.checks.database // { ok: true, latencyMs: 1 }
 */
export async function readiness(context: ApiContext): Promise<ReadinessReport> {
  const [database, queue, search] = await Promise.all([
    timed({}, async () => {
      await sql`select 1`.execute(context.db);
    }),
    timed({ kind: context.queue.kind }, async () => {
      if (!(context.queue instanceof RedisQueue)) return;
      const health = await context.queue.ping();
      if (!health.ok) throw new Error(health.error);
    }),
    timed({}, async () => {
      if (!context.search) throw new Error('the search index is not built yet (it is built once the library holds patents)');
      const [stats, outbox] = await Promise.all([
        context.search.engine.stats(),
        context.db
          .selectFrom('index_outbox')
          // Measured on the database's clock, which wrote `enqueued_at`.
          .select((eb) => [eb.fn.countAll<number>().as('pending'), sql<number>`coalesce(extract(epoch from now() - min(enqueued_at)) * 1000, 0)`.as('lagMs')])
          .executeTakeFirstOrThrow(),
      ]);
      return {
        engine: context.search.engine.kind,
        documents: stats.documents,
        outboxPending: Number(outbox.pending),
        outboxLagMs: Math.max(0, Math.round(Number(outbox.lagMs))),
      };
    }),
  ]);
  const embedder = context.search
    ? { ok: true, latencyMs: 0, id: context.search.embedder.id, version: context.search.embedder.version, dimensions: context.search.embedder.dimensions }
    : { ok: false, latencyMs: 0, error: 'no embedder is loaded yet (it is trained or loaded with the search index)' };
  const checks = { database, queue, search, embedder };
  const status: ReadinessStatus = !context.isReady() ? 'starting' : !database.ok ? 'unavailable' : queue.ok && search.ok ? 'ok' : 'degraded';
  return { status, checks };
}

/**
 * `GET /health` (liveness: 200 once start-up finished, 503 while starting) and `GET /ready`
 * (readiness: each dependency's state; 200 while the API can serve, i.e. started and the database
 * answers, even when degraded; 503 otherwise). Neither needs an API key.
 *
 * @example
 * app.use(healthRoutes(context));
 */
export function healthRoutes(context: ApiContext): Router {
  const router = Router();
  router.get('/health', (_req, res) => {
    res.set('cache-control', 'no-store');
    if (context.isReady()) res.json({ status: 'ok' });
    else res.status(503).json({ status: 'starting' });
  });
  router.get('/ready', async (_req, res) => {
    const report = await readiness(context);
    res.set('cache-control', 'no-store');
    res.status(report.status === 'ok' || report.status === 'degraded' ? 200 : 503).json(report);
  });
  return router;
}
