import { z } from 'zod';
import { MeetingInstance, ownerSlots, pairKey, PlacedMeeting, SlotRange, type MeetingInstanceInput } from './instance.ts';
import { solveMeetings, type SolveMeetingsOptions } from './optimise.ts';
import type { MeetingSchedule, ScheduledMeeting } from './schedule.ts';

/**
 * What fell through after the schedule was published: one meeting (the pair will not meet),
 * an SME withdrawing, or an owner withdrawing from the whole event or from some slots.
 */
export const Cancellation = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('meeting'), smeId: z.string().min(1), ownerId: z.string().min(1) }),
  z.strictObject({ kind: z.literal('sme'), smeId: z.string().min(1) }),
  z.strictObject({ kind: z.literal('owner'), ownerId: z.string().min(1), slots: z.array(SlotRange).optional() }),
]);
export type Cancellation = z.infer<typeof Cancellation>;

export interface MovedMeeting {
  smeId: string;
  ownerId: string;
  from: { slot: number; table: number };
  to: { slot: number; table: number };
}

export interface RemovedMeeting extends PlacedMeeting {
  /** `cancelled`: the cancellation itself took it away; `displaced`: the re-solve dropped it. */
  reason: 'cancelled' | 'displaced';
}

export interface Rescheduling {
  /** The instance with the cancellations applied (and the previous schedule attached). */
  instance: MeetingInstance;
  schedule: MeetingSchedule;
  /** Previous meetings still at the same slot and table. */
  kept: ScheduledMeeting[];
  /** Previous meetings still on, at another slot or table. */
  moved: MovedMeeting[];
  /** Meetings that were not in the previous schedule. */
  added: ScheduledMeeting[];
  /** Previous meetings that are gone. */
  removed: RemovedMeeting[];
}

/**
 * The instance after cancellations: a cancelled meeting turns its pair into a `no`; a
 * withdrawn SME or owner leaves with its requests and scores; an owner withdrawing from some
 * slots loses them from its availability.
 *
 * @example
 * applyCancellations(instance, [{ kind: 'owner', ownerId: 'uni-1', slots: [{ from: 0, to: 3 }] }])
 *   .owners.find((o) => o.id === 'uni-1')!.availability // [{ from: 4, to: 15 }]
 */
export function applyCancellations(input: MeetingInstanceInput | MeetingInstance, cancelled: Cancellation | readonly Cancellation[]): MeetingInstance {
  let instance = MeetingInstance.parse(input);
  for (const raw of Array.isArray(cancelled) ? cancelled : [cancelled]) {
    const c = Cancellation.parse(raw);
    if ('smeId' in c && !instance.smes.some((s) => s.id === c.smeId)) throw new Error(`cancellation names unknown SME ${c.smeId}`);
    if ('ownerId' in c && !instance.owners.some((o) => o.id === c.ownerId)) throw new Error(`cancellation names unknown owner ${c.ownerId}`);
    if (c.kind === 'meeting') {
      const key = pairKey(c.smeId, c.ownerId);
      instance = {
        ...instance,
        requests: [...instance.requests.filter((r) => pairKey(r.smeId, r.ownerId) !== key), { smeId: c.smeId, ownerId: c.ownerId, preference: 'no' }],
      };
    } else if (c.kind === 'sme') {
      instance = {
        ...instance,
        smes: instance.smes.filter((s) => s.id !== c.smeId),
        requests: instance.requests.filter((r) => r.smeId !== c.smeId),
        scores: instance.scores.filter((r) => r.smeId !== c.smeId),
      };
    } else if (!c.slots) {
      instance = {
        ...instance,
        owners: instance.owners.filter((o) => o.id !== c.ownerId),
        requests: instance.requests.filter((r) => r.ownerId !== c.ownerId),
        scores: instance.scores.filter((r) => r.ownerId !== c.ownerId),
      };
    } else {
      const gone = new Set(c.slots.flatMap((r) => Array.from({ length: r.to - r.from + 1 }, (_, i) => r.from + i)));
      instance = {
        ...instance,
        owners: instance.owners.map((o) => (o.id === c.ownerId ? { ...o, availability: toRanges(ownerSlots(o, instance.slots).filter((s) => !gone.has(s))) } : o)),
      };
    }
  }
  return MeetingInstance.parse(instance);
}

function toRanges(slots: readonly number[]): SlotRange[] {
  const ranges: SlotRange[] = [];
  for (const s of slots) {
    const last = ranges[ranges.length - 1];
    if (last && last.to === s - 1) last.to = s;
    else ranges.push({ from: s, to: s });
  }
  return ranges;
}

/**
 * Re-solves after cancellations, keeping the published schedule as far as possible: must-meets
 * first as always, then as many previous meetings as possible in their slot (and table), then
 * as many as possible at all, then fairness and value (the `kept` stage of `solveMeetings`).
 * Reports what stayed, moved, was added and was removed.
 *
 * @example
 * const { moved, added, removed } = await resolveAfterCancellation(instance, published, { kind: 'sme', smeId: 'sme-7' });
 * removed // [{ smeId: 'sme-7', ownerId: 'uni-2', slot: 3, table: 1, reason: 'cancelled' }]
 * moved.length // 0: the freed table went to a new meeting (see `added`)
 */
export async function resolveAfterCancellation(
  input: MeetingInstanceInput | MeetingInstance,
  previous: readonly PlacedMeeting[] | { meetings: readonly PlacedMeeting[] },
  cancelled: Cancellation | readonly Cancellation[],
  options: SolveMeetingsOptions = {},
): Promise<Rescheduling> {
  const published = ('meetings' in previous ? previous.meetings : previous).map((m) => PlacedMeeting.parse({ smeId: m.smeId, ownerId: m.ownerId, slot: m.slot, table: m.table }));
  const changed = applyCancellations(input, cancelled);
  const instance = MeetingInstance.parse({ ...changed, previous: published });
  const schedule = await solveMeetings(instance, options);

  const cancelledPairs = cancelledBy(MeetingInstance.parse(input), changed, published);
  const now = new Map(schedule.meetings.map((m) => [pairKey(m.smeId, m.ownerId), m]));
  const before = new Set(published.map((m) => pairKey(m.smeId, m.ownerId)));
  const kept: ScheduledMeeting[] = [];
  const moved: MovedMeeting[] = [];
  const removed: RemovedMeeting[] = [];
  for (const old of published) {
    const key = pairKey(old.smeId, old.ownerId);
    const current = now.get(key);
    if (!current) removed.push({ ...old, reason: cancelledPairs.has(key) ? 'cancelled' : 'displaced' });
    else if (current.slot === old.slot && current.table === old.table) kept.push(current);
    else moved.push({ smeId: old.smeId, ownerId: old.ownerId, from: { slot: old.slot, table: old.table }, to: { slot: current.slot, table: current.table } });
  }
  const added = schedule.meetings.filter((m) => !before.has(pairKey(m.smeId, m.ownerId)));
  return { instance, schedule, kept, moved, added, removed };
}

/** Previous meetings the cancellations themselves made impossible (not the re-solve's choice). */
function cancelledBy(original: MeetingInstance, changed: MeetingInstance, published: readonly PlacedMeeting[]): Set<string> {
  const smes = new Set(changed.smes.map((s) => s.id));
  const owners = new Map(changed.owners.map((o) => [o.id, new Set(ownerSlots(o, changed.slots))]));
  const declinedBefore = new Set(original.requests.filter((r) => r.preference === 'no').map((r) => pairKey(r.smeId, r.ownerId)));
  const declined = new Set(changed.requests.filter((r) => r.preference === 'no').map((r) => pairKey(r.smeId, r.ownerId)));
  const gone = new Set<string>();
  for (const m of published) {
    const key = pairKey(m.smeId, m.ownerId);
    if (!smes.has(m.smeId) || !owners.get(m.ownerId)?.has(m.slot) || (declined.has(key) && !declinedBefore.has(key))) gone.add(key);
  }
  return gone;
}
