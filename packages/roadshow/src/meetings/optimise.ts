import { scheduleDiagnoses } from './diagnosis.ts';
import { buildFormulation, choicesOf, columnsOf, meetingStages } from './formulation.ts';
import { greedyChoices } from './greedy.ts';
import { MeetingInstance, pairKey, type MeetingInstanceInput } from './instance.ts';
import { highsRuntime, solveLexicographic } from './lexicographic.ts';
import { prepareInstance } from './pairs.ts';
import { assignTables, scheduleFigures, type MeetingSchedule } from './schedule.ts';

export interface SolveMeetingsOptions {
  /** Budget for all stages together; a stage cut short keeps its best schedule and reports its bound. Default 20. */
  timeLimitSeconds?: number;
  /** Relative gap at which the value stage may stop. Default 1e-4 (HiGHS's own default). */
  relativeGap?: number;
  /** Give every SME that can meet someone a meeting before maximising value. Default true. */
  fairness?: boolean;
  /** HiGHS random seed, for repeatable runs. Default 0. */
  randomSeed?: number;
}

/**
 * The optimal one-to-one schedule, by HiGHS branch-and-cut on the meeting MIP, objectives in
 * order: (1) as many must-meets as can be honoured together, (2) when `instance.previous` is
 * given, as many previous meetings kept in their slot (then kept at all) as possible,
 * (3) as many SMEs with at least one meeting as possible, (4) the largest total value. The
 * greedy schedule is the starting incumbent. When must-meets or SMEs are left out the schedule
 * is the best partial one and `diagnoses` name the blocking constraints.
 *
 * @example
 * const schedule = await solveMeetings({
 *   slots: 2, tables: 1,
 *   smes: [{ id: 'sme-1', cap: 2 }, { id: 'sme-2', cap: 1 }],
 *   owners: [{ id: 'uni-1' }],
 *   requests: [
 *     { smeId: 'sme-1', ownerId: 'uni-1', preference: 'meet' },
 *     { smeId: 'sme-2', ownerId: 'uni-1', preference: 'must_meet' },
 *   ],
 * });
 * schedule.meetings.map((m) => [m.smeId, m.slot, m.table]) // [['sme-2', 0, 0], ['sme-1', 1, 0]]
 * schedule.gap // 0
 */
export async function solveMeetings(input: MeetingInstanceInput | MeetingInstance, options: SolveMeetingsOptions = {}): Promise<MeetingSchedule> {
  const started = performance.now();
  const highs = await highsRuntime();
  const instance = MeetingInstance.parse(input);
  const prepared = prepareInstance(instance);
  const formulation = buildFormulation(prepared);
  const stages = meetingStages(prepared, formulation, { fairness: options.fairness ?? true, previous: instance.previous });
  const previous = (instance.previous ?? []).flatMap((m) => {
    const pair = prepared.pairIndex.get(pairKey(m.smeId, m.ownerId));
    return pair === undefined ? [] : [{ pair, slot: m.slot }];
  });
  const start = columnsOf(formulation, greedyChoices(prepared, previous), prepared);
  const built = performance.now();
  const result = solveLexicographic(highs, formulation.model, stages, start, {
    timeLimitSeconds: options.timeLimitSeconds ?? 20,
    relativeGap: options.relativeGap ?? 1e-4,
    randomSeed: options.randomSeed ?? 0,
  });
  const solved = performance.now();
  const meetings = assignTables(prepared, choicesOf(formulation, result.colValue), instance.previous);
  const figures = scheduleFigures(prepared, meetings);
  const value = result.stages.find((s) => s.stage === 'value')!;
  return {
    solver: 'highs',
    meetings,
    ...figures,
    bound: value.bound,
    gap: value.gap,
    stages: result.stages,
    diagnoses: scheduleDiagnoses(prepared, figures, result.stages),
    millis: { build: built - started, solve: solved - built, total: performance.now() - started },
  };
}
