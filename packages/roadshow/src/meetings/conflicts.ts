import { MeetingInstance, pairKey, type MeetingInstanceInput, type PlacedMeeting } from './instance.ts';
import { prepareInstance } from './pairs.ts';

export type ConflictKind =
  | 'unknown_sme'
  | 'unknown_owner'
  | 'slot_out_of_range'
  | 'table_out_of_range'
  /** An SME in two meetings in the same slot. */
  | 'sme_double_booked'
  /** An owner in two meetings in the same slot. */
  | 'owner_double_booked'
  /** Two meetings at the same table in the same slot. */
  | 'table_double_booked'
  /** More meetings in a slot than there are tables. */
  | 'slot_over_capacity'
  /** More meetings for an SME than its cap. */
  | 'sme_over_cap'
  /** A meeting in a slot the owner is not available in. */
  | 'owner_unavailable'
  /** A pair the SME answered `no` to. */
  | 'declined_pair'
  /** The same pair meeting more than once. */
  | 'repeated_pair'
  /** A pair with no request and no usable score (never a candidate). */
  | 'not_a_candidate';

export interface Conflict {
  kind: ConflictKind;
  message: string;
  /** Indexes into the checked meetings. */
  meetings: number[];
}

/**
 * Every hard constraint the meetings break, one entry per violation (an empty list means the
 * schedule is valid): unknown people, slots or tables outside the grid, an SME or owner in two
 * places at once, two meetings at one table, a slot over its tables, an SME over its cap, an
 * owner outside its availability, a `no` pair scheduled, a pair meeting twice, a pair nobody
 * asked for.
 *
 * @example
 * scheduleConflicts(instance, [
 *   { smeId: 'sme-1', ownerId: 'uni-1', slot: 0, table: 0 },
 *   { smeId: 'sme-1', ownerId: 'uni-2', slot: 0, table: 1 },
 * ]).map((c) => c.kind) // ['sme_double_booked']
 */
export function scheduleConflicts(input: MeetingInstanceInput | MeetingInstance, schedule: readonly PlacedMeeting[] | { meetings: readonly PlacedMeeting[] }): Conflict[] {
  const instance = MeetingInstance.parse(input);
  const meetings = 'meetings' in schedule ? schedule.meetings : schedule;
  const prepared = prepareInstance(instance);
  const declined = new Set(instance.requests.filter((r) => r.preference === 'no').map((r) => pairKey(r.smeId, r.ownerId)));
  const conflicts: Conflict[] = [];
  const add = (kind: ConflictKind, message: string, indexes: number[]) => conflicts.push({ kind, message, meetings: indexes });
  const where = (m: PlacedMeeting) => `${m.smeId} → ${m.ownerId} (slot ${m.slot}, table ${m.table})`;

  meetings.forEach((m, i) => {
    const sme = prepared.smeIndex.get(m.smeId);
    const owner = prepared.ownerIndex.get(m.ownerId);
    if (sme === undefined) add('unknown_sme', `${where(m)}: no SME ${m.smeId} in the instance`, [i]);
    if (owner === undefined) add('unknown_owner', `${where(m)}: no owner ${m.ownerId} in the instance`, [i]);
    const slotInside = Number.isInteger(m.slot) && m.slot >= 0 && m.slot < instance.slots;
    if (!slotInside) add('slot_out_of_range', `${where(m)}: slots are 0–${instance.slots - 1}`, [i]);
    if (!(Number.isInteger(m.table) && m.table >= 0 && m.table < instance.tables)) add('table_out_of_range', `${where(m)}: tables are 0–${instance.tables - 1}`, [i]);
    if (owner !== undefined && slotInside && !prepared.ownerOpen[owner]![m.slot]) add('owner_unavailable', `${where(m)}: owner ${m.ownerId} is not available in slot ${m.slot}`, [i]);
    const key = pairKey(m.smeId, m.ownerId);
    if (declined.has(key)) add('declined_pair', `${where(m)}: SME ${m.smeId} answered no to ${m.ownerId}`, [i]);
    else if (sme !== undefined && owner !== undefined && !prepared.pairIndex.has(key)) add('not_a_candidate', `${where(m)}: nobody requested this pair and it has no usable score`, [i]);
  });

  const clashes = (kind: ConflictKind, keyOf: (m: PlacedMeeting) => string, describe: (m: PlacedMeeting) => string) => {
    for (const [, indexes] of groupIndexes(meetings, keyOf)) {
      if (indexes.length > 1) add(kind, `${describe(meetings[indexes[0]!]!)}: ${indexes.map((i) => where(meetings[i]!)).join('; ')}`, indexes);
    }
  };
  clashes('sme_double_booked', (m) => `${m.smeId}\u0000${m.slot}`, (m) => `SME ${m.smeId} has several meetings in slot ${m.slot}`);
  clashes('owner_double_booked', (m) => `${m.ownerId}\u0000${m.slot}`, (m) => `owner ${m.ownerId} has several meetings in slot ${m.slot}`);
  clashes('table_double_booked', (m) => `${m.slot}\u0000${m.table}`, (m) => `table ${m.table} is used twice in slot ${m.slot}`);
  clashes('repeated_pair', (m) => pairKey(m.smeId, m.ownerId), (m) => `${m.smeId} and ${m.ownerId} meet more than once`);

  for (const [slot, indexes] of groupIndexes(meetings, (m) => m.slot)) {
    if (indexes.length > instance.tables) add('slot_over_capacity', `slot ${slot} has ${indexes.length} meetings but only ${instance.tables} tables`, indexes);
  }
  for (const [smeId, indexes] of groupIndexes(meetings, (m) => m.smeId)) {
    const index = prepared.smeIndex.get(smeId);
    const sme = index === undefined ? undefined : instance.smes[index];
    if (sme && indexes.length > sme.cap) add('sme_over_cap', `SME ${smeId} has ${indexes.length} meetings but a cap of ${sme.cap}`, indexes);
  }
  return conflicts;
}

function groupIndexes<K>(meetings: readonly PlacedMeeting[], key: (m: PlacedMeeting) => K): Map<K, number[]> {
  const groups = new Map<K, number[]>();
  meetings.forEach((m, i) => {
    const k = key(m);
    const group = groups.get(k);
    if (group) group.push(i);
    else groups.set(k, [i]);
  });
  return groups;
}
