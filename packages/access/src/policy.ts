import type { Demand, Patent } from '@patent-bridge/domain';
import type { Viewer } from './roles.ts';

/**
 * Who may do what. Each rule is one function of the viewer (and the record it acts on), so a route
 * reads `if (!canWriteDemand(viewer, demand)) throw …` and the whole policy fits on one screen.
 */

const isAdmin = (viewer: Viewer) => viewer.role === 'admin';
const owns = (viewer: Viewer, organizationId: string) => viewer.organizationIds.includes(organizationId);

/**
 * Reading the public library (patents, public demands, statistics, search): every role, partners included.
 *
 * @example
 * canReadPublic(partnerViewer) // true
 */
export function canReadPublic(_viewer: Viewer): boolean {
  return true;
}

/**
 * Changing a patent: admins, and a university whose organisation owns it.
 *
 * @example
 * canWritePatent(universityViewer, { ownerOrganizationIds: [universityViewer.organizationId!] }) // true
 * canWritePatent(enterpriseViewer, { ownerOrganizationIds: [enterpriseViewer.organizationId!] }) // false
 */
export function canWritePatent(viewer: Viewer, patent: Pick<Patent, 'ownerOrganizationIds'>): boolean {
  if (isAdmin(viewer)) return true;
  return viewer.role === 'university' && patent.ownerOrganizationIds.some((id) => owns(viewer, id));
}

/**
 * Creating, changing or deleting a demand: admins, and the enterprise it belongs to.
 *
 * @example
 * canWriteDemand(smeViewer, { enterpriseId: smeViewer.organizationId! }) // true
 * canWriteDemand(brokerViewer, { enterpriseId: 'org_tea' })             // false
 */
export function canWriteDemand(viewer: Viewer, demand: Pick<Demand, 'enterpriseId'>): boolean {
  if (isAdmin(viewer)) return true;
  return viewer.role === 'enterprise' && owns(viewer, demand.enterpriseId);
}

/**
 * Seeing a demand: everyone for public ones; private ones only for their enterprise, brokers and admins.
 *
 * @example
 * canSeeDemand(partnerViewer, { visibility: 'private', enterpriseId: 'org_tea' }) // false
 * canSeeDemand(brokerViewer, { visibility: 'private', enterpriseId: 'org_tea' })  // true
 */
export function canSeeDemand(viewer: Viewer, demand: Pick<Demand, 'visibility' | 'enterpriseId'>): boolean {
  return demand.visibility === 'public' || viewer.seesAllDemands || owns(viewer, demand.enterpriseId);
}

/**
 * Organising roadshows (一月一链) and their meetings: admins and brokers.
 *
 * @example
 * canManageRoadshows(brokerViewer) // true
 */
export function canManageRoadshows(viewer: Viewer): boolean {
  return viewer.role === 'admin' || viewer.role === 'broker';
}

/**
 * Importing patents. A university may upload its own inventory; importing a shared dataset by name
 * (`{"dataset": …}`) is for admins. An upload by a university should only write patents it owns.
 *
 * @example
 * canImportPatents(universityViewer)            // true
 * canImportPatents(universityViewer, 'dataset') // false
 */
export function canImportPatents(viewer: Viewer, source: 'upload' | 'dataset' = 'upload'): boolean {
  if (isAdmin(viewer)) return true;
  return source === 'upload' && viewer.role === 'university';
}

/**
 * Issuing, listing and revoking API keys: admins only.
 *
 * @example
 * canManageKeys(brokerViewer) // false
 */
export function canManageKeys(viewer: Viewer): boolean {
  return isAdmin(viewer);
}
