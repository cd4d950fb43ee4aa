import type { Kysely, Selectable } from 'kysely';
import { organizationNames, type Database, type MeetingTable } from '@patent-bridge/db';
import type { ChainCatalogue } from '@patent-bridge/domain';
import { scheduleConflicts, type ConflictKind } from '../meetings/conflicts.ts';
import type { Diagnosis } from '../meetings/diagnosis.ts';
import { MeetingInstance, type PlacedMeeting } from '../meetings/instance.ts';
import type { MeetingSchedule } from '../meetings/schedule.ts';
import { EventSettings } from './event-settings.ts';
import { RoadshowError } from './roadshow-error.ts';
import { getRoadshow, type RoadshowRecord } from './roadshow-record.ts';

/** What the last solve achieved, kept on the roadshow. */
export interface ScheduleSummary {
  solver: MeetingSchedule['solver'];
  objective: number;
  bound: number | null;
  gap: number | null;
  mustMeets: MeetingSchedule['mustMeets'];
  fairness: MeetingSchedule['fairness'];
  complete: boolean;
  diagnoses: Diagnosis[];
  millis: number;
  scheduledAt: string;
  /** After a re-solve that kept a published schedule: how many meetings stayed, moved, were added or removed. */
  changes?: { kept: number; moved: number; added: number; removed: number };
}

/**
 * The scheduling summary of a solver answer.
 *
 * @example
 * summaryOfSchedule(await solveMeetings(instance)).gap // 0
 */
export function summaryOfSchedule(schedule: MeetingSchedule, changes?: ScheduleSummary['changes']): ScheduleSummary {
  return {
    solver: schedule.solver,
    objective: schedule.objective,
    bound: schedule.bound,
    gap: schedule.gap,
    mustMeets: schedule.mustMeets,
    fairness: schedule.fairness,
    complete: schedule.complete,
    diagnoses: schedule.diagnoses,
    millis: Math.round(schedule.millis.total),
    scheduledAt: new Date().toISOString(),
    ...(changes ? { changes } : {}),
  };
}

/** A stored meeting with both sides named. */
export interface GridMeeting {
  id: string;
  enterpriseId: string;
  enterpriseName: string;
  ownerOrganizationId: string;
  ownerName: string;
  slot: number;
  table: number;
  value: number;
  kind: string;
  status: 'scheduled' | 'cancelled' | 'held';
  intent: string | null;
  note: string | null;
}

export interface GridConflict {
  kind: ConflictKind;
  message: string;
  meetingIds: string[];
}

/** The slot × table grid of a roadshow's one-to-one meetings, with every broken constraint. */
export interface MeetingGrid {
  roadshowId: string;
  slots: Array<{ slot: number; startTime: string; endTime: string }>;
  tables: number;
  meetings: GridMeeting[];
  conflicts: GridConflict[];
  schedule: ScheduleSummary | null;
}

/**
 * The meeting instance of a built roadshow as stored now: its slots and tables, the invited SMEs
 * that have not withdrawn (each up to the event's cap), the owners at the tables with their availability, the SMEs'
 * requests (a cancelled meeting's pair as `no`), and the matcher's best score for every SME–owner pair (an SME's open demands against
 * the owner's pitched patents). `current` are the scheduled meetings as placed; `meetings` every stored one.
 *
 * @example
 * const { instance } = await loadMeetingInstance(db, catalogue, 'rs-2026-04-biomedicine');
 * await solveMeetings(instance)
 */
export async function loadMeetingInstance(
  db: Kysely<Database>,
  catalogue: ChainCatalogue,
  id: string,
): Promise<{ roadshow: RoadshowRecord; instance: MeetingInstance; current: Array<PlacedMeeting & { id: string }>; meetings: Array<Selectable<MeetingTable>> }> {
  const roadshow = await getRoadshow(db, catalogue, id);
  if (!roadshow.settings || !roadshow.agenda) throw new RoadshowError('not_built', `roadshow ${id} has no meeting block yet; POST /v1/roadshows/${id}/build first`);
  const settings = EventSettings.parse(roadshow.settings);
  const [invited, owners, requests, meetings] = await Promise.all([
    db.selectFrom('roadshow_invitations').select('enterprise_id').where('roadshow_id', '=', id).where('withdrawn_at', 'is', null).orderBy('rank').execute(),
    db.selectFrom('roadshow_owners').selectAll().where('roadshow_id', '=', id).orderBy('organization_id').execute(),
    db.selectFrom('meeting_requests').selectAll().where('roadshow_id', '=', id).execute(),
    db.selectFrom('meetings').selectAll().where('roadshow_id', '=', id).orderBy('slot').orderBy('table_no').orderBy('id').execute(),
  ]);
  const current = meetings.filter((m) => m.status === 'scheduled');
  const smeIds = new Set(invited.map((i) => i.enterprise_id));
  const ownerIds = new Set(owners.map((o) => o.organization_id));
  const patentOwner = new Map<string, string[]>();
  for (const o of owners) for (const p of o.patent_ids) patentOwner.set(p, [...(patentOwner.get(p) ?? []), o.organization_id]);
  const best = new Map<string, number>();
  if (smeIds.size && patentOwner.size) {
    const rows = await db
      .selectFrom('match_results as m')
      .innerJoin('demands as d', 'd.id', 'm.demand_id')
      .select(['d.enterprise_id', 'm.patent_id', 'm.score'])
      .where('d.status', '=', 'open')
      .where('d.enterprise_id', 'in', [...smeIds])
      .where('m.patent_id', 'in', [...patentOwner.keys()])
      .execute();
    for (const r of rows) {
      for (const owner of patentOwner.get(r.patent_id) ?? []) {
        const key = `${r.enterprise_id}\u0000${owner}`;
        best.set(key, Math.max(best.get(key) ?? 0, r.score));
      }
    }
  }
  const instance = MeetingInstance.parse({
    slots: settings.meetings.slots,
    tables: settings.meetings.tables,
    smes: [...smeIds].map((sme) => ({ id: sme, cap: settings.meetings.smeCap })),
    owners: owners.map((o) => ({ id: o.organization_id, ...(o.availability ? { availability: o.availability } : {}) })),
    requests: requests
      .filter((r) => smeIds.has(r.enterprise_id) && ownerIds.has(r.owner_organization_id))
      .map((r) => ({ smeId: r.enterprise_id, ownerId: r.owner_organization_id, preference: r.cancelled_at ? 'no' : r.preference })),
    scores: [...best].map(([key, score]) => {
      const [smeId, ownerId] = key.split('\u0000') as [string, string];
      return { smeId, ownerId, score };
    }),
  });
  return { roadshow, instance, current: current.map((m) => ({ id: String(m.id), smeId: m.enterprise_id, ownerId: m.owner_organization_id, slot: m.slot, table: m.table_no })), meetings };
}

/**
 * The roadshow's meeting grid: every meeting (cancelled ones too, marked), named, and the
 * conflicts among the scheduled ones (double bookings, tables, caps, availability, declined
 * pairs), each naming the meetings involved. `onlyFor` narrows the meetings to one organisation's.
 *
 * @example
 * const grid = await meetingGrid(db, catalogue, 'rs-2026-04-biomedicine');
 * grid.conflicts // [] after a solve
 */
export async function meetingGrid(db: Kysely<Database>, catalogue: ChainCatalogue, id: string, onlyFor?: string): Promise<MeetingGrid> {
  const { roadshow, instance, meetings: rows } = await loadMeetingInstance(db, catalogue, id);
  const names = await organizationNames(db, [...new Set(rows.flatMap((r) => [r.enterprise_id, r.owner_organization_id]))]);
  const meetings: GridMeeting[] = rows.map((r) => ({
    id: String(r.id),
    enterpriseId: r.enterprise_id,
    enterpriseName: names.get(r.enterprise_id) ?? r.enterprise_id,
    ownerOrganizationId: r.owner_organization_id,
    ownerName: names.get(r.owner_organization_id) ?? r.owner_organization_id,
    slot: r.slot,
    table: r.table_no,
    value: r.value,
    kind: r.kind,
    status: r.status,
    intent: r.intent,
    note: r.note,
  }));
  const active = meetings.filter((m) => m.status !== 'cancelled');
  const conflicts = scheduleConflicts(instance, active.map((m) => ({ smeId: m.enterpriseId, ownerId: m.ownerOrganizationId, slot: m.slot, table: m.table }))).map((c) => ({
    kind: c.kind,
    message: c.message,
    meetingIds: c.meetings.map((i) => active[i]!.id),
  }));
  const visible = onlyFor ? meetings.filter((m) => m.enterpriseId === onlyFor || m.ownerOrganizationId === onlyFor) : meetings;
  const ownIds = new Set(visible.map((m) => m.id));
  return {
    roadshowId: id,
    slots: roadshow.agenda!.meetingSlots.map((s) => ({ slot: s.slot, startTime: s.startTime, endTime: s.endTime })),
    tables: instance.tables,
    meetings: visible,
    conflicts: onlyFor ? conflicts.filter((c) => c.meetingIds.some((m) => ownIds.has(m))) : conflicts,
    schedule: roadshow.schedule,
  };
}
