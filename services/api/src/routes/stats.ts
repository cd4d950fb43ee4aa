import { Router } from 'express';
import { z } from 'zod';
import { inventoryStatistics, renderInventoryStatistics } from '@patent-bridge/inventory';
import { requireRole } from '@patent-bridge/access';
import type { ApiContext } from '../context.ts';
import { recordTaskCreator } from './tasks.ts';

export const Query = z.strictObject({
  owner: z.preprocess((v) => (v === undefined ? undefined : String(v).split(',')), z.array(z.string().min(1).max(64)).max(50).optional()),
  top: z.coerce.number().int().min(1).max(500).default(50),
  format: z.enum(['json', 'text']).default('json'),
});

/** `GET /v1/stats/inventory`: counts, idle ratio and expiring patents per owner, chain, IPC class, type and status. */
export function statsRoutes(context: ApiContext): Router {
  const router = Router();
  router.get('/stats/inventory', async (req, res) => {
    const q = Query.parse(req.query);
    const stats = await inventoryStatistics(context.db, { top: q.top, catalogue: context.catalogue, ...(q.owner ? { ownerOrganizationIds: q.owner } : {}) });
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
