import * as highsModule from 'highs';
import type { Highs, ModelData } from 'highs';
import type { StageName, StageReport } from './schedule.ts';

let runtime: Promise<Highs> | undefined;

type HighsLoader = typeof highsModule.default.default;

/**
 * highs describes its ESM build with a CommonJS types file, so TypeScript places the loader at
 * `default.default` while Node's ESM import puts it at `default`; take whichever is a function.
 */
function highsLoader(): HighsLoader {
  const imported = highsModule.default as unknown as HighsLoader & { default?: HighsLoader };
  return typeof imported.default === 'function' ? imported.default : imported;
}

/**
 * The HiGHS WebAssembly runtime, loaded once per process (solves are synchronous afterwards).
 *
 * @example
 * const highs = await highsRuntime();
 * highs.version // { major: 1, minor: 15, … }
 */
export function highsRuntime(): Promise<Highs> {
  runtime ??= highsLoader()();
  return runtime;
}

/** One objective of a lexicographic solve, maximised over the columns of the model. */
export interface LexicographicStage {
  name: StageName;
  /** Objective coefficient per column. */
  cost: Float64Array;
  /** The objective only takes integer values (a proof then needs an absolute gap < 1). */
  integral: boolean;
  /** A bound known without solving (e.g. the number of must-meet pairs); reaching it ends the stage. */
  ceiling: number;
}

export interface LexicographicOptions {
  /** Wall-clock budget for all stages together. */
  timeLimitSeconds: number;
  /** Relative gap at which the last, non-integral stage stops. */
  relativeGap: number;
  randomSeed: number;
}

export interface LexicographicResult {
  colValue: Float64Array;
  stages: StageReport[];
}

const objectiveOf = (cost: Float64Array, x: Float64Array): number => {
  let sum = 0;
  for (let j = 0; j < cost.length; j++) sum += cost[j]! * x[j]!;
  return sum;
};

/**
 * Maximises the stages one after the other. After each stage a row `cost·x ≥ achieved` holds
 * its level while the later stages optimise, so an earlier objective is never traded for a
 * later one. Every run starts from the best solution so far (`start` first, which must be
 * feasible), and reports the level reached, the solver's proven bound and the gap.
 *
 * @example
 * const { colValue, stages } = solveLexicographic(highs, model, [mustMeets, value], greedyStart, options);
 * stages.map((s) => [s.stage, s.status]) // [['must_meets', 'optimal'], ['value', 'optimal']]
 */
export function solveLexicographic(
  highs: Highs,
  model: Omit<ModelData, 'colCost' | 'sense'>,
  stages: readonly LexicographicStage[],
  start: Float64Array,
  options: LexicographicOptions,
): LexicographicResult {
  const deadline = performance.now() + options.timeLimitSeconds * 1000;
  const solver = highs.createModel({ ...model, colCost: new Float64Array(model.numCols), sense: highs.constants.objectiveSense.maximize });
  const reports: StageReport[] = [];
  let best: Float64Array = Float64Array.from(start);
  const held: Array<{ cost: Float64Array; level: number }> = [];
  const keepsLevels = (x: Float64Array) => held.every((h) => objectiveOf(h.cost, x) >= h.level - 1e-6 * Math.max(1, Math.abs(h.level)));
  try {
    solver.options.set({ output_flag: false, random_seed: options.randomSeed });
    for (const [k, stage] of stages.entries()) {
      const began = performance.now();
      let achieved = objectiveOf(stage.cost, best);
      let bound = stage.ceiling;
      let status: StageReport['status'] = 'trivial';
      const remaining = (deadline - began) / 1000;
      if (achieved < stage.ceiling - 1e-9 && remaining > 0.01) {
        solver.changeColsCost({ kind: 'range', from: 0, to: model.numCols - 1 }, stage.cost);
        solver.options.set({
          time_limit: remaining,
          mip_rel_gap: stage.integral ? 0 : options.relativeGap,
          mip_abs_gap: stage.integral ? 0.999 : 1e-6,
        });
        solver.zeroAllClocks();
        solver.setSolution({ colValue: best });
        const { modelStatus } = solver.run();
        const { colValue } = solver.getSolution();
        const found = roundBinary(colValue, best.length);
        const foundObjective = objectiveOf(stage.cost, found);
        if (foundObjective > achieved + 1e-9 && isFeasible(model, found) && keepsLevels(found)) {
          best = found;
          achieved = foundObjective;
        }
        const dual = Number(solver.info.get('mip_dual_bound'));
        const proven = Number.isFinite(dual) ? (stage.integral ? Math.floor(dual + 1e-6) : dual) : stage.ceiling;
        bound = Math.max(achieved, Math.min(proven, stage.ceiling));
        const { optimal, timeLimit } = highs.constants.modelStatus;
        status = modelStatus === optimal ? 'optimal' : modelStatus === timeLimit ? 'time_limit' : 'not_solved';
      } else if (achieved < stage.ceiling - 1e-9) {
        status = 'not_solved';
      }
      if (status === 'optimal' && stage.integral) bound = achieved;
      reports.push({ stage: stage.name, achieved, bound, gap: relativeGap(achieved, bound), status, millis: performance.now() - began });
      if (k < stages.length - 1) {
        const entries = sparse(stage.cost);
        if (entries.indices.length > 0) solver.addRow(stage.integral ? achieved - 0.5 : achieved - 1e-7 * Math.max(1, Math.abs(achieved)), highs.infinity, entries);
        held.push({ cost: stage.cost, level: achieved });
      }
    }
  } finally {
    solver.dispose();
  }
  return { colValue: best, stages: reports };
}

function relativeGap(achieved: number, bound: number): number {
  const difference = bound - achieved;
  // Sums of the same values in another order differ in the last bits; that is not a gap.
  if (difference <= 1e-9 * Math.max(1, Math.abs(bound))) return 0;
  return difference / Math.max(Math.abs(bound), 1e-9);
}

function roundBinary(values: Float64Array, length: number): Float64Array {
  const rounded = new Float64Array(length);
  for (let j = 0; j < length; j++) rounded[j] = (values[j] ?? 0) > 0.5 ? 1 : 0;
  return rounded;
}

function sparse(cost: Float64Array): { indices: number[]; values: number[] } {
  const indices: number[] = [];
  const values: number[] = [];
  cost.forEach((c, j) => {
    if (c !== 0) {
      indices.push(j);
      values.push(c);
    }
  });
  return { indices, values };
}

/** Row activities of a 0/1 solution within the model's row bounds (guards against a rounding slip). */
function isFeasible(model: Omit<ModelData, 'colCost' | 'sense'>, x: Float64Array): boolean {
  const { matrix } = model;
  if (matrix.format !== 'csr') throw new Error('expected a row-wise (csr) matrix');
  for (let i = 0; i < model.numRows; i++) {
    let activity = 0;
    for (let k = matrix.starts[i]!; k < matrix.starts[i + 1]!; k++) activity += matrix.values[k]! * x[matrix.indices[k]!]!;
    if (activity > model.rowUpper[i]! + 1e-6 || activity < model.rowLower[i]! - 1e-6) return false;
  }
  return true;
}
