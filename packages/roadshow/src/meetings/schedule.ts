import type { Diagnosis } from './diagnosis.ts';
import { pairKey, type PlacedMeeting } from './instance.ts';
import type { PairKind, PreparedInstance } from './pairs.ts';

/** A meeting in a schedule: the pair, its slot and table, what it is worth and why it is there. */
export interface ScheduledMeeting extends PlacedMeeting {
  value: number;
  kind: PairKind;
}

/** The objectives, optimised one after the other (see docs/meeting-scheduling.md). */
export type StageName = 'must_meets' | 'kept' | 'fairness' | 'value';

/** What one lexicographic stage achieved and what the solver proved about it. */
export interface StageReport {
  stage: StageName;
  /** The stage's objective in the returned schedule. */
  achieved: number;
  /** Proven upper bound on it, given the earlier stages' levels. */
  bound: number;
  /** `(bound − achieved) / max(|bound|, 1e-9)`; 0 when proven optimal. */
  gap: number;
  /**
   * `optimal`: proven; `time_limit`: stopped by the budget, `bound` is what was proven by then;
   * `trivial`: the start already reached a counting bound, no solve needed; `not_solved`: no
   * budget left or the solver stopped without a proof (`bound` is then the counting bound).
   */
  status: 'optimal' | 'time_limit' | 'trivial' | 'not_solved';
  millis: number;
}

/** A pair named by its SME and owner. */
export interface PairRef {
  smeId: string;
  ownerId: string;
}

export interface MeetingSchedule {
  solver: 'highs' | 'greedy';
  /** Sorted by slot, then table. */
  meetings: ScheduledMeeting[];
  /** Total value of the meetings (sum of their values). */
  objective: number;
  /** Proven upper bound on the total value, given the must-meet (and kept, fairness) levels reached; null for greedy. */
  bound: number | null;
  /** Relative gap between objective and bound; null for greedy. */
  gap: number | null;
  mustMeets: { requested: number; honoured: number; unmet: PairRef[] };
  /** SMEs with at least one candidate pair, and how many of them got a meeting. */
  fairness: { smes: number; withMeeting: number; without: string[] };
  /** Every must-meet honoured. */
  complete: boolean;
  stages: StageReport[];
  /** Why must-meets or SMEs were left out, naming the blocking constraint; empty when nothing was. */
  diagnoses: Diagnosis[];
  millis: { build: number; solve: number; total: number };
}

/** A pair (index into `prepared.pairs`) placed in a slot, before tables are given out. */
export interface SlotChoice {
  pair: number;
  slot: number;
}

/**
 * Gives each chosen meeting a table. Tables are interchangeable within a slot, so any
 * numbering works; a meeting that keeps its previous slot keeps its previous table, and the
 * others take the lowest free tables.
 *
 * @example
 * assignTables(prepared, [{ pair: 0, slot: 1 }, { pair: 1, slot: 1 }])
 * // [{ smeId: …, slot: 1, table: 0, … }, { smeId: …, slot: 1, table: 1, … }]
 */
export function assignTables(prepared: PreparedInstance, choices: readonly SlotChoice[], previous: readonly PlacedMeeting[] = []): ScheduledMeeting[] {
  const before = new Map(previous.map((m) => [pairKey(m.smeId, m.ownerId), m]));
  const taken = new Map<number, Set<number>>();
  const tableOf = new Map<SlotChoice, number>();
  const used = (slot: number) => taken.get(slot) ?? taken.set(slot, new Set()).get(slot)!;
  for (const choice of choices) {
    const pair = prepared.pairs[choice.pair]!;
    const old = before.get(pairKey(pair.smeId, pair.ownerId));
    if (old && old.slot === choice.slot && old.table < prepared.instance.tables && !used(choice.slot).has(old.table)) {
      used(choice.slot).add(old.table);
      tableOf.set(choice, old.table);
    }
  }
  for (const choice of choices) {
    if (tableOf.has(choice)) continue;
    const busy = used(choice.slot);
    let table = 0;
    while (busy.has(table)) table++;
    busy.add(table);
    tableOf.set(choice, table);
  }
  return choices
    .map((choice) => {
      const pair = prepared.pairs[choice.pair]!;
      return { smeId: pair.smeId, ownerId: pair.ownerId, slot: choice.slot, table: tableOf.get(choice)!, value: pair.value, kind: pair.kind };
    })
    .sort((a, b) => a.slot - b.slot || a.table - b.table);
}

/**
 * Total value, must-meets honoured and SMEs with a meeting, for a set of meetings.
 *
 * @example
 * scheduleFigures(prepared, schedule.meetings).mustMeets // { requested: 3, honoured: 2, unmet: [{ smeId: 'sme-1', ownerId: 'uni-4' }] }
 */
export function scheduleFigures(prepared: PreparedInstance, meetings: readonly ScheduledMeeting[]): Pick<MeetingSchedule, 'objective' | 'mustMeets' | 'fairness' | 'complete'> {
  const met = new Set(meetings.map((m) => pairKey(m.smeId, m.ownerId)));
  const must = prepared.pairs.filter((p) => p.kind === 'must_meet');
  const unmet = must.filter((p) => !met.has(pairKey(p.smeId, p.ownerId))).map((p) => ({ smeId: p.smeId, ownerId: p.ownerId }));
  const candidates = new Set(prepared.pairs.filter((p) => p.slots.length > 0 && prepared.instance.smes[p.sme]!.cap > 0).map((p) => p.smeId));
  const meeting = new Set(meetings.map((m) => m.smeId));
  const without = prepared.instance.smes.map((s) => s.id).filter((id) => candidates.has(id) && !meeting.has(id));
  return {
    objective: meetings.reduce((sum, m) => sum + m.value, 0),
    mustMeets: { requested: must.length, honoured: must.length - unmet.length, unmet },
    fairness: { smes: candidates.size, withMeeting: candidates.size - without.length, without },
    complete: unmet.length === 0,
  };
}
