import { sql, type Kysely } from 'kysely';
import { organizationNames, type Database } from '@patent-bridge/db';
import type { InventoryState, LegalStatus } from '@patent-bridge/domain';
import type { PlanningDemand, PlanningMatch, PlanningPatent } from '../planning/eligibility.ts';

/** What the planners read from the system of record: stored matches of open demands, their patents and demands, and names. */
export interface PlanningData {
  patents: PlanningPatent[];
  demands: PlanningDemand[];
  matches: PlanningMatch[];
  /** Organisation (university and enterprise) names by id. */
  names: Map<string, string>;
}

/**
 * Loads the matcher's stored top-K of every open demand with the patents and demands behind them.
 * Only patents with an owner organisation count: someone has to present them and sit at a table.
 *
 * @example
 * const data = await loadPlanningData(db);
 * chainReadiness({ ...data, asOf: '2026-01-01' })
 */
export async function loadPlanningData(db: Kysely<Database>): Promise<PlanningData> {
  const matches = await db
    .selectFrom('match_results as m')
    .innerJoin('demands as d', 'd.id', 'm.demand_id')
    .select(['m.demand_id as demandId', 'm.patent_id as patentId', 'm.score'])
    .where('d.status', '=', 'open')
    .execute();
  const demandRows = await db.selectFrom('demands').select(['id', 'enterprise_id', 'title', 'chains', 'status']).where('status', '=', 'open').execute();
  const patentRows = await db
    .selectFrom('patents as p')
    .select(['p.id', 'p.title', 'p.chains', 'p.owner_organization_ids', 'p.owners', 'p.legal_status', 'p.inventory_state', 'p.expiry_date', 'p.open_licence', 'p.open_licence_declared', 'p.screening_score'])
    .where(sql<boolean>`exists (select 1 from match_results m join demands d on d.id = m.demand_id where m.patent_id = p.id and d.status = 'open')`)
    .where(sql<boolean>`cardinality(p.owner_organization_ids) > 0`)
    .execute();
  const patents: PlanningPatent[] = patentRows.map((p) => ({
    id: p.id,
    title: p.title,
    chains: p.chains,
    ownerOrganizationIds: p.owner_organization_ids,
    owners: p.owners,
    legalStatus: p.legal_status as LegalStatus,
    inventoryState: p.inventory_state as InventoryState,
    ...(p.expiry_date ? { expiryDate: p.expiry_date } : {}),
    ...(p.open_licence_declared ? { openLicence: { declared: true, ...(p.open_licence?.feeCny !== undefined ? { feeCny: p.open_licence.feeCny } : {}) } } : {}),
    ...(p.screening_score !== null ? { screening: { score: p.screening_score } } : {}),
  }));
  const demands: PlanningDemand[] = demandRows.map((d) => ({ id: d.id, enterpriseId: d.enterprise_id, title: d.title, chains: d.chains, status: 'open' }));
  const orgIds = new Set<string>([...demands.map((d) => d.enterpriseId), ...patents.flatMap((p) => p.ownerOrganizationIds)]);
  return { patents, demands, matches, names: await organizationNames(db, [...orgIds]) };
}

/**
 * The name book planners and exports take: `[{ id, name }]`.
 *
 * @example
 * nameBook(new Map([['org_1', '山东大学']])) // [{ id: 'org_1', name: '山东大学' }]
 */
export function nameBook(names: ReadonlyMap<string, string>): Array<{ id: string; name: string }> {
  return [...names].map(([id, name]) => ({ id, name }));
}
