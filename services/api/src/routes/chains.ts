import { Router } from 'express';
import { sql } from 'kysely';
import type { ApiContext } from '../context.ts';
import { Problem } from '../problem.ts';

/**
 * The industrial chains of the "one chain per month" programme, with how many patents and open
 * demands each holds: `GET /v1/chains`, `GET /v1/chains/{id}`.
 */
export function chainRoutes(context: ApiContext): Router {
  const router = Router();

  const counts = async () => {
    const patents = await sql<{ chain: string; n: string }>`select unnest(chains) as chain, count(*) as n from patents group by 1`.execute(context.db);
    const byChain = new Map(patents.rows.map((r) => [r.chain, Number(r.n)]));
    const demands = await sql<{ chain: string; n: string }>`select unnest(chains) as chain, count(*) as n from demands where status = 'open' and visibility = 'public' group by 1`.execute(context.db);
    const demandCounts = new Map(demands.rows.map((r) => [r.chain, Number(r.n)]));
    return { byChain, demandCounts };
  };

  router.get('/chains', async (_req, res) => {
    const { byChain, demandCounts } = await counts();
    res.json({
      version: context.catalogue.version,
      chains: context.catalogue.chains.map((c) => ({ ...c, patents: byChain.get(c.id) ?? 0, openPublicDemands: demandCounts.get(c.id) ?? 0 })),
    });
  });

  router.get('/chains/:id', async (req, res) => {
    const chain = context.catalogue.chains.find((c) => c.id === req.params.id);
    if (!chain) throw new Problem(404, 'chain_not_found', `no chain "${req.params.id}"; see GET /v1/chains`);
    const { byChain, demandCounts } = await counts();
    res.json({ ...chain, patents: byChain.get(chain.id) ?? 0, openPublicDemands: demandCounts.get(chain.id) ?? 0 });
  });

  return router;
}
