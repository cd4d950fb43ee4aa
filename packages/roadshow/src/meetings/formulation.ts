import type { ModelData } from 'highs';
import { pairKey, type PlacedMeeting } from './instance.ts';
import type { PreparedInstance } from './pairs.ts';
import type { SlotChoice, StageName } from './schedule.ts';
import type { LexicographicStage } from './lexicographic.ts';

/**
 * The meeting MIP (docs/meeting-scheduling.md): a binary `x[p,s]` for each candidate pair `p`
 * and each slot `s` its owner is available in (none when the SME's cap is 0), and a binary
 * `y[i]` per SME that has any `x` ("SME i has at least one meeting").
 */
export interface MeetingFormulation {
  model: Omit<ModelData, 'colCost' | 'sense'>;
  /** Column → pair index (−1 for a `y` column). */
  columnPair: Int32Array;
  /** Column → slot (−1 for a `y` column). */
  columnSlot: Int32Array;
  /** Column → SME index for a `y` column, −1 otherwise. */
  columnSme: Int32Array;
  /** SME index → its `y` column, −1 when it has no `x`. */
  smeColumn: Int32Array;
}

/**
 * Builds the rows: one place per SME per slot, one per owner per slot, at most `tables` per
 * slot, the SME's cap, a pair at most once, and `y[i] ≤ Σ x` of SME `i`. Rows that cannot bind
 * (fewer than two variables, or a cap no smaller than what the rows already allow) are left out.
 *
 * @example
 * const formulation = buildFormulation(prepareInstance(instance));
 * formulation.model.numCols // Σ over pairs of the owner's available slots, plus one y per SME
 */
export function buildFormulation(prepared: PreparedInstance): MeetingFormulation {
  const { instance, pairs } = prepared;
  const pairCols: number[][] = pairs.map(() => []);
  const columnPair: number[] = [];
  const columnSlot: number[] = [];
  pairs.forEach((pair, p) => {
    if (instance.smes[pair.sme]!.cap === 0) return;
    for (const s of pair.slots) {
      pairCols[p]!.push(columnPair.length);
      columnPair.push(p);
      columnSlot.push(s);
    }
  });
  const xCount = columnPair.length;
  const smeCols: number[][] = instance.smes.map(() => []);
  const ownerSlotCols = new Map<number, number[]>();
  const smeSlotCols = new Map<number, number[]>();
  const slotCols: number[][] = Array.from({ length: instance.slots }, () => []);
  for (let j = 0; j < xCount; j++) {
    const pair = pairs[columnPair[j]!]!;
    const s = columnSlot[j]!;
    smeCols[pair.sme]!.push(j);
    push(smeSlotCols, pair.sme * instance.slots + s, j);
    push(ownerSlotCols, pair.owner * instance.slots + s, j);
    slotCols[s]!.push(j);
  }
  const smeColumn = new Int32Array(instance.smes.length).fill(-1);
  const columnSme: number[] = new Array<number>(xCount).fill(-1);
  smeCols.forEach((cols, i) => {
    if (cols.length === 0) return;
    smeColumn[i] = columnPair.length;
    columnPair.push(-1);
    columnSlot.push(-1);
    columnSme.push(i);
  });

  const starts: number[] = [0];
  const indices: number[] = [];
  const values: number[] = [];
  const rowLower: number[] = [];
  const rowUpper: number[] = [];
  const row = (cols: readonly number[], coefficients: readonly number[] | number, lower: number, upper: number) => {
    cols.forEach((c, k) => {
      indices.push(c);
      values.push(typeof coefficients === 'number' ? coefficients : coefficients[k]!);
    });
    starts.push(indices.length);
    rowLower.push(lower);
    rowUpper.push(upper);
  };
  for (const cols of smeSlotCols.values()) if (cols.length > 1) row(cols, 1, -Infinity, 1);
  for (const cols of ownerSlotCols.values()) if (cols.length > 1) row(cols, 1, -Infinity, 1);
  for (const cols of slotCols) if (cols.length > instance.tables) row(cols, 1, -Infinity, instance.tables);
  smeCols.forEach((cols, i) => {
    const cap = instance.smes[i]!.cap;
    const pairsOfSme = new Set(cols.map((c) => columnPair[c])).size;
    if (cap < Math.min(pairsOfSme, instance.slots)) row(cols, 1, -Infinity, cap);
  });
  for (const cols of pairCols) if (cols.length > 1) row(cols, 1, -Infinity, 1);
  smeCols.forEach((cols, i) => {
    if (cols.length > 0) row([smeColumn[i]!, ...cols], [1, ...cols.map(() => -1)], -Infinity, 0);
  });

  const numCols = columnPair.length;
  return {
    model: {
      numCols,
      numRows: rowLower.length,
      colLower: new Float64Array(numCols),
      colUpper: new Float64Array(numCols).fill(1),
      rowLower: Float64Array.from(rowLower),
      rowUpper: Float64Array.from(rowUpper),
      matrix: { format: 'csr', numRows: rowLower.length, numCols, starts: Int32Array.from(starts), indices: Int32Array.from(indices), values: Float64Array.from(values) },
      integrality: new Int32Array(numCols).fill(1),
    },
    columnPair: Int32Array.from(columnPair),
    columnSlot: Int32Array.from(columnSlot),
    columnSme: Int32Array.from(columnSme),
    smeColumn,
  };
}

function push<K>(map: Map<K, number[]>, key: K, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * The stages in priority order: must-meets, then (when re-solving) keeping the previous
 * schedule, then fairness, then value. Kept counts a meeting in its old slot `R + 1` times and
 * one moved to another slot once (R = previous meetings), so staying in place always comes first.
 *
 * @example
 * meetingStages(prepared, formulation, { fairness: true }).map((s) => s.name)
 * // ['must_meets', 'fairness', 'value']
 */
export function meetingStages(
  prepared: PreparedInstance,
  formulation: MeetingFormulation,
  options: { fairness: boolean; previous?: readonly PlacedMeeting[] | undefined },
): LexicographicStage[] {
  const { pairs } = prepared;
  const { columnPair, columnSlot, columnSme, model } = formulation;
  const n = model.numCols;
  const stage = (name: StageName, integral: boolean, weight: (j: number) => number): LexicographicStage => {
    const cost = new Float64Array(n);
    for (let j = 0; j < n; j++) cost[j] = weight(j);
    return { name, cost, integral, ceiling: ceiling(name, cost) };
  };
  const ceiling = (name: StageName, cost: Float64Array): number => {
    // One meeting per pair (and one y per SME): the best slot of each pair summed.
    const best = new Map<number, number>();
    for (let j = 0; j < n; j++) {
      const key = columnPair[j]! >= 0 ? columnPair[j]! : -1 - columnSme[j]!;
      best.set(key, Math.max(best.get(key) ?? 0, cost[j]!));
    }
    let sum = 0;
    for (const v of best.values()) sum += v;
    if (name === 'value') return sum;
    // Must-meets and SMEs met each take a table-slot.
    return name === 'kept' ? Math.round(sum) : Math.min(Math.round(sum), prepared.instance.slots * prepared.instance.tables);
  };
  const stages: LexicographicStage[] = [];
  stages.push(stage('must_meets', true, (j) => (columnPair[j]! >= 0 && pairs[columnPair[j]!]!.kind === 'must_meet' ? 1 : 0)));
  if (options.previous && options.previous.length > 0) {
    const before = new Map(options.previous.map((m) => [pairKey(m.smeId, m.ownerId), m.slot]));
    const inPlace = options.previous.length + 1;
    stages.push(
      stage('kept', true, (j) => {
        if (columnPair[j]! < 0) return 0;
        const pair = pairs[columnPair[j]!]!;
        const slot = before.get(pairKey(pair.smeId, pair.ownerId));
        return slot === undefined ? 0 : slot === columnSlot[j] ? inPlace : 1;
      }),
    );
  }
  if (options.fairness) stages.push(stage('fairness', true, (j) => (columnSme[j]! >= 0 ? 1 : 0)));
  stages.push(stage('value', false, (j) => (columnPair[j]! >= 0 ? pairs[columnPair[j]!]!.value : 0)));
  return stages;
}

/**
 * A full column vector for slot choices (the greedy start, say): their `x` set, and `y[i]` for
 * every SME that has one of them.
 *
 * @example
 * columnsOf(formulation, [{ pair: 0, slot: 2 }]) // Float64Array with x[0,2] = 1 and y[sme of pair 0] = 1
 */
export function columnsOf(formulation: MeetingFormulation, choices: readonly SlotChoice[], prepared: PreparedInstance): Float64Array {
  const x = new Float64Array(formulation.model.numCols);
  const index = new Map<string, number>();
  formulation.columnPair.forEach((p, j) => {
    if (p >= 0) index.set(`${p}:${formulation.columnSlot[j]}`, j);
  });
  for (const choice of choices) {
    const j = index.get(`${choice.pair}:${choice.slot}`);
    if (j === undefined) throw new Error(`pair ${choice.pair} has no column for slot ${choice.slot}`);
    x[j] = 1;
    x[formulation.smeColumn[prepared.pairs[choice.pair]!.sme]!] = 1;
  }
  return x;
}

/**
 * The slot choices a column vector makes.
 *
 * @example
 * choicesOf(formulation, colValue) // [{ pair: 0, slot: 2 }, …]
 */
export function choicesOf(formulation: MeetingFormulation, x: Float64Array): SlotChoice[] {
  const choices: SlotChoice[] = [];
  formulation.columnPair.forEach((p, j) => {
    if (p >= 0 && x[j]! > 0.5) choices.push({ pair: p, slot: formulation.columnSlot[j]! });
  });
  return choices;
}
