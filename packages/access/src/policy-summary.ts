import { canImportPatents, canManageKeys, canManageRoadshows, seesAllTasks } from './policy.ts';
import type { Viewer } from './roles.ts';

/**
 * What a key may do, in the terms a client shows or hides pages by. Each flag restates a rule of
 * the policy (or the role check of its route), so a console never offers what the API refuses.
 */
export interface Permissions {
  /** Upload an inventory file (`POST /v1/imports`, multipart). */
  canImport: boolean;
  /** Import a public dataset by name (`POST /v1/imports`, JSON). */
  canImportDatasets: boolean;
  /** Which patents' open-licence offer and inventory state the key may edit (`PATCH /v1/patents/{id}`). */
  canEditPatents: 'any' | 'own' | 'none';
  /** Post and change demands (`POST/PUT/DELETE /v1/demands`): `any` enterprise's, or its `own`. */
  canWriteDemands: 'any' | 'own' | 'none';
  /** Import a sheet of demands (`POST /v1/demands/imports`). */
  canImportDemands: boolean;
  /** Give interested / not-relevant feedback on matches (`POST /v1/demands/{id}/matches/{patentId}/feedback`). */
  canGiveMatchFeedback: boolean;
  /** Recompute every open demand's stored matches (`POST /v1/matches/rebuild`). */
  canRebuildMatches: boolean;
  /** Plan roadshows (一月一链), their line-ups, invitations and meetings. */
  canManageRoadshows: boolean;
  /** Register organisations (`POST /v1/organizations`). */
  canRegisterOrganizations: boolean;
  /** Issue, list and revoke API keys (`/v1/keys`). */
  canIssueKeys: boolean;
  /** Rebuild the search index (`POST /v1/index/rebuild`). */
  canRebuildIndex: boolean;
  /** See private demands of every enterprise. */
  seesPrivateDemands: boolean;
  /** See every task, not only the ones the key's organisation started. */
  seesAllTasks: boolean;
}

/** The console's pages. */
export type ConsolePage = 'dashboard' | 'patents' | 'import' | 'search' | 'demands' | 'matches' | 'meetings' | 'roadshows' | 'tasks' | 'keys';

/**
 * A key's permissions, as flags.
 *
 * @example
 * permissionsOf(universityViewer) // { canImport: true, canEditPatents: 'own', canManageRoadshows: false, canIssueKeys: false, … }
 */
export function permissionsOf(viewer: Viewer): Permissions {
  const admin = viewer.role === 'admin';
  const adminOrBroker = admin || viewer.role === 'broker';
  return {
    canImport: canImportPatents(viewer, 'upload'),
    canImportDatasets: canImportPatents(viewer, 'dataset'),
    canEditPatents: admin ? 'any' : viewer.role === 'university' ? 'own' : 'none',
    canWriteDemands: admin ? 'any' : viewer.role === 'enterprise' ? 'own' : 'none',
    canImportDemands: adminOrBroker,
    canGiveMatchFeedback: admin || viewer.role === 'enterprise' || viewer.role === 'broker',
    canRebuildMatches: adminOrBroker,
    canManageRoadshows: canManageRoadshows(viewer),
    canRegisterOrganizations: adminOrBroker,
    canIssueKeys: canManageKeys(viewer),
    canRebuildIndex: admin,
    seesPrivateDemands: viewer.seesAllDemands,
    seesAllTasks: seesAllTasks(viewer),
  };
}

/**
 * The console pages worth showing a key, in menu order: a university's inventory pages, an SME's
 * demand and match pages, a broker's roadshow pages, the admin's key page. Search is for everyone.
 *
 * @example
 * consolePagesOf(universityViewer) // ['dashboard', 'patents', 'import', 'search', 'tasks']
 * consolePagesOf(enterpriseViewer) // ['patents', 'search', 'demands', 'matches', 'meetings']
 * consolePagesOf(partnerViewer)    // ['patents', 'search']
 */
export function consolePagesOf(viewer: Viewer): ConsolePage[] {
  const p = permissionsOf(viewer);
  const inventory = viewer.role === 'admin' || viewer.role === 'university';
  const pages: Array<[ConsolePage, boolean]> = [
    ['dashboard', inventory],
    ['patents', true],
    ['import', p.canImport],
    ['search', true],
    ['demands', p.canWriteDemands !== 'none' || p.seesPrivateDemands],
    ['matches', p.canGiveMatchFeedback],
    ['meetings', viewer.role === 'enterprise' || p.canManageRoadshows],
    ['roadshows', p.canManageRoadshows],
    ['tasks', p.canImport || p.canImportDemands || p.seesAllTasks],
    ['keys', p.canIssueKeys],
  ];
  return pages.filter(([, shown]) => shown).map(([page]) => page);
}
