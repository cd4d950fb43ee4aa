import { z } from 'zod';
import type { Kysely } from 'kysely';
import type { Database } from '@patent-bridge/db';
import type { ChainCatalogue } from '@patent-bridge/domain';
import { Cancellation, resolveAfterCancellation, type RemovedMeeting } from '../meetings/cancellation.ts';
import { pairKey, type PlacedMeeting } from '../meetings/instance.ts';
import { solveMeetings } from '../meetings/optimise.ts';
import type { ScheduledMeeting } from '../meetings/schedule.ts';
import { announceMeeting } from './lifecycle.ts';
import { loadMeetingInstance, summaryOfSchedule, type ScheduleSummary } from './meeting-grid.ts';
import { RoadshowError } from './roadshow-error.ts';
import type { RoadshowRecord } from './roadshow-record.ts';

export const ScheduleRequest = z.strictObject({
  /** Keep the meetings as they are now wherever possible (after a manual move, or to add late requests). */
  keepCurrent: z.boolean().default(false),
  timeLimitSeconds: z.number().min(1).max(120).default(20),
});
export type ScheduleRequest = z.input<typeof ScheduleRequest>;

export const CancellationRequest = z.strictObject({ cancellations: z.array(Cancellation).min(1).max(200) });
export type CancellationRequest = z.infer<typeof CancellationRequest>;

/** What a (re-)solve did to the stored meetings. */
export interface ScheduleOutcome {
  roadshowId: string;
  summary: ScheduleSummary;
  kept: number;
  moved: Array<{ meetingId: string; smeId: string; ownerId: string; from: { slot: number; table: number }; to: { slot: number; table: number } }>;
  added: number;
  removed: Array<{ meetingId: string; smeId: string; ownerId: string; slot: number; table: number; reason: RemovedMeeting['reason'] }>;
}

function assertOpen(roadshow: RoadshowRecord): void {
  if (roadshow.state === 'held' || roadshow.state === 'closed') {
    throw new RoadshowError('schedule_closed', `roadshow ${roadshow.id} is ${roadshow.state}; its meetings can no longer be rescheduled (record outcomes instead)`);
  }
}

/** Writes a solver answer over the stored meetings: same pair → updated in place, new pair → added, gone → cancelled. */
async function storeSchedule(
  db: Kysely<Database>,
  roadshow: RoadshowRecord,
  current: ReadonlyArray<PlacedMeeting & { id: string }>,
  meetings: readonly ScheduledMeeting[],
  summary: (changes: ScheduleSummary['changes']) => ScheduleSummary,
  cancelledPairs: ReadonlySet<string> = new Set(),
): Promise<ScheduleOutcome> {
  return db.transaction().execute(async (trx) => {
    const byPair = new Map(current.map((m) => [pairKey(m.smeId, m.ownerId), m]));
    const outcome: Omit<ScheduleOutcome, 'summary'> = { roadshowId: roadshow.id, kept: 0, moved: [], added: 0, removed: [] };
    const announce: Array<{ id: string; slot: number; table: number; smeId: string; ownerId: string }> = [];
    const now = new Date().toISOString();
    for (const m of meetings) {
      const old = byPair.get(pairKey(m.smeId, m.ownerId));
      if (old) {
        byPair.delete(pairKey(m.smeId, m.ownerId));
        await trx.updateTable('meetings').set({ slot: m.slot, table_no: m.table, value: m.value, kind: m.kind, updated_at: now }).where('id', '=', Number(old.id)).execute();
        if (old.slot === m.slot && old.table === m.table) outcome.kept++;
        else {
          outcome.moved.push({ meetingId: old.id, smeId: m.smeId, ownerId: m.ownerId, from: { slot: old.slot, table: old.table }, to: { slot: m.slot, table: m.table } });
          announce.push({ id: old.id, ...m });
        }
      } else {
        const row = await trx
          .insertInto('meetings')
          .values({ roadshow_id: roadshow.id, enterprise_id: m.smeId, owner_organization_id: m.ownerId, slot: m.slot, table_no: m.table, value: m.value, kind: m.kind })
          .returning('id')
          .executeTakeFirstOrThrow();
        outcome.added++;
        announce.push({ id: String(row.id), ...m });
      }
    }
    for (const [key, old] of byPair) {
      const reason = cancelledPairs.has(key) ? 'cancelled' : 'displaced';
      await trx
        .updateTable('meetings')
        .set({ status: 'cancelled', note: reason === 'cancelled' ? '已取消' : '重新排程后移除（displaced by re-scheduling）', updated_at: now })
        .where('id', '=', Number(old.id))
        .execute();
      outcome.removed.push({ meetingId: old.id, smeId: old.smeId, ownerId: old.ownerId, slot: old.slot, table: old.table, reason });
    }
    const changes = current.length ? { kept: outcome.kept, moved: outcome.moved.length, added: outcome.added, removed: outcome.removed.length } : undefined;
    const stored = summary(changes);
    await trx
      .updateTable('roadshows')
      .set((eb) => ({ schedule: JSON.stringify(stored), updated_at: now, revision: eb('revision', '+', 1) }))
      .where('id', '=', roadshow.id)
      .execute();
    if (roadshow.state === 'published') {
      for (const a of announce) await announceMeeting(trx, { id: a.id, roadshow_id: roadshow.id, enterprise_id: a.smeId, owner_organization_id: a.ownerId, slot: a.slot, table_no: a.table });
    }
    return { ...outcome, summary: stored };
  });
}

/**
 * Solves a built roadshow's one-to-one meetings with HiGHS (must-meets, then fairness, then
 * value; see docs/meeting-scheduling.md) and stores them. With `keepCurrent` the meetings as they
 * stand are kept in place wherever possible, and the answer reports what moved. A published
 * roadshow's new or moved meetings are announced (`meeting.scheduled`). Takes seconds on large
 * events: run it in a job.
 *
 * @example
 * const outcome = await scheduleRoadshow(db, catalogue, 'rs-2026-04-biomedicine', { keepCurrent: false });
 * outcome.summary.mustMeets // { requested: 12, honoured: 12, unmet: [] }
 */
export async function scheduleRoadshow(db: Kysely<Database>, catalogue: ChainCatalogue, id: string, request: ScheduleRequest = {}): Promise<ScheduleOutcome> {
  const options = ScheduleRequest.parse(request);
  const { roadshow, instance, current } = await loadMeetingInstance(db, catalogue, id);
  assertOpen(roadshow);
  const keep = options.keepCurrent ? current : [];
  const schedule = await solveMeetings({ ...instance, ...(keep.length ? { previous: keep.map(({ smeId, ownerId, slot, table }) => ({ smeId, ownerId, slot, table })) } : {}) }, { timeLimitSeconds: options.timeLimitSeconds });
  return storeSchedule(db, roadshow, current, schedule.meetings, (changes) => summaryOfSchedule(schedule, options.keepCurrent ? changes : undefined));
}

/**
 * Applies cancellations (a meeting that will not happen, an SME or an owner withdrawing, an owner
 * leaving some slots) and re-solves, changing as few other people's meetings as possible. The
 * cancellations are kept: a cancelled pair is not scheduled again (its request still counts in
 * the funnel), a withdrawn SME leaves the schedule, a withdrawn owner loses the slots.
 *
 * @example
 * const outcome = await cancelAndReschedule(db, catalogue, 'rs-2026-04-biomedicine', { cancellations: [{ kind: 'sme', smeId: 'org_ent7' }] });
 * outcome.removed // [{ meetingId: '31', smeId: 'org_ent7', …, reason: 'cancelled' }]
 */
export async function cancelAndReschedule(db: Kysely<Database>, catalogue: ChainCatalogue, id: string, request: CancellationRequest): Promise<ScheduleOutcome> {
  const { cancellations } = CancellationRequest.parse(request);
  const { roadshow, instance, current } = await loadMeetingInstance(db, catalogue, id);
  assertOpen(roadshow);
  const smes = new Set(instance.smes.map((s) => s.id));
  const owners = new Set(instance.owners.map((o) => o.id));
  for (const c of cancellations) {
    if ('smeId' in c && !smes.has(c.smeId)) throw new RoadshowError('unknown_enterprise', `enterprise ${c.smeId} is not invited to roadshow ${id}`);
    if ('ownerId' in c && !owners.has(c.ownerId)) throw new RoadshowError('unknown_owner', `${c.ownerId} is not an owner at roadshow ${id}`);
    if (c.kind === 'owner' && c.slots?.some((r) => r.to >= instance.slots)) throw new RoadshowError('slot_out_of_range', `roadshow ${id} has slots 0–${instance.slots - 1}`);
  }
  const placed = current.map(({ smeId, ownerId, slot, table }) => ({ smeId, ownerId, slot, table }));
  const result = await resolveAfterCancellation(instance, placed, cancellations);
  const cancelledPairs = new Set(result.removed.filter((r) => r.reason === 'cancelled').map((r) => pairKey(r.smeId, r.ownerId)));
  await db.transaction().execute(async (trx) => {
    const now = new Date().toISOString();
    for (const c of cancellations) {
      if (c.kind === 'meeting') {
        await trx
          .insertInto('meeting_requests')
          .values({ roadshow_id: id, enterprise_id: c.smeId, owner_organization_id: c.ownerId, preference: 'no', cancelled_at: now })
          .onConflict((oc) => oc.columns(['roadshow_id', 'enterprise_id', 'owner_organization_id']).doUpdateSet({ cancelled_at: now }))
          .execute();
      }
      if (c.kind === 'sme') await trx.updateTable('roadshow_invitations').set({ withdrawn_at: now }).where('roadshow_id', '=', id).where('enterprise_id', '=', c.smeId).execute();
      if (c.kind === 'owner') {
        const availability = result.instance.owners.find((o) => o.id === c.ownerId)?.availability ?? [];
        await trx.updateTable('roadshow_owners').set({ availability: JSON.stringify(availability) }).where('roadshow_id', '=', id).where('organization_id', '=', c.ownerId).execute();
      }
    }
  });
  return storeSchedule(db, roadshow, current, result.schedule.meetings, (changes) => summaryOfSchedule(result.schedule, changes), cancelledPairs);
}

export const MeetingMove = z.strictObject({ slot: z.number().int().min(0).max(47), table: z.number().int().min(0).max(199).optional() });
export type MeetingMove = z.infer<typeof MeetingMove>;

/**
 * Moves one meeting by hand (the broker dragging it in the grid). The move is stored even when it
 * breaks a constraint: the grid then lists the conflict, and a re-solve with `keepCurrent` repairs
 * it while keeping everything else. Without a table, the first free table of the slot is taken.
 *
 * @example
 * await moveMeeting(db, catalogue, 'rs-2026-04-biomedicine', '17', { slot: 3 });
 */
export async function moveMeeting(db: Kysely<Database>, catalogue: ChainCatalogue, id: string, meetingId: string, move: MeetingMove): Promise<void> {
  const { slot, table } = MeetingMove.parse(move);
  const { roadshow, instance, current } = await loadMeetingInstance(db, catalogue, id);
  assertOpen(roadshow);
  const meeting = current.find((m) => m.id === meetingId);
  if (!meeting) throw new RoadshowError('meeting_not_found', `no scheduled meeting ${meetingId} at roadshow ${id}`);
  if (slot >= instance.slots) throw new RoadshowError('slot_out_of_range', `roadshow ${id} has slots 0–${instance.slots - 1}`);
  if (table !== undefined && table >= instance.tables) throw new RoadshowError('slot_out_of_range', `roadshow ${id} has tables 0–${instance.tables - 1}`);
  const taken = new Set(current.filter((m) => m.slot === slot && m.id !== meetingId).map((m) => m.table));
  let target = table ?? 0;
  if (table === undefined) while (taken.has(target) && target < instance.tables - 1) target++;
  await db.updateTable('meetings').set({ slot, table_no: target, updated_at: new Date().toISOString() }).where('id', '=', Number(meetingId)).execute();
  if (roadshow.state === 'published') await announceMeeting(db, { id: meetingId, roadshow_id: id, enterprise_id: meeting.smeId, owner_organization_id: meeting.ownerId, slot, table_no: target });
}
