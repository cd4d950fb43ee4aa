import { Router } from 'express';
import { z } from 'zod';
import { CursorError, findPatent, listPatents, type PatentFilters } from '@patent-bridge/db';
import { InventoryState, LegalStatus, PatentType } from '@patent-bridge/domain';
import type { ApiContext } from '../context.ts';
import { Problem } from '../problem.ts';

const list = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (v === undefined ? undefined : (Array.isArray(v) ? v : [v]).flatMap((s) => String(s).split(',')).map((s) => s.trim()).filter(Boolean)), z.array(item).max(50).optional());

export const ListQuery = z.strictObject({
  ipc: list(z.string().regex(/^[A-Ha-h](\d{2}([A-Za-z]( ?\d{1,4}(\/\d{0,6})?)?)?)?$/, 'an IPC prefix such as A61K or G06F 17')),
  chain: list(z.string().max(64)),
  owner: list(z.string().max(64)),
  legalStatus: list(LegalStatus),
  type: list(PatentType),
  inventoryState: list(InventoryState),
  openLicence: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  filingYearFrom: z.coerce.number().int().min(1985).max(2100).optional(),
  filingYearTo: z.coerce.number().int().min(1985).max(2100).optional(),
  expiringBefore: z.iso.date().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(20),
  cursor: z.string().max(500).optional(),
});

/** `GET /v1/patents` (filters, cursor pagination) and `GET /v1/patents/{id or any number}`. */
export function patentRoutes(context: ApiContext): Router {
  const router = Router();
  // Totals per filter set, kept for a few seconds: counting 31k rows on every page cost ~8 ms.
  const totals = new Map<string, { total: number; at: number }>();
  const TOTAL_TTL_MS = 5_000;

  router.get('/patents', async (req, res) => {
    const q = ListQuery.parse(req.query);
    const unknownChains = (q.chain ?? []).filter((c) => !context.catalogue.chains.some((k) => k.id === c));
    if (unknownChains.length) throw new Problem(400, 'unknown_chain', `unknown chain(s): ${unknownChains.join(', ')}; one of: ${context.catalogue.chains.map((c) => c.id).join(', ')}`);
    const filters: PatentFilters = {};
    if (q.ipc) filters.ipc = q.ipc.map((p) => p.toUpperCase());
    if (q.chain) filters.chain = q.chain;
    if (q.owner) filters.ownerOrganizationId = q.owner;
    if (q.legalStatus) filters.legalStatus = q.legalStatus;
    if (q.type) filters.type = q.type;
    if (q.inventoryState) filters.inventoryState = q.inventoryState;
    if (q.openLicence !== undefined) filters.openLicence = q.openLicence;
    if (q.filingYearFrom !== undefined) filters.filingYearFrom = q.filingYearFrom;
    if (q.filingYearTo !== undefined) filters.filingYearTo = q.filingYearTo;
    if (q.expiringBefore) filters.expiringBefore = q.expiringBefore;
    try {
      const key = JSON.stringify(filters);
      const known = totals.get(key);
      const fresh = known && Date.now() - known.at < TOTAL_TTL_MS ? known.total : undefined;
      const page = await listPatents(context.db, filters, { limit: q.limit, ...(q.cursor ? { cursor: q.cursor } : {}), ...(fresh !== undefined ? { total: fresh } : {}) });
      if (fresh === undefined) {
        if (totals.size > 1_000) totals.clear();
        totals.set(key, { total: page.total, at: Date.now() });
      }
      res.json({ patents: page.patents, total: page.total, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) });
    } catch (error) {
      if (error instanceof CursorError) throw new Problem(400, 'invalid_cursor', error.message);
      throw error;
    }
  });

  router.get('/patents/:id', async (req, res) => {
    const key = String(req.params.id);
    if (key.length > 64) throw new Problem(400, 'invalid_patent_id', 'a patent id or number is at most 64 characters');
    const patent = await findPatent(context.db, key);
    if (!patent) throw new Problem(404, 'patent_not_found', `no patent has the id or number "${key}"`);
    res.json(patent);
  });

  return router;
}
