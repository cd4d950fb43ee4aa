import { Router } from 'express';
import { z } from 'zod';
import { findPatent, getDemand } from '@patent-bridge/db';
import { MatchFeedback, type Demand } from '@patent-bridge/domain';
import { demandsHolding, DemandWithoutTextError, recordFeedback, storedMatches, type Matcher, type PatentMatch } from '@patent-bridge/matching';
import { canGiveMatchFeedback, canSeeDemand, requireRole, type Viewer } from '@patent-bridge/access';
import type { ApiContext } from '../context.ts';
import { Problem } from '../problem.ts';
import { recordTaskCreator } from './tasks.ts';

export const MatchQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  /** `live` (default) ranks now, feedback included; `stored` returns the batch job's top-K. */
  source: z.enum(['live', 'stored']).default('live'),
});
export const ReverseQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(100).default(20) });

/**
 * Matching: `GET /v1/demands/{id}/matches`, `GET /v1/patents/{id}/matches`,
 * `POST /v1/demands/{id}/matches/{patentId}/feedback`, `POST /v1/matches/rebuild`.
 */
export function matchRoutes(context: ApiContext): Router {
  const router = Router();
  const matcher = (): Matcher => {
    if (!context.matcher) throw new Problem(503, 'matching_unavailable', 'the search index is not ready yet, so matching cannot run; try again shortly');
    return context.matcher;
  };
  const visibleDemand = async (id: string, viewer: Viewer): Promise<Demand> => {
    const demand = await getDemand(context.db, id.slice(0, 64));
    if (!demand || !canSeeDemand(viewer, demand)) {
      throw new Problem(404, 'demand_not_found', `no demand "${id}" that you can see`);
    }
    return demand;
  };
  // Live matches are reused while nothing they depend on changed: the demand (its revision), its
  // feedback (latest id), this process's index (generation) and the weights version. Partners poll
  // the same demands; a change of any of these computes afresh.
  const memo = new Map<string, { at: number; matches: PatentMatch[] }>();
  const MEMO_TTL_MS = 60_000;
  const live = async (demand: Demand, limit: number) => {
    const current = matcher();
    const latest = await context.db.selectFrom('match_feedback').select((eb) => eb.fn.max('id').as('id')).where('demand_id', '=', demand.id).executeTakeFirst();
    const key = `${demand.id}|${demand.updatedAt}|${limit}|${latest?.id ?? 0}|${context.indexGeneration()}|${current.config.version}`;
    const known = memo.get(key);
    if (known && Date.now() - known.at < MEMO_TTL_MS) return known.matches;
    try {
      const matches = await current.matchDemand(demand, { limit });
      if (memo.size >= 2_000) memo.delete(memo.keys().next().value!);
      memo.set(key, { at: Date.now(), matches });
      return matches;
    } catch (error) {
      if (error instanceof DemandWithoutTextError) {
        throw new Problem(400, 'demand_without_text', `${error.message}; add a title or description that says what technology is needed`);
      }
      throw error;
    }
  };

  router.get('/demands/:id/matches', async (req, res) => {
    const q = MatchQuery.parse(req.query);
    const demand = await visibleDemand(String(req.params.id), res.locals.viewer);
    if (q.source === 'stored') {
      const matches = (await storedMatches(context.db, demand.id)).slice(0, q.limit);
      res.json({ demandId: demand.id, source: 'stored', weightsVersion: matches[0]?.weightsVersion ?? null, matches });
      return;
    }
    const matches = await live(demand, q.limit);
    res.json({ demandId: demand.id, source: 'live', weightsVersion: matcher().config.version, matches });
  });

  router.get('/patents/:id/matches', async (req, res) => {
    const q = ReverseQuery.parse(req.query);
    const patent = await findPatent(context.db, String(req.params.id).slice(0, 64));
    if (!patent) throw new Problem(404, 'patent_not_found', `no patent has the id or number "${req.params.id}"`);
    const viewer: Viewer = res.locals.viewer;
    const matches = await matcher().matchPatent(patent, viewer, { limit: q.limit, alsoDemandIds: await demandsHolding(context.db, patent.id) });
    const enterprises = new Map<string, { enterprise: { id: string; name?: string }; bestScore: number; demandIds: string[] }>();
    for (const m of matches) {
      const entry = enterprises.get(m.enterprise.id) ?? { enterprise: m.enterprise, bestScore: m.score, demandIds: [] };
      entry.demandIds.push(m.demandId);
      enterprises.set(m.enterprise.id, entry);
    }
    res.json({ patentId: patent.id, weightsVersion: matcher().config.version, enterprises: [...enterprises.values()], matches });
  });

  router.post('/demands/:id/matches/:patentId/feedback', async (req, res) => {
    const feedback = MatchFeedback.parse(req.body ?? {});
    const viewer: Viewer = res.locals.viewer;
    const demand = await visibleDemand(String(req.params.id), viewer);
    if (!canGiveMatchFeedback(viewer, demand)) throw new Problem(403, 'forbidden', 'only the enterprise that posted the demand, or a broker, can give feedback on its matches');
    const patent = await findPatent(context.db, String(req.params.patentId).slice(0, 64));
    if (!patent) throw new Problem(404, 'patent_not_found', `no patent has the id or number "${req.params.patentId}"`);
    const shown = (await storedMatches(context.db, demand.id)).find((m) => m.patentId === patent.id) ?? (await live(demand, 100)).find((m) => m.patentId === patent.id);
    const saved = await recordFeedback(context.db, {
      demandId: demand.id,
      patentId: patent.id,
      feedback,
      ...(viewer.organizationIds[0] ? { givenBy: viewer.organizationIds[0] } : {}),
      ...(shown ? { shown: { score: shown.score, features: shown.features, weightsVersion: shown.weightsVersion } } : {}),
    });
    // Stored top-K follows at once as well: the matching queue picks the demand up.
    await context.db.insertInto('match_queue').values({ kind: 'demand', entity_id: demand.id }).execute();
    res.status(201).json({ id: saved.id, demandId: demand.id, patentId: patent.id, ...feedback, createdAt: saved.createdAt, matches: await live(demand, 20) });
  });

  router.post('/matches/rebuild', requireRole('admin', 'broker'), async (_req, res) => {
    matcher();
    const taskId = await context.rebuildMatches();
    await recordTaskCreator(context.db, taskId, res.locals.viewer);
    res.status(202).location(`/v1/tasks/${taskId}`).json({ taskId, status: 'enqueued' });
  });

  return router;
}
