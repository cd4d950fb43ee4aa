import { Router } from 'express';
import { z } from 'zod';
import { CursorError, findPatent, listPatents, type PatentFilters } from '@patent-bridge/db';
import { InventoryState, LegalStatus, PatentType, PaymentMode } from '@patent-bridge/domain';
import { canWritePatent, type Viewer } from '@patent-bridge/access';
import { OfferConflictError, revisePatentOffer } from '@patent-bridge/inventory';
import type { ApiContext } from '../context.ts';
import { Problem } from '../problem.ts';
import { entityTag, ifNoneMatchMatches } from '../middleware/entity-tags.ts';

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
  expiringWithinMonths: z.coerce.number().int().min(1).max(120).optional().describe('Only patents in force (granted) whose term ends within this many months from today, as the inventory statistics count them'),
  q: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().trim().max(200).optional()).describe('Words that must each appear in the title, abstract, a number, or an owner or applicant name'),
  limit: z.coerce.number().int().min(1).max(200).default(20),
  cursor: z.string().max(500).optional(),
});

/**
 * The body of `PATCH /v1/patents/{id}`: a JSON merge patch of the open-licence offer (开放许可) and
 * the inventory state (转化状态). Left out: unchanged; `null`: removed (`"openLicence": null`
 * withdraws the offer). Any other field is refused.
 */
export const PatentOfferPatch = z
  .strictObject({
    openLicence: z
      .strictObject({
        declared: z.boolean().optional().describe('Whether the owner declares the open licence'),
        feeCny: z.number().nonnegative().max(1e10).nullable().optional().describe('Fee in CNY: per year for annual payment, in total for a lump sum'),
        paymentMode: PaymentMode.nullable().optional(),
        termYears: z.number().positive().max(30).nullable().optional().describe('Licence term in years'),
      })
      .nullable()
      .optional(),
    inventoryState: InventoryState.optional(),
  })
  .refine((patch) => patch.openLicence !== undefined || patch.inventoryState !== undefined, { message: 'change at least one of openLicence, inventoryState' });

/** The first day of the month `months` after `day` (ISO dates), clamped like `Date` does: 2026-01-31 + 1 → 2026-03-03. */
function monthsAfter(day: string, months: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCMonth(date.getUTCMonth() + months);
  return date.toISOString().slice(0, 10);
}

/** Every invalid field of a PATCH body, unknown ones named one by one (`openLicence.fee`). */
function offerPatchErrors(error: z.ZodError): Array<{ field: string; message: string }> {
  return error.issues.flatMap((issue) => {
    const at = issue.path.join('.');
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ field: at ? `${at}.${key}` : key, message: `unknown field "${key}"; the fields are ${at === 'openLicence' ? 'declared, feeCny, paymentMode, termYears' : 'openLicence, inventoryState'}` }));
    return [{ field: at || '(body)', message: issue.message }];
  });
}

/** `GET /v1/patents` (filters, cursor pagination), `GET /v1/patents/{id or any number}`, and `PATCH /v1/patents/{id}` (offer and inventory state). */
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
    if (q.expiringWithinMonths !== undefined) {
      const today = new Date().toISOString().slice(0, 10);
      filters.expiringBetween = { from: today, until: monthsAfter(today, q.expiringWithinMonths) };
    }
    if (q.q) filters.text = q.q;
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

  router.patch('/patents/:id', async (req, res) => {
    const key = String(req.params.id);
    if (key.length > 64) throw new Problem(400, 'invalid_patent_id', 'a patent id or number is at most 64 characters');
    if (!req.is('application/json')) throw new Problem(415, 'unsupported_media_type', 'send the change as application/json, e.g. {"inventoryState": "licensed"}');
    const viewer: Viewer = res.locals.viewer;
    const existing = await findPatent(context.db, key);
    if (!existing) throw new Problem(404, 'patent_not_found', `no patent has the id or number "${key}"`);
    if (!canWritePatent(viewer, existing)) {
      throw new Problem(403, 'forbidden', viewer.role === 'university' ? 'this patent is not owned by your organisation; only its owner can change its offer' : 'only the owning university, or an admin, can change a patent\'s offer');
    }
    const parsed = PatentOfferPatch.safeParse(req.body ?? {});
    if (!parsed.success) {
      const errors = offerPatchErrors(parsed.error);
      throw new Problem(400, 'invalid_request', errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors });
    }
    const ifMatch = req.get('if-match');
    try {
      const result = await revisePatentOffer(context.db, existing.id, parsed.data, {
        source: `api:${viewer.keyId}`,
        // The ETag of GET /v1/patents/{id} is a hash of the patent's JSON: it still names the patent only if nothing changed since.
        ...(ifMatch ? { precondition: (current) => ifNoneMatchMatches(ifMatch, entityTag(JSON.stringify(current))) } : {}),
      });
      if (result.outcome === 'not_found') throw new Problem(404, 'patent_not_found', `no patent has the id or number "${key}"`);
      if (result.outcome === 'precondition_failed') {
        throw new Problem(412, 'precondition_failed', 'the patent changed since you read it (If-Match names another version); read it again, then resend your change', { currentETag: entityTag(JSON.stringify(result.patent)) });
      }
      res.set('ETag', entityTag(JSON.stringify(result.patent))).json(result.patent);
    } catch (error) {
      if (error instanceof OfferConflictError) throw new Problem(400, 'invalid_offer', error.message, { errors: [{ field: error.field, message: error.message }] });
      throw error;
    }
  });

  return router;
}
