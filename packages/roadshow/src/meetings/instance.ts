import { MeetingPreference } from '@patent-bridge/domain';
import { z } from 'zod';

/** An inclusive range of slot numbers, `{ from: 0, to: 3 }` being the first four slots. */
export const SlotRange = z
  .strictObject({ from: z.number().int().nonnegative(), to: z.number().int().nonnegative() })
  .refine((r) => r.from <= r.to, { message: 'a slot range must have from ≤ to' });
export type SlotRange = z.infer<typeof SlotRange>;

/** An invited SME and the most one-to-one meetings it wants at this roadshow. */
export const MeetingSme = z.strictObject({
  id: z.string().min(1),
  cap: z.number().int().nonnegative(),
});
export type MeetingSme = z.infer<typeof MeetingSme>;

/** A patent owner (university, institute) and the slots its representative is at a table. */
export const MeetingOwner = z.strictObject({
  id: z.string().min(1),
  /** Omitted: every slot. An empty list: not available at all. */
  availability: z.array(SlotRange).optional(),
});
export type MeetingOwner = z.infer<typeof MeetingOwner>;

/** What an SME answered for one owner (Grip-style: must meet, would like to meet, no). */
export const PairRequest = z.strictObject({
  smeId: z.string().min(1),
  ownerId: z.string().min(1),
  preference: MeetingPreference,
});
export type PairRequest = z.infer<typeof PairRequest>;

/** The matcher's score of an SME–owner pair: the value of the meeting unless a request says otherwise. */
export const PairScore = z.strictObject({
  smeId: z.string().min(1),
  ownerId: z.string().min(1),
  score: z.number().finite().nonnegative(),
});
export type PairScore = z.infer<typeof PairScore>;

/** One meeting placed in the grid: who, which slot, which table. */
export const PlacedMeeting = z.strictObject({
  smeId: z.string().min(1),
  ownerId: z.string().min(1),
  slot: z.number().int().nonnegative(),
  table: z.number().int().nonnegative(),
});
export type PlacedMeeting = z.infer<typeof PlacedMeeting>;

/**
 * A map key for an SME–owner pair.
 *
 * @example
 * new Set([pairKey('sme-1', 'uni-1')]).has(pairKey('sme-1', 'uni-1')) // true
 */
export function pairKey(smeId: string, ownerId: string): string {
  return `${smeId}\u0000${ownerId}`;
}

/**
 * Everything the one-to-one meeting scheduler needs: `slots` time slots, `tables` tables per
 * slot (a slot holds at most `tables` meetings), SMEs with their caps, owners with their
 * availability, the SMEs' requests, the matcher's scores, and optionally the schedule already
 * published (re-solving then keeps its meetings in place where it can).
 *
 * A pair is a candidate for a meeting when it has a `must_meet` or `meet` request, or a score
 * and no request (a suggestion, worth `suggestionWeight` × its score; weight 0 turns
 * suggestions off). A `no` request is never scheduled. A requested pair without a score is
 * worth `defaultScore`.
 */
export const MeetingInstance = z
  .strictObject({
    slots: z.number().int().positive(),
    tables: z.number().int().positive(),
    smes: z.array(MeetingSme),
    owners: z.array(MeetingOwner),
    requests: z.array(PairRequest).default([]),
    scores: z.array(PairScore).default([]),
    defaultScore: z.number().finite().nonnegative().default(1),
    suggestionWeight: z.number().finite().nonnegative().default(0.5),
    previous: z.array(PlacedMeeting).optional(),
  })
  .superRefine((instance, ctx) => {
    const smes = new Set<string>();
    for (const [i, sme] of instance.smes.entries()) {
      if (smes.has(sme.id)) ctx.addIssue({ code: 'custom', path: ['smes', i, 'id'], message: `duplicate SME id ${sme.id}` });
      smes.add(sme.id);
    }
    const owners = new Set<string>();
    for (const [i, owner] of instance.owners.entries()) {
      if (owners.has(owner.id)) ctx.addIssue({ code: 'custom', path: ['owners', i, 'id'], message: `duplicate owner id ${owner.id}` });
      owners.add(owner.id);
      for (const [j, range] of (owner.availability ?? []).entries()) {
        if (range.to >= instance.slots) {
          ctx.addIssue({ code: 'custom', path: ['owners', i, 'availability', j], message: `owner ${owner.id}: slot ${range.to} is beyond the last slot ${instance.slots - 1}` });
        }
      }
    }
    for (const field of ['requests', 'scores'] as const) {
      const seen = new Set<string>();
      for (const [i, pair] of instance[field].entries()) {
        if (!smes.has(pair.smeId)) ctx.addIssue({ code: 'custom', path: [field, i, 'smeId'], message: `unknown SME ${pair.smeId}` });
        if (!owners.has(pair.ownerId)) ctx.addIssue({ code: 'custom', path: [field, i, 'ownerId'], message: `unknown owner ${pair.ownerId}` });
        const key = pairKey(pair.smeId, pair.ownerId);
        if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [field, i], message: `pair ${pair.smeId} → ${pair.ownerId} is listed twice` });
        seen.add(key);
      }
    }
  });
export type MeetingInstance = z.infer<typeof MeetingInstance>;
export type MeetingInstanceInput = z.input<typeof MeetingInstance>;

/**
 * Validates an instance (ids unique, requests and scores naming known SMEs and owners once,
 * availability inside the grid) and fills the defaults; throws a `ZodError` otherwise.
 *
 * @example
 * const instance = parseMeetingInstance({
 *   slots: 4, tables: 2,
 *   smes: [{ id: 'sme-1', cap: 2 }],
 *   owners: [{ id: 'uni-1', availability: [{ from: 0, to: 1 }] }],
 *   requests: [{ smeId: 'sme-1', ownerId: 'uni-1', preference: 'must_meet' }],
 * });
 * instance.defaultScore // 1
 */
export function parseMeetingInstance(input: MeetingInstanceInput): MeetingInstance {
  return MeetingInstance.parse(input);
}

/**
 * The slots an owner is available in, ascending.
 *
 * @example
 * ownerSlots({ id: 'uni-1', availability: [{ from: 2, to: 3 }, { from: 0, to: 0 }] }, 8) // [0, 2, 3]
 * ownerSlots({ id: 'uni-2' }, 3) // [0, 1, 2]
 */
export function ownerSlots(owner: MeetingOwner, slots: number): number[] {
  if (!owner.availability) return Array.from({ length: slots }, (_, s) => s);
  const open = new Set<number>();
  for (const range of owner.availability) for (let s = range.from; s <= Math.min(range.to, slots - 1); s++) open.add(s);
  return [...open].sort((a, b) => a - b);
}
