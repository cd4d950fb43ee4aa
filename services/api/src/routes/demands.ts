import { Router } from 'express';
import { z } from 'zod';
import { createDemand, deleteDemand, getDemand, getOrganization, listDemands, updateDemand } from '@patent-bridge/db';
import { DemandInput, DemandStatus } from '@patent-bridge/domain';
import { canSeeDemand, canWriteDemand, type Viewer } from '@patent-bridge/access';
import type { ApiContext } from '../context.ts';
import { Problem } from '../problem.ts';

export const ListQuery = z.strictObject({
  enterprise: z.string().max(64).optional(),
  status: DemandStatus.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(64).optional(),
});
export const Update = DemandInput.extend({ status: DemandStatus.optional() });

/** Demand profiles: `POST/GET /v1/demands`, `GET/PUT/DELETE /v1/demands/{id}`. */
export function demandRoutes(context: ApiContext): Router {
  const router = Router();

  const visible = async (id: string, viewer: Viewer) => {
    const demand = await getDemand(context.db, id.slice(0, 64));
    if (!demand || !canSeeDemand(viewer, demand)) {
      throw new Problem(404, 'demand_not_found', `no demand "${id}" that you can see`);
    }
    return demand;
  };

  router.post('/demands', async (req, res) => {
    const input = DemandInput.parse(req.body ?? {});
    if (!canWriteDemand(res.locals.viewer, input)) throw new Problem(403, 'forbidden', 'you can post demands only for your own enterprise');
    if (!(await getOrganization(context.db, input.enterpriseId))) throw new Problem(400, 'unknown_enterprise', `enterpriseId "${input.enterpriseId}" is not a known organisation`);
    const demand = await createDemand(context.db, input);
    res.status(201).location(`/v1/demands/${demand.id}`).json(demand);
  });

  router.get('/demands', async (req, res) => {
    const q = ListQuery.parse(req.query);
    const viewer = res.locals.viewer;
    res.json(
      await listDemands(context.db, { organizationIds: viewer.organizationIds, seesAll: viewer.seesAllDemands }, { limit: q.limit, ...(q.cursor ? { cursor: q.cursor } : {}), ...(q.enterprise ? { enterpriseId: q.enterprise } : {}), ...(q.status ? { status: q.status } : {}) }),
    );
  });

  router.get('/demands/:id', async (req, res) => {
    res.json(await visible(String(req.params.id), res.locals.viewer));
  });

  router.put('/demands/:id', async (req, res) => {
    const existing = await visible(String(req.params.id), res.locals.viewer);
    if (!canWriteDemand(res.locals.viewer, existing)) throw new Problem(403, 'forbidden', 'only the enterprise that posted this demand can change it');
    const { status, ...input } = Update.parse(req.body ?? {});
    if (input.enterpriseId !== existing.enterpriseId) throw new Problem(400, 'enterprise_immutable', 'a demand cannot move to another enterprise');
    res.json(await updateDemand(context.db, existing.id, DemandInput.parse(input), status));
  });

  router.delete('/demands/:id', async (req, res) => {
    const existing = await visible(String(req.params.id), res.locals.viewer);
    if (!canWriteDemand(res.locals.viewer, existing)) throw new Problem(403, 'forbidden', 'only the enterprise that posted this demand can delete it');
    await deleteDemand(context.db, existing.id);
    res.status(204).end();
  });

  return router;
}
