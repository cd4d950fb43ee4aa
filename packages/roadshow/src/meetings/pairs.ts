import { ownerSlots, pairKey, type MeetingInstance } from './instance.ts';

/** Why a pair may meet: the SME's request, or the matcher's suggestion when it did not answer. */
export type PairKind = 'must_meet' | 'meet' | 'suggested';

/** A pair that may be scheduled, with its value and the slots it could use. */
export interface CandidatePair {
  smeId: string;
  ownerId: string;
  /** Index into `instance.smes`. */
  sme: number;
  /** Index into `instance.owners`. */
  owner: number;
  kind: PairKind;
  value: number;
  /** The owner's available slots; empty when the owner is never there. */
  slots: number[];
}

/** An instance with its candidate pairs and lookups, computed once per solve. */
export interface PreparedInstance {
  instance: MeetingInstance;
  pairs: CandidatePair[];
  smeIndex: Map<string, number>;
  ownerIndex: Map<string, number>;
  /** `ownerOpen[o][s]`: owner `o` is available in slot `s`. */
  ownerOpen: boolean[][];
  /** Pair key → index into `pairs`. */
  pairIndex: Map<string, number>;
}

/**
 * The pairs that may meet: every `must_meet` and `meet` request, then every scored pair nobody
 * answered (a suggestion, when `suggestionWeight` > 0). `no` answers are left out, so they can
 * never be scheduled.
 *
 * @example
 * const { pairs } = prepareInstance(parseMeetingInstance({
 *   slots: 2, tables: 1, smes: [{ id: 's', cap: 1 }], owners: [{ id: 'o' }, { id: 'p' }],
 *   requests: [{ smeId: 's', ownerId: 'o', preference: 'no' }],
 *   scores: [{ smeId: 's', ownerId: 'o', score: 0.9 }, { smeId: 's', ownerId: 'p', score: 0.4 }],
 * }));
 * pairs.map((p) => [p.ownerId, p.kind, p.value]) // [['p', 'suggested', 0.2]]
 */
export function prepareInstance(instance: MeetingInstance): PreparedInstance {
  const smeIndex = new Map(instance.smes.map((s, i) => [s.id, i]));
  const ownerIndex = new Map(instance.owners.map((o, i) => [o.id, i]));
  const slotsOf = instance.owners.map((o) => ownerSlots(o, instance.slots));
  const ownerOpen = slotsOf.map((open) => {
    const row = new Array<boolean>(instance.slots).fill(false);
    for (const s of open) row[s] = true;
    return row;
  });
  const scores = new Map(instance.scores.map((s) => [pairKey(s.smeId, s.ownerId), s.score]));
  const answered = new Set<string>();
  const pairs: CandidatePair[] = [];
  const add = (smeId: string, ownerId: string, kind: PairKind, value: number) => {
    const owner = ownerIndex.get(ownerId)!;
    pairs.push({ smeId, ownerId, sme: smeIndex.get(smeId)!, owner, kind, value, slots: slotsOf[owner]! });
  };
  for (const request of instance.requests) {
    const key = pairKey(request.smeId, request.ownerId);
    answered.add(key);
    if (request.preference === 'no') continue;
    add(request.smeId, request.ownerId, request.preference, scores.get(key) ?? instance.defaultScore);
  }
  if (instance.suggestionWeight > 0) {
    for (const score of instance.scores) {
      if (answered.has(pairKey(score.smeId, score.ownerId))) continue;
      add(score.smeId, score.ownerId, 'suggested', score.score * instance.suggestionWeight);
    }
  }
  const pairIndex = new Map(pairs.map((p, i) => [pairKey(p.smeId, p.ownerId), i]));
  return { instance, pairs, smeIndex, ownerIndex, ownerOpen, pairIndex };
}
