import { z } from 'zod';
import type { Kysely } from 'kysely';
import { organizationNames, type Database } from '@patent-bridge/db';
import { MeetingPreference, type ChainCatalogue } from '@patent-bridge/domain';
import { RoadshowError } from './roadshow-error.ts';
import { getRoadshow } from './roadshow-record.ts';

/** An SME's answers for the owners of one roadshow (Grip-style): must meet, would like to meet, or no. */
export const MeetingRequestSet = z.strictObject({
  requests: z
    .array(z.strictObject({ ownerOrganizationId: z.string().min(1).max(64), preference: MeetingPreference }))
    .max(500)
    .refine((list) => new Set(list.map((r) => r.ownerOrganizationId)).size === list.length, 'each owner may appear only once'),
});
export type MeetingRequestSet = z.infer<typeof MeetingRequestSet>;

export interface StoredMeetingRequest {
  enterpriseId: string;
  enterpriseName: string;
  ownerOrganizationId: string;
  ownerName: string;
  preference: MeetingPreference;
  updatedAt: string;
  /** When the meeting was called off (it will not be scheduled again). */
  cancelledAt: string | null;
}

/**
 * The meeting requests of a roadshow, all of them or one SME's.
 *
 * @example
 * (await listMeetingRequests(db, 'rs-2026-04-biomedicine', 'org_ent')).map((r) => r.preference) // ['must_meet', 'no']
 */
export async function listMeetingRequests(db: Kysely<Database>, roadshowId: string, enterpriseId?: string): Promise<StoredMeetingRequest[]> {
  let query = db.selectFrom('meeting_requests').selectAll().where('roadshow_id', '=', roadshowId).orderBy('enterprise_id').orderBy('owner_organization_id');
  if (enterpriseId) query = query.where('enterprise_id', '=', enterpriseId);
  const rows = await query.execute();
  const names = await organizationNames(db, [...new Set(rows.flatMap((r) => [r.enterprise_id, r.owner_organization_id]))]);
  return rows.map((r) => ({
    enterpriseId: r.enterprise_id,
    enterpriseName: names.get(r.enterprise_id) ?? r.enterprise_id,
    ownerOrganizationId: r.owner_organization_id,
    ownerName: names.get(r.owner_organization_id) ?? r.owner_organization_id,
    preference: r.preference,
    updatedAt: r.updated_at,
    cancelledAt: r.cancelled_at,
  }));
}

/**
 * Replaces an invited SME's meeting requests for a published roadshow. Every owner named must be
 * one of the roadshow's owners; an owner left out has no request (the matcher's score may still
 * suggest the pair).
 *
 * @example
 * await putMeetingRequests(db, catalogue, 'rs-2026-04-biomedicine', 'org_ent', { requests: [{ ownerOrganizationId: 'org_sdu', preference: 'must_meet' }] });
 */
export async function putMeetingRequests(db: Kysely<Database>, catalogue: ChainCatalogue, roadshowId: string, enterpriseId: string, input: MeetingRequestSet): Promise<StoredMeetingRequest[]> {
  const { requests } = MeetingRequestSet.parse(input);
  const roadshow = await getRoadshow(db, catalogue, roadshowId);
  if (roadshow.state !== 'published') {
    throw new RoadshowError('not_open_for_requests', `roadshow ${roadshowId} is ${roadshow.state}; meeting requests are taken while it is published`);
  }
  const invited = await db.selectFrom('roadshow_invitations').select(['enterprise_id', 'withdrawn_at']).where('roadshow_id', '=', roadshowId).where('enterprise_id', '=', enterpriseId).executeTakeFirst();
  if (invited?.withdrawn_at) throw new RoadshowError('not_invited', `enterprise ${enterpriseId} withdrew from roadshow ${roadshowId}`);
  if (!invited) throw new RoadshowError('not_invited', `enterprise ${enterpriseId} is not invited to roadshow ${roadshowId}`);
  const owners = new Set((await db.selectFrom('roadshow_owners').select('organization_id').where('roadshow_id', '=', roadshowId).execute()).map((o) => o.organization_id));
  const unknown = requests.filter((r) => !owners.has(r.ownerOrganizationId)).map((r) => r.ownerOrganizationId);
  if (unknown.length) {
    throw new RoadshowError('unknown_owner', `not an owner at roadshow ${roadshowId}: ${unknown.join(', ')}; GET /v1/roadshows/${roadshowId} lists the owners`);
  }
  await db.transaction().execute(async (trx) => {
    // A called-off meeting stays called off (and on record): only open requests are replaced.
    await trx.deleteFrom('meeting_requests').where('roadshow_id', '=', roadshowId).where('enterprise_id', '=', enterpriseId).where('cancelled_at', 'is', null).execute();
    if (requests.length) {
      await trx
        .insertInto('meeting_requests')
        .values(requests.map((r) => ({ roadshow_id: roadshowId, enterprise_id: enterpriseId, owner_organization_id: r.ownerOrganizationId, preference: r.preference })))
        .onConflict((oc) => oc.columns(['roadshow_id', 'enterprise_id', 'owner_organization_id']).doUpdateSet((eb) => ({ preference: eb.ref('excluded.preference'), updated_at: new Date().toISOString() })))
        .execute();
    }
  });
  return listMeetingRequests(db, roadshowId, enterpriseId);
}
