import { Router } from 'express';
import { findPatent } from '@patent-bridge/db';
import { SearchRequest, SearchRequestError, searchDemands, searchPatents, similarPatents } from '@patent-bridge/search';
import { z } from 'zod';
import type { ApiContext } from '../context.ts';
import { Problem } from '../problem.ts';

export const SimilarQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(50).default(10) });

/** `POST /v1/search`, `POST /v1/demands/search`, `GET /v1/patents/{id}/similar`. */
export function searchRoutes(context: ApiContext): Router {
  const router = Router();
  const deps = () => {
    if (!context.search) throw new Problem(503, 'search_unavailable', 'the search index is not ready yet; try again shortly');
    return { db: context.db, ...context.search };
  };
  const parse = (body: unknown) => {
    if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw new Problem(400, 'invalid_request', 'send a JSON object such as {"q": "茶叶杀青", "mode": "hybrid"}');
    }
    return SearchRequest.parse(body);
  };
  const guard = async <T>(fn: () => Promise<T>) => {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof SearchRequestError) throw new Problem(400, 'invalid_cursor', error.message);
      throw error;
    }
  };

  router.post('/search', async (req, res) => {
    const request = parse(req.body);
    res.json(await guard(() => searchPatents(deps(), request)));
  });

  router.post('/demands/search', async (req, res) => {
    const request = parse(req.body);
    res.json(await guard(() => searchDemands(deps(), request, res.locals.viewer)));
  });

  router.get('/patents/:id/similar', async (req, res) => {
    const { limit } = SimilarQuery.parse(req.query);
    const patent = await findPatent(context.db, String(req.params.id).slice(0, 64));
    if (!patent) throw new Problem(404, 'patent_not_found', `no patent has the id or number "${req.params.id}"`);
    const similar = await similarPatents(deps(), patent.id, limit);
    if (!similar) throw new Problem(409, 'not_indexed_yet', `patent ${patent.id} is not in the search index yet; try again shortly`);
    res.json({ patentId: patent.id, similar });
  });

  return router;
}
