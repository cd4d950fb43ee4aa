import { Router } from 'express';
import { z } from 'zod';
import { BOOTSTRAP_ADMIN_KEY_ID, consolePagesOf, getApiKey, permissionsOf, quotaFor, Role, type Viewer } from '@patent-bridge/access';
import { getOrganization } from '@patent-bridge/db';
import { OrganizationKind } from '@patent-bridge/domain';
import type { ApiContext } from '../context.ts';

const EditScope = z.enum(['any', 'own', 'none']);

/** The answer of `GET /v1/me`. */
export const MeAnswer = z.object({
  role: Role,
  organization: z.object({ id: z.string(), name: z.string(), kind: OrganizationKind }).nullable().describe("The key's organisation; null for admin keys"),
  keyId: z.string().describe('`key_bootstrap_admin` for the admin key configured in the environment'),
  keyName: z.string().describe("The label the key was issued with"),
  keyPrefix: z.string().nullable().describe('Shown as `pb_live_<prefix>…`; null for the configured admin key'),
  quotaPerMinute: z.number().int().nullable().describe('Requests per minute this key may make; null when unlimited'),
  permissions: z.object({
    canImport: z.boolean(),
    canImportDatasets: z.boolean(),
    canEditPatents: EditScope.describe("`any` patent, the organisation's `own`, or `none`"),
    canWriteDemands: EditScope,
    canImportDemands: z.boolean(),
    canGiveMatchFeedback: z.boolean(),
    canRebuildMatches: z.boolean(),
    canManageRoadshows: z.boolean(),
    canRegisterOrganizations: z.boolean(),
    canIssueKeys: z.boolean(),
    canRebuildIndex: z.boolean(),
    seesPrivateDemands: z.boolean(),
    seesAllTasks: z.boolean(),
  }),
  pages: z.array(z.enum(['dashboard', 'patents', 'import', 'search', 'demands', 'matches', 'meetings', 'roadshows', 'tasks', 'keys'])).describe('The console pages to show, in menu order'),
});
export type MeAnswer = z.infer<typeof MeAnswer>;

/**
 * Describes the caller's key: role, organisation, key name, quota, permissions and console pages.
 *
 * @example
 * await describeViewer(context, universityViewer)
 * // { role: 'university', organization: { id: 'org_…', name: '甲城理工大学', kind: 'university' }, keyId: 'key_…', keyName: '技术转移中心', … }
 */
export async function describeViewer(context: ApiContext, viewer: Viewer): Promise<MeAnswer> {
  const bootstrap = viewer.keyId === BOOTSTRAP_ADMIN_KEY_ID;
  const [key, organization] = await Promise.all([
    bootstrap ? undefined : getApiKey(context.db, viewer.keyId),
    viewer.organizationId ? getOrganization(context.db, viewer.organizationId) : undefined,
  ]);
  return {
    role: viewer.role,
    organization: organization ? { id: organization.id, name: organization.name, kind: organization.kind } : null,
    keyId: viewer.keyId,
    keyName: key?.label ?? (bootstrap ? 'PB_ADMIN_KEY' : viewer.keyId),
    keyPrefix: key?.prefix ?? null,
    quotaPerMinute: quotaFor(viewer) ?? null,
    permissions: permissionsOf(viewer),
    pages: consolePagesOf(viewer),
  };
}

/** `GET /v1/me`: who the key is and what it may do, for every role. */
export function meRoutes(context: ApiContext): Router {
  const router = Router();
  router.get('/me', async (_req, res) => {
    res.json(await describeViewer(context, res.locals.viewer));
  });
  return router;
}
