import type { Kysely } from 'kysely';
import { organizationNames, type Database } from '@patent-bridge/db';
import type { Invitation } from '../planning/invitations.ts';

/**
 * A roadshow's invitations, best first: all of them, or one enterprise's; `withdrawnAt` is set
 * once the SME withdrew (it is no longer scheduled).
 *
 * @example
 * (await listInvitations(db, 'rs-2026-04-biomedicine', 'org_ent'))[0].text // '尊敬的…'
 */
export async function listInvitations(db: Kysely<Database>, roadshowId: string, enterpriseId?: string): Promise<Array<Invitation & { withdrawnAt: string | null }>> {
  let query = db.selectFrom('roadshow_invitations').selectAll().where('roadshow_id', '=', roadshowId).orderBy('rank');
  if (enterpriseId) query = query.where('enterprise_id', '=', enterpriseId);
  const rows = await query.execute();
  const names = await organizationNames(db, rows.map((r) => r.enterprise_id));
  return rows.map((r) => ({
    rank: r.rank,
    enterpriseId: r.enterprise_id,
    enterpriseName: names.get(r.enterprise_id) ?? r.enterprise_id,
    strength: r.strength,
    best: r.best,
    matchedPatents: r.matched as unknown as Invitation['matchedPatents'],
    text: r.text,
    withdrawnAt: r.withdrawn_at,
  }));
}

/**
 * The roadshows an organisation takes part in: invited to (enterprise) or pitching at (owner).
 *
 * @example
 * await roadshowsOf(db, 'org_ent') // ['rs-2026-04-biomedicine']
 */
export async function roadshowsOf(db: Kysely<Database>, organizationId: string): Promise<string[]> {
  const invited = await db.selectFrom('roadshow_invitations').select('roadshow_id').where('enterprise_id', '=', organizationId).execute();
  const owning = await db.selectFrom('roadshow_owners').select('roadshow_id').where('organization_id', '=', organizationId).execute();
  return [...new Set([...invited, ...owning].map((r) => r.roadshow_id))];
}
