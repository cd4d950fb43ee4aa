import type { Demand, Organization, Patent } from '@patent-bridge/domain';
import type { SearchDocument } from '../documents.ts';

const MAX_CLAIMS_IN_INDEX = 3000;

/** What the projection needs to know about owners. */
export type OwnerLookup = ReadonlyMap<string, Pick<Organization, 'kind' | 'region'>>;

function regionsOf(ids: readonly string[], owners: OwnerLookup): string[] {
  const regions = new Set<string>();
  for (const id of ids) {
    const region = owners.get(id)?.region;
    if (region?.province) regions.add(region.province);
    if (region?.city) regions.add(region.city);
  }
  return [...regions];
}

/**
 * The search document of a patent: display text, filterable attributes, owners' kinds and regions.
 *
 * @example
 * patentDocument(patent, owners) // { id: 'pt_…', kind: 'patent', title: '一种滚筒杀青机', ipc: ['A23F 3/06'], … }
 */
export function patentDocument(patent: Patent & { revision?: number }, owners: OwnerLookup): SearchDocument {
  const doc: SearchDocument = {
    id: patent.id,
    kind: 'patent',
    title: patent.title,
    body: patent.abstract ?? '',
    extra: [patent.claims?.slice(0, MAX_CLAIMS_IN_INDEX), ...(patent.owners.length ? patent.owners : patent.applicants)].filter(Boolean).join(' '),
    ipc: patent.ipcCodes,
    chains: patent.chains.map((c) => c.chain),
    ownerIds: patent.ownerOrganizationIds,
    ownerKinds: [...new Set(patent.ownerOrganizationIds.map((id) => owners.get(id)?.kind).filter((k): k is Organization['kind'] => k !== undefined))],
    openLicence: patent.openLicence?.declared ?? false,
    regions: regionsOf(patent.ownerOrganizationIds, owners),
    visibility: 'public',
    revision: patent.revision ?? 1,
  };
  if (patent.legalStatus) doc.legalStatus = patent.legalStatus;
  if (patent.type) doc.type = patent.type;
  if (patent.filingYear !== undefined) doc.filingYear = patent.filingYear;
  if (patent.screening) doc.screeningScore = patent.screening.score;
  return doc;
}

/**
 * The search document of an SME demand; private demands keep their visibility so engines filter them.
 *
 * @example
 * demandDocument(demand, owners) // { id: 'dm_…', kind: 'demand', visibility: 'private', ownerIds: [enterpriseId], … }
 */
export function demandDocument(demand: Demand & { revision?: number }, owners: OwnerLookup): SearchDocument {
  const regions = new Set(regionsOf([demand.enterpriseId], owners));
  if (demand.region.province) regions.add(demand.region.province);
  if (demand.region.city) regions.add(demand.region.city);
  return {
    id: demand.id,
    kind: 'demand',
    title: demand.title,
    body: demand.description,
    extra: demand.keywords.join(' '),
    ipc: [],
    chains: demand.chains,
    ownerIds: [demand.enterpriseId],
    ownerKinds: [owners.get(demand.enterpriseId)?.kind ?? 'enterprise'],
    openLicence: demand.licenceModes.includes('open_licence'),
    regions: [...regions],
    visibility: demand.visibility,
    revision: demand.revision ?? 1,
  };
}

/**
 * The text a document is embedded from: title, then body, capped so long abstracts do not drown the title.
 *
 * @example
 * embeddingText(doc) // '一种滚筒杀青机 本实用新型涉及…'
 */
export function embeddingText(doc: SearchDocument): string {
  return `${doc.title} ${doc.title} ${doc.extra && doc.kind === 'demand' ? `${doc.extra} ` : ''}${doc.body.slice(0, 1000)}`.trim();
}
