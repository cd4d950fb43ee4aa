import { Router } from 'express';
import { z } from 'zod';
import { requireRole } from '@patent-bridge/access';
import { getOrganization, saveOrganization } from '@patent-bridge/db';
import { OrganizationKind, Region } from '@patent-bridge/domain';
import type { ApiContext } from '../context.ts';
import { Problem } from '../problem.ts';

export const OrganizationInput = z.strictObject({
  name: z.string().trim().min(1).max(200),
  kind: OrganizationKind.optional(),
  aliases: z.array(z.string().trim().min(1).max(200)).max(20).optional(),
  region: Region.optional(),
});

export const OrganizationListQuery = z.strictObject({
  kind: OrganizationKind.optional(),
  q: z.string().trim().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(64).optional(),
});

/**
 * Organisations: `POST /v1/organizations` (admins and brokers register universities, enterprises,
 * brokers and partner platforms, so keys can be issued to them), `GET /v1/organizations` (cursor
 * pages, by kind or name), `GET /v1/organizations/{id}`.
 */
export function organizationRoutes(context: ApiContext): Router {
  const router = Router();

  router.post('/organizations', requireRole('admin', 'broker'), async (req, res) => {
    const input = OrganizationInput.parse(req.body ?? {});
    const organization = await saveOrganization(context.db, { name: input.name, ...(input.kind ? { kind: input.kind } : {}), ...(input.aliases ? { aliases: input.aliases } : {}), ...(input.region ? { region: input.region } : {}) });
    res.status(201).location(`/v1/organizations/${organization.id}`).json(organization);
  });

  router.get('/organizations', async (req, res) => {
    const q = OrganizationListQuery.parse(req.query);
    let query = context.db.selectFrom('organizations').selectAll().orderBy('id').limit(q.limit + 1);
    if (q.kind) query = query.where('kind', '=', q.kind);
    if (q.q) query = query.where('name', 'like', `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    if (q.cursor) query = query.where('id', '>', q.cursor);
    const rows = await query.execute();
    const page = rows.slice(0, q.limit).map((row) => ({ id: row.id, kind: row.kind, name: row.name, aliases: row.aliases, region: row.region }));
    res.json({ organizations: page, ...(rows.length > q.limit ? { nextCursor: page[page.length - 1]!.id } : {}) });
  });

  router.get('/organizations/:id', async (req, res) => {
    const organization = await getOrganization(context.db, String(req.params.id).slice(0, 64));
    if (!organization) throw new Problem(404, 'organization_not_found', `no organisation "${req.params.id}"`);
    res.json(organization);
  });

  return router;
}
