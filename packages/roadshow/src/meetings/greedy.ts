import { scheduleDiagnoses } from './diagnosis.ts';
import { MeetingInstance, type MeetingInstanceInput } from './instance.ts';
import { prepareInstance, type PreparedInstance } from './pairs.ts';
import { assignTables, scheduleFigures, type MeetingSchedule, type SlotChoice } from './schedule.ts';

/**
 * Must-meets first, then by value (ties in input order), each pair in the earliest slot where
 * the SME, the owner and a table are free and the SME is under its cap. `first` choices (the
 * previous schedule, when re-solving) are placed before anything else, where they still fit.
 *
 * @example
 * greedyChoices(prepared) // [{ pair: 3, slot: 0 }, { pair: 0, slot: 0 }, …]
 */
export function greedyChoices(prepared: PreparedInstance, first: readonly SlotChoice[] = []): SlotChoice[] {
  const { instance, pairs } = prepared;
  const order = pairs.map((_, i) => i).sort((a, b) => {
    const pa = pairs[a]!;
    const pb = pairs[b]!;
    return Number(pb.kind === 'must_meet') - Number(pa.kind === 'must_meet') || pb.value - pa.value || a - b;
  });
  const smeBusy = instance.smes.map(() => new Array<boolean>(instance.slots).fill(false));
  const ownerBusy = instance.owners.map(() => new Array<boolean>(instance.slots).fill(false));
  const smeCount = new Array<number>(instance.smes.length).fill(0);
  const slotCount = new Array<number>(instance.slots).fill(0);
  const placed = new Set<number>();
  const choices: SlotChoice[] = [];
  const fits = (index: number, slot: number) => {
    const pair = pairs[index]!;
    return !placed.has(index) && smeCount[pair.sme]! < instance.smes[pair.sme]!.cap && prepared.ownerOpen[pair.owner]![slot] === true
      && !smeBusy[pair.sme]![slot] && !ownerBusy[pair.owner]![slot] && slotCount[slot]! < instance.tables;
  };
  const place = (index: number, slot: number) => {
    const pair = pairs[index]!;
    smeBusy[pair.sme]![slot] = true;
    ownerBusy[pair.owner]![slot] = true;
    smeCount[pair.sme]!++;
    slotCount[slot]!++;
    placed.add(index);
    choices.push({ pair: index, slot });
  };
  for (const choice of first) if (fits(choice.pair, choice.slot)) place(choice.pair, choice.slot);
  for (const index of order) {
    const slot = pairs[index]!.slots.find((s) => fits(index, s));
    if (slot !== undefined) place(index, slot);
  }
  return choices;
}

/**
 * The baseline scheduler: `greedyChoices` with tables given out, reported like the optimiser's
 * schedule (no bound or gap; diagnoses of what it left out).
 *
 * @example
 * const baseline = greedySchedule(instance);
 * baseline.objective / (await solveMeetings(instance)).objective // ≤ 1
 */
export function greedySchedule(input: MeetingInstanceInput | MeetingInstance): MeetingSchedule {
  const started = performance.now();
  const prepared = prepareInstance(MeetingInstance.parse(input));
  const built = performance.now();
  const meetings = assignTables(prepared, greedyChoices(prepared));
  const figures = scheduleFigures(prepared, meetings);
  const solved = performance.now();
  return {
    solver: 'greedy',
    meetings,
    ...figures,
    bound: null,
    gap: null,
    stages: [],
    diagnoses: scheduleDiagnoses(prepared, figures),
    millis: { build: built - started, solve: solved - built, total: performance.now() - started },
  };
}
