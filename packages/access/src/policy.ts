import type { Demand, Patent, Task } from '@patent-bridge/domain';
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
 * (`{"dataset": …}`) is for admins. A university's upload writes only patents it owns: the import
 * rejects every other record (`not_your_patent`; `actingOrganizationId` in `@patent-bridge/inventory`).
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

/** Who started a task through the API, as recorded in the task's `details.createdBy`. */
export interface TaskCreator {
  keyId: string;
  organizationId?: string;
}

/**
 * The creator to record in the details of a task this viewer starts, so {@link canSeeTask} can find it again.
 *
 * @example
 * taskCreatorOf(universityViewer) // { keyId: 'key_uni', organizationId: 'org_uni' }
 */
export function taskCreatorOf(viewer: Viewer): TaskCreator {
  return viewer.organizationId ? { keyId: viewer.keyId, organizationId: viewer.organizationId } : { keyId: viewer.keyId };
}

/**
 * Seeing every task (imports, demand imports, rebuilds), whoever started it: admins and brokers.
 *
 * @example
 * seesAllTasks(brokerViewer)     // true
 * seesAllTasks(universityViewer) // false
 */
export function seesAllTasks(viewer: Viewer): boolean {
  return viewer.role === 'admin' || viewer.role === 'broker';
}

/**
 * Seeing one task: admins and brokers, and the key or organisation recorded as its creator. A task
 * with no recorded creator (started at boot or from the command line) is for admins and brokers only.
 *
 * @example
 * canSeeTask(universityViewer, { details: { createdBy: { keyId: 'key_other', organizationId: 'org_uni' } } }) // true
 * canSeeTask(partnerViewer, { details: {} })                                                               // false
 */
export function canSeeTask(viewer: Viewer, task: Pick<Task, 'details'>): boolean {
  if (seesAllTasks(viewer)) return true;
  const creator = task.details.createdBy as Partial<TaskCreator> | undefined;
  if (!creator || typeof creator !== 'object') return false;
  return creator.keyId === viewer.keyId || (typeof creator.organizationId === 'string' && owns(viewer, creator.organizationId));
}

/**
 * Giving feedback on a demand's matches: whoever may change the demand, and brokers.
 *
 * @example
 * canGiveMatchFeedback(brokerViewer, { enterpriseId: 'org_tea' })  // true
 * canGiveMatchFeedback(partnerViewer, { enterpriseId: 'org_tea' }) // false
 */
export function canGiveMatchFeedback(viewer: Viewer, demand: Pick<Demand, 'enterpriseId'>): boolean {
  return viewer.role === 'broker' || canWriteDemand(viewer, demand);
}

/**
 * Seeing a roadshow's public part (chain, month, line-up, agenda, owners): everyone once it is
 * published; drafts only for brokers and admins. Invitations, requests and meetings are narrower:
 * see `canActForOrganization`.
 *
 * @example
 * canSeeRoadshow(partnerViewer, { state: 'draft' })     // false
 * canSeeRoadshow(partnerViewer, { state: 'published' }) // true
 */
export function canSeeRoadshow(viewer: Viewer, roadshow: { state: string }): boolean {
  return roadshow.state !== 'draft' || canManageRoadshows(viewer);
}

/**
 * Acting for an organisation at a roadshow (its meeting requests, availability, calendar,
 * meetings): brokers and admins for anyone; otherwise only the organisation's own keys of the
 * given role.
 *
 * @example
 * canActForOrganization(enterpriseViewer, enterpriseViewer.organizationId!, 'enterprise') // true
 * canActForOrganization(universityViewer, 'org_other', 'university')                      // false
 */
export function canActForOrganization(viewer: Viewer, organizationId: string, role: 'enterprise' | 'university'): boolean {
  if (canManageRoadshows(viewer)) return true;
  return viewer.role === role && owns(viewer, organizationId);
}
