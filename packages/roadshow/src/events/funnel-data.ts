import type { Kysely } from 'kysely';
import type { Database } from '@patent-bridge/db';
import type { ChainCatalogue } from '@patent-bridge/domain';
import { roadshowFunnel, type Funnel } from '../planning/funnel.ts';

/**
 * The conversion funnel of a year's roadshows (or every roadshow's) from the system of record:
 * matches → invitations → meeting requests → meetings → contracts, per chain and month. Drafts
 * are left out: nobody was invited to them yet.
 *
 * @example
 * renderFunnel(await funnelOfYear(db, catalogue, 2026))
 */
export async function funnelOfYear(db: Kysely<Database>, catalogue: ChainCatalogue, year?: number): Promise<Funnel> {
  let roadshowQuery = db.selectFrom('roadshows').select(['id', 'chain_id', 'month', 'line_up']).where('state', '!=', 'draft');
  if (year !== undefined) roadshowQuery = roadshowQuery.where('month', 'like', `${year}-%`);
  const roadshows = await roadshowQuery.execute();
  const ids = roadshows.map((r) => r.id);
  const patentIds = [...new Set(roadshows.flatMap((r) => r.line_up.map((c) => String((c as { patentId: string }).patentId))))];
  const none = Promise.resolve([]);
  const [demands, matches, invitations, requests, meetings, contracts] = await Promise.all([
    db.selectFrom('demands').select(['id', 'enterprise_id', 'title', 'chains', 'status']).execute(),
    patentIds.length ? db.selectFrom('match_results').select(['demand_id', 'patent_id', 'score']).where('patent_id', 'in', patentIds).execute() : none,
    ids.length ? db.selectFrom('roadshow_invitations').select(['roadshow_id', 'enterprise_id']).where('roadshow_id', 'in', ids).execute() : none,
    ids.length ? db.selectFrom('meeting_requests').select(['roadshow_id', 'enterprise_id', 'owner_organization_id', 'preference']).where('roadshow_id', 'in', ids).execute() : none,
    ids.length ? db.selectFrom('meetings').select(['roadshow_id', 'enterprise_id', 'owner_organization_id', 'status']).where('roadshow_id', 'in', ids).execute() : none,
    ids.length ? db.selectFrom('roadshow_contracts').select(['roadshow_id', 'enterprise_id', 'value_cny', 'patent_ids']).where('roadshow_id', 'in', ids).execute() : none,
  ]);
  return roadshowFunnel({
    roadshows: roadshows.map((r) => ({ id: r.id, chainId: r.chain_id, month: r.month, lineUp: r.line_up.map((c) => String((c as { patentId: string }).patentId)) })),
    demands: demands.map((d) => ({ id: d.id, enterpriseId: d.enterprise_id, title: d.title, chains: d.chains, status: d.status === 'open' ? 'open' : 'closed' })),
    matches: matches.map((m) => ({ demandId: m.demand_id, patentId: m.patent_id, score: m.score })),
    invitations: invitations.map((i) => ({ roadshowId: i.roadshow_id, enterpriseId: i.enterprise_id })),
    meetingRequests: requests.map((r) => ({ roadshowId: r.roadshow_id, enterpriseId: r.enterprise_id, ownerOrganizationId: r.owner_organization_id, preference: r.preference })),
    meetings: meetings.map((m) => ({ roadshowId: m.roadshow_id, enterpriseId: m.enterprise_id, ownerOrganizationId: m.owner_organization_id, status: m.status })),
    contracts: contracts.map((c) => ({ roadshowId: c.roadshow_id, enterpriseId: c.enterprise_id, valueCny: Number(c.value_cny), patentIds: c.patent_ids })),
    chains: catalogue.chains.map((c) => ({ id: c.id, name: c.name })),
  });
}
