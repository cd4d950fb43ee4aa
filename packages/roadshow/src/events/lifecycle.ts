import type { Kysely } from 'kysely';
import type { Database } from '@patent-bridge/db';
import type { ChainCatalogue, RoadshowState } from '@patent-bridge/domain';
import { emitEvent } from '@patent-bridge/webhooks';
import { RoadshowError } from './roadshow-error.ts';
import { getRoadshow, type RoadshowRecord } from './roadshow-record.ts';

/** The only way forward from each state: draft → published → held → closed. */
const NEXT: Partial<Record<RoadshowState, RoadshowState>> = { draft: 'published', published: 'held', held: 'closed' };

const STAMP = { published: 'published_at', held: 'held_at', closed: 'closed_at' } as const;

/**
 * Moves a roadshow one step along draft → published → held → closed. Publishing needs a built
 * event (line-up and agenda) and announces it: a `roadshow.published` webhook event to every
 * subscriber, and a `meeting.scheduled` event to both sides of each meeting already scheduled.
 *
 * @example
 * await advanceRoadshow(db, catalogue, 'rs-2026-04-biomedicine', 'published');
 */
export async function advanceRoadshow(db: Kysely<Database>, catalogue: ChainCatalogue, id: string, to: Exclude<RoadshowState, 'draft'>): Promise<RoadshowRecord> {
  const roadshow = await getRoadshow(db, catalogue, id);
  if (NEXT[roadshow.state] !== to) {
    const next = NEXT[roadshow.state];
    throw new RoadshowError('invalid_transition', `roadshow ${id} is ${roadshow.state}; it can only move to ${next ?? 'nothing (closed is final)'}, not to ${to}`);
  }
  if (to === 'published' && (roadshow.lineUp.length === 0 || !roadshow.agenda)) {
    throw new RoadshowError('not_built', `roadshow ${id} has no line-up and agenda yet; POST /v1/roadshows/${id}/build first`);
  }
  await db.transaction().execute(async (trx) => {
    const moved = await trx
      .updateTable('roadshows')
      .set((eb) => ({ state: to, [STAMP[to]]: new Date().toISOString(), updated_at: new Date().toISOString(), revision: eb('revision', '+', 1) }))
      .where('id', '=', id)
      .where('state', '=', roadshow.state)
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) throw new RoadshowError('invalid_transition', `roadshow ${id} changed state meanwhile; read it again`);
    if (to !== 'published') return;
    await emitEvent(trx, 'roadshow.published', { roadshowId: id, chainId: roadshow.chainId, month: roadshow.month, lineUp: roadshow.lineUp.map((c) => c.patentId) });
    const meetings = await trx.selectFrom('meetings').selectAll().where('roadshow_id', '=', id).where('status', '=', 'scheduled').execute();
    for (const m of meetings) await announceMeeting(trx, m);
  });
  return getRoadshow(db, catalogue, id);
}

/**
 * Tells both sides of a meeting where and when it is (`meeting.scheduled`, to their organisations only).
 *
 * @example
 * await announceMeeting(trx, { id: 7, roadshow_id: 'rs-2026-04-biomedicine', enterprise_id: 'org_a', owner_organization_id: 'org_u', slot: 2, table_no: 1 });
 */
export async function announceMeeting(
  db: Kysely<Database>,
  m: { id: number | string; roadshow_id: string; enterprise_id: string; owner_organization_id: string; slot: number; table_no: number },
): Promise<void> {
  await emitEvent(
    db,
    'meeting.scheduled',
    { meetingId: String(m.id), roadshowId: m.roadshow_id, enterpriseId: m.enterprise_id, ownerOrganizationId: m.owner_organization_id, slot: m.slot, table: m.table_no },
    { audience: [m.enterprise_id, m.owner_organization_id] },
  );
}
