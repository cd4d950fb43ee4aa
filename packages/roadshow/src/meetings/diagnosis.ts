import type { CandidatePair, PreparedInstance } from './pairs.ts';
import type { MeetingSchedule, PairRef, StageReport } from './schedule.ts';

/** The hard constraint that keeps must-meets (or an SME's only meeting) out of the schedule. */
export type BlockingConstraint =
  /** An SME's must-meets exceed its meeting cap (or the number of slots). */
  | 'sme_cap'
  /** An owner marked must-meet is available in no slot. */
  | 'owner_unavailable'
  /** An owner's must-meets exceed its available slots. */
  | 'owner_availability'
  /** Must-meets (or SMEs) exceed the tables of the slots they can use. */
  | 'table_capacity'
  /** No single constraint explains it: SME and owner clashes across slots together. */
  | 'combined'
  /** An SME has no pair that could meet at all. */
  | 'no_candidates';

export interface Diagnosis {
  constraint: BlockingConstraint;
  /** Human-readable, naming the SME or owner and the numbers. */
  message: string;
  smeId?: string;
  ownerId?: string;
  /** Meetings the constraint would have to hold … */
  needed: number;
  /** … and what it holds. */
  available: number;
  /** The pairs concerned. */
  pairs: PairRef[];
}

const ref = (p: CandidatePair): PairRef => ({ smeId: p.smeId, ownerId: p.ownerId });

function list(ids: readonly string[], max = 6): string {
  return ids.length <= max ? ids.join(', ') : `${ids.slice(0, max).join(', ')} and ${ids.length - max} more`;
}

/**
 * Slot numbers as ranges.
 *
 * @example
 * describeSlots([0, 1, 2, 5]) // 'slots 0–2, 5'
 */
export function describeSlots(slots: readonly number[]): string {
  if (slots.length === 0) return 'no slot';
  const parts: string[] = [];
  let start = slots[0]!;
  let prev = start;
  for (const s of [...slots.slice(1), Number.NaN]) {
    if (s === prev + 1) {
      prev = s;
      continue;
    }
    parts.push(start === prev ? `${start}` : `${start}–${prev}`);
    start = prev = s;
  }
  return `${slots.length === 1 ? 'slot' : 'slots'} ${parts.join(', ')}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function fit(meetings: number): string {
  return meetings === 1 ? '1 meeting fits' : `${meetings} meetings fit`;
}

/**
 * Counting checks on the must-meet requests alone, each a constraint that cannot hold them all:
 * an SME's cap, an owner with no or too few available slots, and the tables of every window of
 * consecutive slots (the must-meets whose owners can only come in slots a–b need more than
 * `tables × (b − a + 1)` meetings). They are necessary conditions, so each one they report
 * really blocks; a shortfall they do not explain is reported as `combined`.
 *
 * @example
 * mustMeetDiagnoses(prepareInstance(parseMeetingInstance({
 *   slots: 4, tables: 2, smes: [{ id: 'sme-1', cap: 1 }], owners: [{ id: 'uni-1' }, { id: 'uni-2' }],
 *   requests: [
 *     { smeId: 'sme-1', ownerId: 'uni-1', preference: 'must_meet' },
 *     { smeId: 'sme-1', ownerId: 'uni-2', preference: 'must_meet' },
 *   ],
 * })))[0].message
 * // 'SME sme-1 has 2 must-meet requests (uni-1, uni-2) but a cap of 1 meeting'
 */
export function mustMeetDiagnoses(prepared: PreparedInstance): Diagnosis[] {
  const { instance } = prepared;
  const must = prepared.pairs.filter((p) => p.kind === 'must_meet');
  const diagnoses: Diagnosis[] = [];
  const bySme = groupBy(must, (p) => p.sme);
  for (const [sme, pairs] of bySme) {
    const { id, cap } = instance.smes[sme]!;
    const limit = Math.min(cap, instance.slots);
    if (pairs.length <= limit) continue;
    const why = cap <= instance.slots ? `a cap of ${plural(cap, 'meeting')}` : `only ${plural(instance.slots, 'slot')}`;
    diagnoses.push({
      constraint: 'sme_cap',
      message: `SME ${id} has ${pairs.length} must-meet requests (${list(pairs.map((p) => p.ownerId))}) but ${why}`,
      smeId: id,
      needed: pairs.length,
      available: limit,
      pairs: pairs.map(ref),
    });
  }
  const byOwner = groupBy(must, (p) => p.owner);
  for (const [owner, pairs] of byOwner) {
    const { id } = instance.owners[owner]!;
    const slots = pairs[0]!.slots;
    if (slots.length === 0) {
      diagnoses.push({
        constraint: 'owner_unavailable',
        message: `Owner ${id} is not available in any of the ${instance.slots} slots, yet ${plural(pairs.length, 'SME')} marked it must-meet (${list(pairs.map((p) => p.smeId))})`,
        ownerId: id,
        needed: pairs.length,
        available: 0,
        pairs: pairs.map(ref),
      });
    } else if (pairs.length > slots.length) {
      diagnoses.push({
        constraint: 'owner_availability',
        message: `Owner ${id} has ${pairs.length} must-meet requests (${list(pairs.map((p) => p.smeId))}) but is available in only ${plural(slots.length, 'slot')} (${describeSlots(slots)})`,
        ownerId: id,
        needed: pairs.length,
        available: slots.length,
        pairs: pairs.map(ref),
      });
    }
  }
  const window = tightestWindow(must.filter((p) => p.slots.length > 0 && instance.smes[p.sme]!.cap > 0), instance.slots, instance.tables);
  if (window) {
    const { from, to, pairs } = window;
    const capacity = instance.tables * (to - from + 1);
    const whole = from === 0 && to === instance.slots - 1;
    diagnoses.push({
      constraint: 'table_capacity',
      message: whole
        ? `${pairs.length} must-meet requests but only ${fit(capacity)} (${plural(instance.slots, 'slot')} × ${plural(instance.tables, 'table')})`
        : `${pairs.length} must-meet requests can only take place in ${describeSlots(range(from, to))} (their owners' availability), which hold ${plural(capacity, 'meeting')} (${plural(to - from + 1, 'slot')} × ${plural(instance.tables, 'table')})`,
      needed: pairs.length,
      available: capacity,
      pairs: pairs.map(ref),
    });
  }
  return diagnoses;
}

/** The window of consecutive slots whose must-meets most exceed its tables, if any does. */
function tightestWindow(pairs: readonly CandidatePair[], slots: number, tables: number): { from: number; to: number; pairs: CandidatePair[] } | undefined {
  let best: { from: number; to: number; pairs: CandidatePair[]; excess: number } | undefined;
  for (let from = 0; from < slots; from++) {
    for (let to = from; to < slots; to++) {
      const inside = pairs.filter((p) => p.slots[0]! >= from && p.slots[p.slots.length - 1]! <= to);
      const excess = inside.length - tables * (to - from + 1);
      if (excess > 0 && (!best || excess > best.excess)) best = { from, to, pairs: inside, excess };
    }
  }
  return best;
}

/**
 * Everything a schedule leaves out and the constraint responsible: the must-meet checks of
 * `mustMeetDiagnoses` (only when a must-meet is unmet), a `combined` entry for any shortfall
 * they do not explain, and the SMEs without a meeting (no candidate pair, all owners
 * unavailable, a cap of 0, or not enough tables).
 *
 * @example
 * scheduleDiagnoses(prepared, schedule, stages)
 * // [{ constraint: 'owner_availability', message: 'Owner uni-2 has 5 must-meet requests (…) but is available in only 3 slots (slots 0–2)', … }]
 */
export function scheduleDiagnoses(
  prepared: PreparedInstance,
  figures: Pick<MeetingSchedule, 'mustMeets' | 'fairness'>,
  stages: readonly StageReport[] = [],
): Diagnosis[] {
  const { instance } = prepared;
  const diagnoses: Diagnosis[] = [];
  const { mustMeets, fairness } = figures;
  if (mustMeets.unmet.length > 0) {
    const counted = mustMeetDiagnoses(prepared);
    diagnoses.push(...counted);
    const explained = counted.reduce((sum, d) => sum + (d.needed - d.available), 0);
    const stage = stages.find((s) => s.stage === 'must_meets');
    if (mustMeets.unmet.length > explained) {
      const proof = stage?.status === 'optimal' || stage?.status === 'trivial'
        ? `the solver proved at most ${mustMeets.honoured} of ${mustMeets.requested} must-meets fit together`
        : stage
          ? `the solver found ${mustMeets.honoured} of ${mustMeets.requested} and proved at most ${Math.floor(stage.bound + 1e-6)} fit`
          : `the greedy placement honoured ${mustMeets.honoured} of ${mustMeets.requested}`;
      diagnoses.push({
        constraint: 'combined',
        message: `${plural(mustMeets.unmet.length - explained, 'more must-meet')} cannot be placed: SME and owner clashes across slots, caps and tables together leave no room (${proof}); unmet: ${list(mustMeets.unmet.map((p) => `${p.smeId} → ${p.ownerId}`))}`,
        needed: mustMeets.requested,
        available: mustMeets.honoured,
        pairs: mustMeets.unmet,
      });
    }
  }

  const bySme = groupBy(prepared.pairs, (p) => p.sme);
  instance.smes.forEach((sme, i) => {
    const pairs = bySme.get(i) ?? [];
    if (pairs.length === 0) {
      diagnoses.push({ constraint: 'no_candidates', message: `SME ${sme.id} has no pair that could meet: no meet request and no scored suggestion`, smeId: sme.id, needed: 1, available: 0, pairs: [] });
    } else if (sme.cap === 0) {
      diagnoses.push({ constraint: 'sme_cap', message: `SME ${sme.id} has a cap of 0 meetings, so none of its ${plural(pairs.length, 'request')} can be placed`, smeId: sme.id, needed: 1, available: 0, pairs: pairs.map(ref) });
    } else if (pairs.every((p) => p.slots.length === 0)) {
      diagnoses.push({
        constraint: 'owner_unavailable',
        message: `SME ${sme.id} gets no meeting: its owners (${list(pairs.map((p) => p.ownerId))}) are available in no slot`,
        smeId: sme.id,
        needed: 1,
        available: 0,
        pairs: pairs.map(ref),
      });
    }
  });
  if (fairness.without.length > 0) {
    const seats = instance.slots * instance.tables;
    const stage = stages.find((s) => s.stage === 'fairness');
    const reason = fairness.smes > seats
      ? `${fairness.smes} SMEs could meet someone but only ${fit(seats)} (${plural(instance.slots, 'slot')} × ${plural(instance.tables, 'table')})`
      : stage && (stage.status === 'optimal' || stage.status === 'trivial')
        ? `once must-meets${stages.some((s) => s.stage === 'kept') ? ' and kept meetings' : ''} are placed their owners and the tables have no room left (the solver proved at most ${fairness.withMeeting} of ${fairness.smes} SMEs can meet someone)`
        : stage
          ? `the solver placed ${fairness.withMeeting} of ${fairness.smes} SMEs and proved at most ${Math.floor(stage.bound + 1e-6)}`
          : `the greedy placement, which does not aim for fairness, left them out`;
    diagnoses.push({
      constraint: fairness.smes > seats ? 'table_capacity' : 'combined',
      message: `${plural(fairness.without.length, 'SME')} ${fairness.without.length === 1 ? 'gets' : 'get'} no meeting (${list(fairness.without)}): ${reason}`,
      needed: fairness.smes,
      available: fairness.withMeeting,
      pairs: [],
    });
  }
  return diagnoses;
}

function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
