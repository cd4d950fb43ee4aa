import { z } from 'zod';
import { defaultChainCatalogue } from '@patent-bridge/domain';
import { ChainDemand, ChainSupply } from './chain-readiness.ts';
import { Month, monthAt, monthIndex, monthLabel, monthLabelEn, monthsOfYear } from './month.ts';

const ChainRef = z.object({ id: z.string().min(1), name: z.string().min(1), nameEn: z.string().min(1).optional() });
const MonthChain = z.strictObject({ month: Month, chainId: z.string().min(1) });
const Blackout = z.union([Month, z.strictObject({ month: Month, label: z.string().min(1) })]);

export const YearPlanInput = z.strictObject({
  year: z.number().int().min(1990).max(2200),
  /** The chains to choose from; the default chain catalogue when left out. */
  chains: z.array(ChainRef).min(1).optional(),
  supply: z.array(ChainSupply),
  demand: z.array(ChainDemand),
  /** Months the broker fixes to a chain. */
  pins: z.array(MonthChain).default([]),
  /** Months of this year already published (or held): re-planning keeps them as they are. */
  published: z.array(MonthChain).default([]),
  /** Events before this year (the last few months are enough): they count for the repeat gap only. */
  previousEvents: z.array(MonthChain).default([]),
  /** Months without any event, e.g. the Spring Festival month: `'2025-01'` or `{ month, label: '春节' }`. */
  blackouts: z.array(Blackout).default([]),
  /** Re-planning during the year: months before this one are past and only their published events stay. */
  fromMonth: Month.optional(),
  /** A chain used in month m is not used again before month m + minGapMonths (1: any month; 12: once a year). */
  minGapMonths: z.number().int().min(1).max(24).default(3),
  /** An event needs at least this many pitchable patents… */
  minSupply: z.number().int().min(0).default(5),
  /** …and at least this many SMEs with strongly matched open demands. */
  minDemand: z.number().int().min(0).default(3),
  /** The k-th event of a chain in the year is worth repeatDecay^(k−1) of the first. */
  repeatDecay: z.number().min(0).max(1).default(0.5),
  /** Search budget; a plan found within it is exact unless `objective.exact` says otherwise. */
  maxNodes: z.number().int().positive().default(5_000_000),
});
export type YearPlanInput = z.input<typeof YearPlanInput>;

/** The figures behind a chain's value. */
export interface ChainFigures {
  patents: number;
  supplyStrength: number;
  enterprises: number;
  demandStrength: number;
  /** min(patents, enterprises): how many patent–SME pairings the event can make at most. */
  pairings: number;
  /** pairings × √(supplyStrength × demandStrength): the value of the chain's first event. */
  value: number;
}

export type EventSource = 'published' | 'pinned' | 'planned';
export type NoEventWhy = 'past' | 'blackout' | 'no_eligible_chain' | 'repeat_gap' | 'no_value' | 'search_limit';

export type PlannedMonth =
  | {
      month: string;
      kind: 'event';
      chainId: string;
      chainName: string;
      source: EventSource;
      /** 1 for the chain's first event of the year, 2 for its second… */
      occurrence: number;
      /** What this event adds to the objective: figures.value × repeatDecay^(occurrence−1). */
      value: number;
      figures: ChainFigures | undefined;
      reason: string;
      reasonEn: string;
    }
  | { month: string; kind: 'no_event'; why: NoEventWhy; reason: string; reasonEn: string };

export type LeftOutWhy = 'no_data' | 'below_min_supply' | 'below_min_demand' | 'no_value' | 'outranked';

export interface LeftOutChain {
  chainId: string;
  chainName: string;
  why: LeftOutWhy[];
  figures: ChainFigures | undefined;
  reason: string;
  reasonEn: string;
}

export type PlanWarningCode =
  | 'unknown_chain'
  | 'pin_outside_plan'
  | 'pin_on_published_month'
  | 'duplicate_month'
  | 'fixed_in_blackout'
  | 'fixed_below_minimum'
  | 'fixed_within_gap';

export interface PlanWarning {
  code: PlanWarningCode;
  month?: string;
  chainId?: string;
  message: string;
  messageEn: string;
}

export interface YearPlan {
  year: number;
  months: PlannedMonth[];
  leftOut: LeftOutChain[];
  objective: {
    /** Σ over events of their value (see `docs/roadshow.md`). */
    value: number;
    /** False only when the search budget ran out before the optimum was proven. */
    exact: boolean;
    nodes: number;
    method: 'branch-and-bound';
  };
  warnings: PlanWarning[];
}

interface Fixed {
  chainId: string;
  source: 'published' | 'pinned';
}

const EPSILON = 1e-9;

/**
 * Assigns one industrial chain to each month of a year ("one chain per month", 一月一链), or no
 * event with why, maximising Σ over events of min(patents, SMEs) × √(supply strength × demand
 * strength) × repeatDecay^(k−1) for a chain's k-th event, under the broker's pins, a minimum gap
 * before a chain repeats, blackout months, minimum supply and demand, and the months already
 * published (kept). Exact: branch and bound over the free months, bounded by the assignment
 * relaxation without the gap's coupling (see `docs/roadshow.md`).
 *
 * @example
 * const plan = planYear({
 *   year: 2025,
 *   supply: [{ chainId: 'biomedicine', patents: 18, strength: 0.72 }],
 *   demand: [{ chainId: 'biomedicine', enterprises: 12, strength: 0.65 }],
 *   blackouts: [{ month: '2025-01', label: '春节' }],
 *   minGapMonths: 4,
 * });
 * plan.months.filter((m) => m.kind === 'event').map((m) => m.month) // ['2025-02', '2025-06', '2025-10']
 */
export function planYear(input: YearPlanInput): YearPlan {
  const options = YearPlanInput.parse(input);
  const { year, minGapMonths: gap, repeatDecay: decay } = options;
  const warnings: PlanWarning[] = [];
  const chainList = options.chains ?? defaultChainCatalogue().chains;
  const names = new Map(chainList.map((c) => [c.id, { name: c.name, nameEn: c.nameEn ?? c.name }]));
  const nameOf = (id: string) => names.get(id)?.name ?? id;
  const nameEnOf = (id: string) => names.get(id)?.nameEn ?? id;
  const warn = (code: PlanWarningCode, message: string, messageEn: string, at: { month?: string; chainId?: string } = {}) =>
    warnings.push({ code, ...at, message, messageEn });

  const figures = chainFigures(options.supply, options.demand, names, warn);
  const months = monthsOfYear(year);
  const first = monthIndex(months[0]!);
  const from = options.fromMonth === undefined ? first : Math.max(first, monthIndex(options.fromMonth));
  const blackout = new Map<number, string | undefined>();
  for (const b of options.blackouts) {
    const month = typeof b === 'string' ? b : b.month;
    if (month.startsWith(`${year}-`)) blackout.set(monthIndex(month), typeof b === 'string' ? undefined : b.label);
  }

  const fixed = fixedMonths(options, first, from, nameOf, warn);
  for (const [index, f] of fixed) {
    const month = monthAt(index);
    if (!names.has(f.chainId)) warn('unknown_chain', `${monthLabel(month)} 的产业链 ${f.chainId} 不在产业链目录中`, `chain ${f.chainId} of ${monthLabelEn(month)} is not in the catalogue`, { month, chainId: f.chainId });
    if (blackout.has(index) && f.source === 'pinned') warn('fixed_in_blackout', `${monthLabel(month)} 是停办月份，但经办人指定了${nameOf(f.chainId)}，按指定举办`, `${monthLabelEn(month)} is a blackout month but the broker pinned ${nameEnOf(f.chainId)}; the pin is kept`, { month, chainId: f.chainId });
    const fig = figures.get(f.chainId);
    if (!fig || fig.patents < options.minSupply || fig.enterprises < options.minDemand)
      warn('fixed_below_minimum', `${monthLabel(month)} 的${nameOf(f.chainId)}未达举办门槛（专利≥${options.minSupply}件、企业≥${options.minDemand}家），按${f.source === 'published' ? '已发布' : '指定'}保留`, `${nameEnOf(f.chainId)} in ${monthLabelEn(month)} is below the minimum (${options.minSupply} patents, ${options.minDemand} SMEs) but is kept as ${f.source}`, { month, chainId: f.chainId });
  }

  // Every earlier use of a chain (last year's events and this year's fixed months) constrains the gap.
  const uses = new Map<string, number[]>();
  const addUse = (chainId: string, index: number) => uses.set(chainId, [...(uses.get(chainId) ?? []), index]);
  const outsideYear = [...options.previousEvents, ...options.published].filter((e) => !e.month.startsWith(`${year}-`));
  for (const e of outsideYear) addUse(e.chainId, monthIndex(e.month));
  for (const [index, f] of fixed) addUse(f.chainId, index);
  for (const [chainId, list] of uses) {
    const sorted = [...list].sort((a, b) => a - b);
    for (let i = 1; i < sorted.length; i++) {
      if (sorted[i]! - sorted[i - 1]! < gap && (fixed.has(sorted[i]!) || fixed.has(sorted[i - 1]!)))
        warn('fixed_within_gap', `${nameOf(chainId)} 在${monthLabel(monthAt(sorted[i - 1]!))}与${monthLabel(monthAt(sorted[i]!))}之间不足 ${gap} 个月，按已定安排保留`, `${nameEnOf(chainId)} in ${monthLabelEn(monthAt(sorted[i - 1]!))} and ${monthLabelEn(monthAt(sorted[i]!))} is closer than ${gap} months; kept as fixed`, { month: monthAt(sorted[i]!), chainId });
    }
  }

  const candidates = chainList
    .map((c) => c.id)
    .filter((id) => {
      const f = figures.get(id);
      return f !== undefined && f.patents >= options.minSupply && f.enterprises >= options.minDemand && f.value > 0;
    })
    .map((id) => ({ id, value: figures.get(id)!.value }));
  const freeMonths = months.map(monthIndex).filter((i) => i >= from && !fixed.has(i) && !blackout.has(i));
  const countInYear = new Map<string, number>();
  for (const f of fixed.values()) countInYear.set(f.chainId, (countInYear.get(f.chainId) ?? 0) + 1);

  const search = branchAndBound({ candidates, freeMonths, uses, countInYear, gap, decay, maxNodes: options.maxNodes });

  // Assemble the months, with each chain's events numbered in calendar order.
  const chosen = new Map<number, { chainId: string; source: EventSource }>();
  for (const [index, f] of fixed) chosen.set(index, f);
  search.assignment.forEach((c, j) => {
    if (c !== undefined) chosen.set(freeMonths[j]!, { chainId: c, source: 'planned' });
  });
  const finalUses = new Map<string, number[]>();
  for (const e of outsideYear) finalUses.set(e.chainId, [...(finalUses.get(e.chainId) ?? []), monthIndex(e.month)]);
  for (const [index, c] of chosen) finalUses.set(c.chainId, [...(finalUses.get(c.chainId) ?? []), index]);
  const occurrence = new Map<string, number>();
  let objective = 0;
  const planned: PlannedMonth[] = months.map((month) => {
    const index = monthIndex(month);
    const event = chosen.get(index);
    if (event) {
      const k = (occurrence.get(event.chainId) ?? 0) + 1;
      occurrence.set(event.chainId, k);
      const fig = figures.get(event.chainId);
      const value = (fig?.value ?? 0) * decay ** (k - 1);
      objective += value;
      const text = eventReason({ chainId: event.chainId, source: event.source, k, value, fig, decay, index, gap, candidates, finalUses, nameOf, nameEnOf });
      return { month, kind: 'event', chainId: event.chainId, chainName: nameOf(event.chainId), source: event.source, occurrence: k, value: round(value, 4), figures: fig, ...text };
    }
    if (index < from) return { month, kind: 'no_event', why: 'past', reason: `${monthLabel(month)}已过，且没有已发布的路演`, reasonEn: `${monthLabelEn(month)} is past and had no published roadshow` };
    if (blackout.has(index)) {
      const label = blackout.get(index);
      return { month, kind: 'no_event', why: 'blackout', reason: `${monthLabel(month)}为停办月份${label ? `（${label}）` : ''}`, reasonEn: `${monthLabelEn(month)} is a blackout month${label ? ` (${label})` : ''}` };
    }
    return { month, ...emptyMonthReason({ index, month, candidates, finalUses, gap, decay, exact: search.exact, minSupply: options.minSupply, minDemand: options.minDemand, nameOf, nameEnOf }) };
  });

  const leftOut = leftOutChains({ chainList: chainList.map((c) => c.id), figures, chosen, candidates, minSupply: options.minSupply, minDemand: options.minDemand, nameOf, nameEnOf });
  return { year, months: planned, leftOut, objective: { value: round(objective, 6), exact: search.exact, nodes: search.nodes, method: 'branch-and-bound' }, warnings };
}

function chainFigures(
  supply: readonly ChainSupply[],
  demand: readonly ChainDemand[],
  names: ReadonlyMap<string, unknown>,
  warn: (code: PlanWarningCode, message: string, messageEn: string, at?: { chainId?: string }) => void,
): Map<string, ChainFigures> {
  const figures = new Map<string, ChainFigures>();
  const supplyOf = new Map(supply.map((s) => [s.chainId, s]));
  const demandOf = new Map(demand.map((d) => [d.chainId, d]));
  for (const chainId of new Set([...supplyOf.keys(), ...demandOf.keys()])) {
    if (!names.has(chainId)) {
      warn('unknown_chain', `供需数据中的产业链 ${chainId} 不在产业链目录中，已忽略`, `chain ${chainId} in the supply/demand figures is not in the catalogue; ignored`, { chainId });
      continue;
    }
    const s = supplyOf.get(chainId);
    const d = demandOf.get(chainId);
    const patents = s?.patents ?? 0;
    const enterprises = d?.enterprises ?? 0;
    const supplyStrength = s?.strength ?? 0;
    const demandStrength = d?.strength ?? 0;
    const pairings = Math.min(patents, enterprises);
    figures.set(chainId, { patents, supplyStrength, enterprises, demandStrength, pairings, value: chainValue(pairings, supplyStrength, demandStrength) });
  }
  return figures;
}

/**
 * The value of a chain's first event of the year: how many patent–SME pairings it can make at
 * most, weighted by the geometric mean of the two sides' match strengths (a weak side drags it down).
 *
 * @example
 * chainValue(12, 0.81, 0.64) // 8.64
 */
export function chainValue(pairings: number, supplyStrength: number, demandStrength: number): number {
  return pairings * Math.sqrt(Math.max(0, supplyStrength) * Math.max(0, demandStrength));
}

function fixedMonths(
  options: z.infer<typeof YearPlanInput>,
  first: number,
  from: number,
  nameOf: (id: string) => string,
  warn: (code: PlanWarningCode, message: string, messageEn: string, at?: { month?: string; chainId?: string }) => void,
): Map<number, Fixed> {
  const fixed = new Map<number, Fixed>();
  const inYear = (index: number) => index >= first && index < first + 12;
  const previousInYear = options.previousEvents.filter((e) => inYear(monthIndex(e.month)));
  for (const e of [...options.published, ...previousInYear]) {
    const index = monthIndex(e.month);
    if (!inYear(index)) {
      warn('pin_outside_plan', `已发布的${monthLabel(e.month)}不在 ${options.year} 年内，只计入重复间隔`, `published ${monthLabelEn(e.month)} is outside ${options.year}; it counts for the repeat gap only`, { month: e.month, chainId: e.chainId });
      continue;
    }
    const existing = fixed.get(index);
    if (existing) {
      if (existing.chainId !== e.chainId) warn('duplicate_month', `${monthLabel(e.month)}有两场已发布路演（${nameOf(existing.chainId)}、${nameOf(e.chainId)}），保留第一场`, `${monthLabelEn(e.month)} has two published roadshows; the first is kept`, { month: e.month, chainId: e.chainId });
      continue;
    }
    fixed.set(index, { chainId: e.chainId, source: 'published' });
  }
  const pinned = new Set<number>();
  for (const pin of options.pins) {
    const index = monthIndex(pin.month);
    if (!inYear(index) || index < from) {
      warn('pin_outside_plan', `指定的${monthLabel(pin.month)}不在本次规划的月份内，已忽略`, `the pin for ${monthLabelEn(pin.month)} is outside the months being planned; ignored`, { month: pin.month, chainId: pin.chainId });
      continue;
    }
    const existing = fixed.get(index);
    if (existing?.source === 'published') {
      if (existing.chainId !== pin.chainId) warn('pin_on_published_month', `${monthLabel(pin.month)}已发布${nameOf(existing.chainId)}路演，指定的${nameOf(pin.chainId)}未采用`, `${monthLabelEn(pin.month)} is already published; the pin is not applied`, { month: pin.month, chainId: pin.chainId });
      continue;
    }
    if (pinned.has(index)) warn('duplicate_month', `${monthLabel(pin.month)}被指定了多次，采用最后一次（${nameOf(pin.chainId)}）`, `${monthLabelEn(pin.month)} is pinned more than once; the last pin is used`, { month: pin.month, chainId: pin.chainId });
    pinned.add(index);
    fixed.set(index, { chainId: pin.chainId, source: 'pinned' });
  }
  return fixed;
}

interface SearchInput {
  candidates: ReadonlyArray<{ id: string; value: number }>;
  freeMonths: readonly number[];
  uses: Map<string, number[]>;
  countInYear: Map<string, number>;
  gap: number;
  decay: number;
  maxNodes: number;
}

/**
 * Depth-first over the free months in calendar order; at each month the feasible chains are tried
 * by their marginal value, best first, then "no event". A branch is cut when its value plus an
 * upper bound on the remaining months cannot beat the best plan found. The bound relaxes the gap's
 * coupling: each chain may take as many of the remaining months as a greedy earliest-first spacing
 * allows (the most it could ever take), and the remaining months take the largest marginal values
 * on offer — the assignment problem without the gap, which with month-independent values is solved
 * by sorting. Because only strictly better plans replace the best, ties keep the first plan found:
 * stronger chains in earlier months.
 */
function branchAndBound(input: SearchInput): { assignment: Array<string | undefined>; exact: boolean; nodes: number } {
  const { candidates, freeMonths, gap, decay, maxNodes } = input;
  const uses = new Map(candidates.map((c) => [c.id, [...(input.uses.get(c.id) ?? [])]]));
  const count = new Map(candidates.map((c) => [c.id, input.countInYear.get(c.id) ?? 0]));
  const current: Array<string | undefined> = freeMonths.map(() => undefined);
  let best: Array<string | undefined> = [...current];
  let bestValue = -Infinity;
  let nodes = 0;
  let exhausted = false;

  const feasible = (id: string, month: number) => uses.get(id)!.every((u) => Math.abs(u - month) >= gap);
  const bound = (depth: number): number => {
    const remaining = freeMonths.length - depth;
    if (remaining === 0) return 0;
    const offers: number[] = [];
    for (const c of candidates) {
      let last = -Infinity;
      let n = count.get(c.id)!;
      for (let j = depth; j < freeMonths.length; j++) {
        const month = freeMonths[j]!;
        if (month - last >= gap && feasible(c.id, month)) {
          offers.push(c.value * decay ** n);
          n++;
          last = month;
        }
      }
    }
    offers.sort((a, b) => b - a);
    let sum = 0;
    for (let k = 0; k < Math.min(remaining, offers.length); k++) sum += offers[k]!;
    return sum;
  };

  const visit = (depth: number, value: number): void => {
    if (exhausted) return;
    if (++nodes > maxNodes) {
      exhausted = true;
      return;
    }
    if (depth === freeMonths.length) {
      if (value > bestValue + EPSILON) {
        bestValue = value;
        best = [...current];
      }
      return;
    }
    if (value + bound(depth) <= bestValue + EPSILON) return;
    const month = freeMonths[depth]!;
    const options = candidates
      .filter((c) => feasible(c.id, month))
      .map((c) => ({ id: c.id, marginal: c.value * decay ** count.get(c.id)! }))
      .filter((o) => o.marginal > EPSILON)
      .sort((a, b) => b.marginal - a.marginal || (a.id < b.id ? -1 : 1));
    for (const option of options) {
      current[depth] = option.id;
      uses.get(option.id)!.push(month);
      count.set(option.id, count.get(option.id)! + 1);
      visit(depth + 1, value + option.marginal);
      count.set(option.id, count.get(option.id)! - 1);
      uses.get(option.id)!.pop();
      current[depth] = undefined;
    }
    visit(depth + 1, value);
  };
  visit(0, 0);
  return { assignment: best, exact: !exhausted, nodes: Math.min(nodes, maxNodes) };
}

function nearestConflict(uses: readonly number[], index: number, gap: number, self?: number): number | undefined {
  return uses.filter((u) => u !== self && Math.abs(u - index) < gap).sort((a, b) => Math.abs(a - index) - Math.abs(b - index))[0];
}

function figuresText(name: string, fig: ChainFigures): string {
  return `${name}：可路演专利 ${fig.patents} 件（平均匹配度 ${fig.supplyStrength.toFixed(2)}），有需求的中小企业 ${fig.enterprises} 家（平均匹配度 ${fig.demandStrength.toFixed(2)}），最多可对接 ${fig.pairings} 组，价值 ${fig.value.toFixed(1)}`;
}

function figuresTextEn(name: string, fig: ChainFigures): string {
  return `${name}: ${fig.patents} pitchable patents (mean match ${fig.supplyStrength.toFixed(2)}), ${fig.enterprises} SMEs with open demands (mean match ${fig.demandStrength.toFixed(2)}), up to ${fig.pairings} pairings, value ${fig.value.toFixed(1)}`;
}

function eventReason(args: {
  chainId: string;
  source: EventSource;
  k: number;
  value: number;
  fig: ChainFigures | undefined;
  decay: number;
  index: number;
  gap: number;
  candidates: ReadonlyArray<{ id: string; value: number }>;
  finalUses: ReadonlyMap<string, number[]>;
  nameOf: (id: string) => string;
  nameEnOf: (id: string) => string;
}): { reason: string; reasonEn: string } {
  const { chainId, source, k, value, fig, decay, index, gap, nameOf, nameEnOf } = args;
  const lead = { published: '已发布，重新规划时保留', pinned: '经办人指定', planned: '优化选定' }[source];
  const leadEn = { published: 'already published, kept on re-plan', pinned: 'pinned by the broker', planned: 'chosen by the optimiser' }[source];
  const zh = [`${lead}。${fig ? figuresText(nameOf(chainId), fig) : `${nameOf(chainId)}：暂无供需数据`}`];
  const en = [`${leadEn}. ${fig ? figuresTextEn(nameEnOf(chainId), fig) : `${nameEnOf(chainId)}: no supply/demand figures`}`];
  if (k === 1) {
    zh.push(`全年第 1 场`);
    en.push(`first event of the year`);
  } else {
    zh.push(`全年第 ${k} 场，重复举办按 ${decay}^${k - 1} 折算，价值 ${value.toFixed(1)}`);
    en.push(`event ${k} of the year, a repeat worth ${decay}^${k - 1} of the first: ${value.toFixed(1)}`);
  }
  if (source === 'planned') {
    const stronger = args.candidates
      .filter((c) => c.id !== chainId && c.value > (fig?.value ?? 0) + EPSILON)
      .sort((a, b) => b.value - a.value)
      .map((c) => ({ id: c.id, conflict: nearestConflict(args.finalUses.get(c.id) ?? [], index, gap) }))
      .filter((c) => c.conflict !== undefined)
      .slice(0, 2);
    if (stronger.length > 0) {
      zh.push(`价值更高的${stronger.map((c) => `${nameOf(c.id)}（${monthLabel(monthAt(c.conflict!))}有路演，间隔不足 ${gap} 个月）`).join('、')}本月不能举办`);
      en.push(`stronger ${stronger.map((c) => `${nameEnOf(c.id)} (event in ${monthLabelEn(monthAt(c.conflict!))}, within the ${gap}-month gap)`).join(', ')} cannot be held this month`);
    }
  }
  return { reason: `${zh.join('；')}。`, reasonEn: `${en.join('; ')}.` };
}

function emptyMonthReason(args: {
  index: number;
  month: string;
  candidates: ReadonlyArray<{ id: string; value: number }>;
  finalUses: ReadonlyMap<string, number[]>;
  gap: number;
  decay: number;
  exact: boolean;
  minSupply: number;
  minDemand: number;
  nameOf: (id: string) => string;
  nameEnOf: (id: string) => string;
}): { kind: 'no_event'; why: NoEventWhy; reason: string; reasonEn: string } {
  const { index, month, candidates, finalUses, gap, nameOf, nameEnOf } = args;
  if (candidates.length === 0)
    return { kind: 'no_event', why: 'no_eligible_chain', reason: `${monthLabel(month)}不举办：没有产业链达到举办门槛（可路演专利≥${args.minSupply}件且有需求企业≥${args.minDemand}家）`, reasonEn: `no event in ${monthLabelEn(month)}: no chain reaches the minimum (${args.minSupply} pitchable patents and ${args.minDemand} SMEs)` };
  const blocked = candidates.map((c) => ({ id: c.id, conflict: nearestConflict(finalUses.get(c.id) ?? [], index, gap) }));
  if (blocked.every((b) => b.conflict !== undefined))
    return {
      kind: 'no_event',
      why: 'repeat_gap',
      reason: `${monthLabel(month)}不举办：达到门槛的产业链都在重复间隔（${gap} 个月）内：${blocked.map((b) => `${nameOf(b.id)}（${monthLabel(monthAt(b.conflict!))}）`).join('、')}`,
      reasonEn: `no event in ${monthLabelEn(month)}: every eligible chain is within its ${gap}-month repeat gap: ${blocked.map((b) => `${nameEnOf(b.id)} (${monthLabelEn(monthAt(b.conflict!))})`).join(', ')}`,
    };
  if (!args.exact)
    return { kind: 'no_event', why: 'search_limit', reason: `${monthLabel(month)}不举办：搜索预算用尽，未能证明最优`, reasonEn: `no event in ${monthLabelEn(month)}: the search budget ran out before the optimum was proven` };
  return { kind: 'no_event', why: 'no_value', reason: `${monthLabel(month)}不举办：可办的产业链本年已办过，按重复递减（${args.decay}）再办没有价值`, reasonEn: `no event in ${monthLabelEn(month)}: the chains that could be held have been held this year and a repeat adds no value (decay ${args.decay})` };
}

function leftOutChains(args: {
  chainList: readonly string[];
  figures: ReadonlyMap<string, ChainFigures>;
  chosen: ReadonlyMap<number, { chainId: string }>;
  candidates: ReadonlyArray<{ id: string; value: number }>;
  minSupply: number;
  minDemand: number;
  nameOf: (id: string) => string;
  nameEnOf: (id: string) => string;
}): LeftOutChain[] {
  const used = new Set([...args.chosen.values()].map((c) => c.chainId));
  const chosenValues = [...used].map((id) => args.figures.get(id)?.value ?? 0);
  const range = chosenValues.length === 0 ? '' : `${Math.min(...chosenValues).toFixed(1)}–${Math.max(...chosenValues).toFixed(1)}`;
  return args.chainList
    .filter((id) => !used.has(id))
    .map((chainId) => {
      const fig = args.figures.get(chainId);
      const name = args.nameOf(chainId);
      const nameEn = args.nameEnOf(chainId);
      if (!fig) return { chainId, chainName: name, why: ['no_data'], figures: undefined, reason: `${name}：没有可路演专利与需求的匹配数据`, reasonEn: `${nameEn}: no supply or demand figures` };
      const why: LeftOutWhy[] = [];
      const zh: string[] = [];
      const en: string[] = [];
      if (fig.patents < args.minSupply) {
        why.push('below_min_supply');
        zh.push(`可路演专利 ${fig.patents} 件，少于门槛 ${args.minSupply} 件`);
        en.push(`${fig.patents} pitchable patents, below the minimum of ${args.minSupply}`);
      }
      if (fig.enterprises < args.minDemand) {
        why.push('below_min_demand');
        zh.push(`有需求的中小企业 ${fig.enterprises} 家，少于门槛 ${args.minDemand} 家`);
        en.push(`${fig.enterprises} SMEs with open demands, below the minimum of ${args.minDemand}`);
      }
      if (why.length === 0 && fig.value <= 0) {
        why.push('no_value');
        zh.push('匹配度为零，举办没有价值');
        en.push('match strength is zero, an event would add nothing');
      }
      if (why.length === 0) {
        why.push('outranked');
        zh.push(`达到举办门槛，但价值 ${fig.value.toFixed(1)} 排不进全年计划${range ? `（入选产业链价值 ${range}）` : ''}，排入任何月份都会降低全年总价值`);
        en.push(`eligible, but its value ${fig.value.toFixed(1)} does not make the year's plan${range ? ` (chosen chains: ${range})` : ''}; any month given to it lowers the year's total`);
      }
      return { chainId, chainName: name, why, figures: fig, reason: `${name}：${zh.join('；')}。`, reasonEn: `${nameEn}: ${en.join('; ')}.` };
    });
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
