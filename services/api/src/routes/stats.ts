import { Router } from 'express';
import { z } from 'zod';
import { inventoryStatistics, renderInventoryStatistics } from '@patent-bridge/inventory';
import { requireRole, type Viewer } from '@patent-bridge/access';
import type { ApiContext } from '../context.ts';
import { recordTaskCreator } from './tasks.ts';

export const Query = z.strictObject({
  owner: z
    .preprocess((v) => (v === undefined ? undefined : String(v).split(',')), z.array(z.string().min(1).max(64)).max(50).optional())
    .describe("Only patents of these organisations. A university key counts its own organisation's unless it names others; `all` counts the whole library"),
  top: z.coerce.number().int().min(1).max(500).default(50),
  format: z.enum(['json', 'text']).default('json'),
});

/**
 * The organisations a statistics request counts: those named in `owner` (`all`: the whole library);
 * by default a university key's own organisation, and the whole library for other keys.
 *
 * @example
 * statisticsScope(universityViewer, undefined) // ['org_uni']
 * statisticsScope(universityViewer, ['all'])   // undefined (the whole library)
 * statisticsScope(partnerViewer, undefined)    // undefined
 */
export function statisticsScope(viewer: Viewer, owner: string[] | undefined): string[] | undefined {
  if (owner?.includes('all')) return undefined;
  if (owner?.length) return owner;
  return viewer.role === 'university' && viewer.organizationId ? [viewer.organizationId] : undefined;
}

/**
 * `GET /v1/stats/inventory`: counts, idle ratio and expiring patents per owner, chain, IPC class,
 * type and status; the screening-score distribution; the expiring patents by month.
 */
export function statsRoutes(context: ApiContext): Router {
  const router = Router();
  router.get('/stats/inventory', async (req, res) => {
    const q = Query.parse(req.query);
    const scope = statisticsScope(res.locals.viewer, q.owner);
    const stats = await inventoryStatistics(context.db, { top: q.top, catalogue: context.catalogue, ...(scope ? { ownerOrganizationIds: scope } : {}) });
    if (q.format === 'text') return void res.type('text/plain; charset=utf-8').send(renderInventoryStatistics(stats, { top: Math.min(q.top, 20) }));
    res.json(stats);
  });
  router.post('/index/rebuild', requireRole('admin'), async (_req, res) => {
    const taskId = await context.rebuildIndex();
    await recordTaskCreator(context.db, taskId, res.locals.viewer);
    res.status(202).location(`/v1/tasks/${taskId}`).json({ taskId, status: 'enqueued', type: 'reindex' });
  });

  router.get('/stats/index', async (_req, res) => {
    res.json(await context.indexStatus());
  });
  return router;
}
