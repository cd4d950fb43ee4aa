import { z } from 'zod';
import type { InventoryState, LegalStatus } from '@patent-bridge/domain';
import { chainIdsOf, ownerKeysOf, PlanningDemand, PlanningMatch, PlanningPatent, whyUnpitchable, type Unpitchable } from './eligibility.ts';
import { Month, monthIndex, monthLabel, monthLabelEn } from './month.ts';

export const LineUpWeights = z.strictObject({
  /** How well the patent answers the chain's SME demands. */
  demandFit: z.number().min(0),
  /** The owner has declared an open licence (开放许可): terms are known, a deal is quicker. */
  openLicence: z.number().min(0),
  /** The screening score (0…100, scaled to 0…1). */
  screening: z.number().min(0),
});
export type LineUpWeights = z.infer<typeof LineUpWeights>;

export const LineUpInput = z.strictObject({
  chainId: z.string().min(1),
  month: Month,
  /** K: how many patents are pitched. */
  size: z.number().int().min(1).max(100).default(8),
  /** M: at most this many patents of one owner (a co-owned patent counts for each owner). */
  maxPerOwner: z.number().int().min(1).default(2),
  /** N: a patent pitched in month p is not pitched again in months p−N…p+N (0: no rule). */
  noRepitchMonths: z.number().int().min(0).default(6),
  patents: z.array(PlanningPatent),
  demands: z.array(PlanningDemand),
  matches: z.array(PlanningMatch),
  /** Earlier (and already planned) line-ups; a line-up of this same month is the one being redone and is ignored. */
  previousLineUps: z.array(z.strictObject({ month: Month, patentIds: z.array(z.string()) })).default([]),
  /** Matches below this score do not count as answering a demand. */
  minMatchScore: z.number().min(0).max(1).default(0.3),
  weights: LineUpWeights.default({ demandFit: 0.6, openLicence: 0.2, screening: 0.2 }),
  /** MMR trade-off λ: 0 ranks by relevance alone; higher values prefer patents unlike those already chosen. */
  diversity: z.number().min(0).max(1).default(0.3),
  /** ISO date on which patents must be in force; the first day of the month by default. */
  asOf: z.iso.date().optional(),
});
export type LineUpInput = z.input<typeof LineUpInput>;

export interface LineUpChoice {
  rank: number;
  patentId: string;
  title: string;
  ownerOrganizationIds: string[];
  /** 0…1: weighted demand fit, open licence and screening. */
  relevance: number;
  /** 0…1: half the best match, half the summed best-per-enterprise matches relative to the strongest candidate. */
  demandFit: number;
  bestMatch: { demandId: string; enterpriseId: string; demandTitle: string; score: number };
  /** Enterprises of the chain with a demand this patent answers, best score each. */
  enterprises: Array<{ enterpriseId: string; score: number }>;
  openLicence: boolean;
  screeningScore: number | undefined;
  /** The most similar patent chosen before it (shared owners and audience), 0…1. */
  similarityToChosen: number;
  reason: string;
  reasonEn: string;
}

export type LineUpExclusionWhy = Unpitchable | 'pitched_recently' | 'no_demand' | 'owner_cap' | 'outranked';

export interface LineUpExclusion {
  patentId: string;
  title: string;
  why: LineUpExclusionWhy;
  reason: string;
  reasonEn: string;
}

export interface LineUp {
  chainId: string;
  month: string;
  choices: LineUpChoice[];
  /** Patents of the chain that were not chosen, each with why. */
  excluded: LineUpExclusion[];
  /** How many places are left empty (fewer good patents than K). */
  shortBy: number;
}

interface Candidate {
  patent: PlanningPatent;
  owners: string[];
  audience: Map<string, number>;
  best: { demandId: string; enterpriseId: string; demandTitle: string; score: number };
  total: number;
  demandFit: number;
  relevance: number;
}

/**
 * Chooses the K patents pitched at a chain's roadshow: those that best answer the chain's SME
 * demands, with open-licence offers and high screening scores preferred, at most M per owner,
 * diverse by MMR (owner and audience overlap), never one pitched within the last N months, only
 * granted, in-force, idle patents. Every choice and every exclusion says why.
 *
 * @example
 * const lineUp = chooseLineUp({ chainId: 'modern-agriculture-food', month: '2025-04', size: 6, maxPerOwner: 2, patents, demands, matches, previousLineUps });
 * lineUp.choices[0].reason // '第 1 位：最佳匹配 0.82（需求"杀青火候…"），可回应 3 家企业（匹配度合计 1.95）；已声明开放许可；筛选分 78；综合分 0.81。'
 */
export function chooseLineUp(input: LineUpInput): LineUp {
  const options = LineUpInput.parse(input);
  const { chainId, month } = options;
  const asOf = options.asOf ?? `${month}-01`;
  const excluded: LineUpExclusion[] = [];
  const exclude = (patent: PlanningPatent, why: LineUpExclusionWhy, reason: string, reasonEn: string) =>
    excluded.push({ patentId: patent.id, title: patent.title, why, reason, reasonEn });

  const recentPitch = recentPitches(options.previousLineUps, month, options.noRepitchMonths);
  const demands = new Map(options.demands.filter((d) => d.status === 'open').map((d) => [d.id, d]));
  const matchesOf = new Map<string, PlanningMatch[]>();
  for (const m of options.matches) if (m.score >= options.minMatchScore) matchesOf.set(m.patentId, [...(matchesOf.get(m.patentId) ?? []), m]);

  const candidates: Candidate[] = [];
  for (const patent of options.patents) {
    if (!chainIdsOf(patent).includes(chainId)) continue;
    const unpitchable = whyUnpitchable(patent, asOf);
    if (unpitchable) {
      const text = {
        not_granted: [`法律状态为${LEGAL_STATUS_ZH[patent.legalStatus]}，不是有效授权专利`, `legal status ${patent.legalStatus}, not a granted patent in force`],
        expired: [`已于 ${patent.expiryDate} 到期`, `expired on ${patent.expiryDate}`],
        not_idle: [`转化状态为${INVENTORY_STATE_ZH[patent.inventoryState]}，不是闲置专利`, `inventory state ${patent.inventoryState}, not idle`],
      }[unpitchable];
      exclude(patent, unpitchable, text[0]!, text[1]!);
      continue;
    }
    const pitched = recentPitch.get(patent.id);
    if (pitched !== undefined) {
      exclude(patent, 'pitched_recently', `已在${monthLabel(pitched)}路演，${options.noRepitchMonths} 个月内不再路演`, `pitched in ${monthLabelEn(pitched)}, not again within ${options.noRepitchMonths} months`);
      continue;
    }
    const audience = new Map<string, number>();
    let best: Candidate['best'] | undefined;
    for (const m of matchesOf.get(patent.id) ?? []) {
      const demand = demands.get(m.demandId);
      if (!demand || (demand.chains.length > 0 && !demand.chains.includes(chainId))) continue;
      audience.set(demand.enterpriseId, Math.max(audience.get(demand.enterpriseId) ?? 0, m.score));
      if (!best || m.score > best.score || (m.score === best.score && m.demandId < best.demandId))
        best = { demandId: demand.id, enterpriseId: demand.enterpriseId, demandTitle: demand.title, score: m.score };
    }
    if (!best) {
      exclude(patent, 'no_demand', `本产业链没有中小企业需求与之匹配（匹配度≥${options.minMatchScore}）`, `answers no open demand of the chain's SMEs (match ≥ ${options.minMatchScore})`);
      continue;
    }
    const total = [...audience.values()].reduce((a, b) => a + b, 0);
    candidates.push({ patent, owners: ownerKeysOf(patent), audience, best, total, demandFit: 0, relevance: 0 });
  }

  const maxTotal = Math.max(EPS, ...candidates.map((c) => c.total));
  const w = options.weights;
  const weightSum = Math.max(EPS, w.demandFit + w.openLicence + w.screening);
  for (const c of candidates) {
    c.demandFit = 0.5 * c.best.score + 0.5 * (c.total / maxTotal);
    const open = c.patent.openLicence?.declared === true ? 1 : 0;
    const screening = c.patent.screening ? clamp01(c.patent.screening.score / 100) : 0;
    c.relevance = (w.demandFit * c.demandFit + w.openLicence * open + w.screening * screening) / weightSum;
  }
  // Stable order before the greedy: relevance, then id, so equal inputs give equal line-ups.
  candidates.sort((a, b) => b.relevance - a.relevance || (a.patent.id < b.patent.id ? -1 : 1));

  const choices: LineUpChoice[] = [];
  const chosen: Candidate[] = [];
  const perOwner = new Map<string, number>();
  const remaining = new Set(candidates);
  const lambda = options.diversity;
  while (choices.length < options.size && remaining.size > 0) {
    let pick: { c: Candidate; mmr: number; sim: number } | undefined;
    for (const c of remaining) {
      if (c.owners.some((o) => (perOwner.get(o) ?? 0) >= options.maxPerOwner)) continue;
      const sim = Math.max(0, ...chosen.map((q) => similarity(c, q)));
      const mmr = (1 - lambda) * c.relevance - lambda * sim;
      if (!pick || mmr > pick.mmr + EPS) pick = { c, mmr, sim };
    }
    if (!pick) break;
    remaining.delete(pick.c);
    chosen.push(pick.c);
    for (const o of pick.c.owners) perOwner.set(o, (perOwner.get(o) ?? 0) + 1);
    choices.push(describeChoice(pick.c, choices.length + 1, lambda > 0 ? pick.sim : 0, options.maxPerOwner, perOwner));
  }
  for (const c of remaining) {
    const full = c.owners.find((o) => (perOwner.get(o) ?? 0) >= options.maxPerOwner);
    if (full) exclude(c.patent, 'owner_cap', `同一权利人已有 ${options.maxPerOwner} 件入选（每个权利人最多 ${options.maxPerOwner} 件）`, `its owner already has ${options.maxPerOwner} patents in the line-up (the maximum)`);
    else exclude(c.patent, 'outranked', `综合分 ${c.relevance.toFixed(2)}，未进入前 ${options.size} 名`, `relevance ${c.relevance.toFixed(2)}, not in the top ${options.size}`);
  }
  return { chainId, month, choices, excluded, shortBy: options.size - choices.length };
}

const EPS = 1e-9;

const LEGAL_STATUS_ZH: Record<LegalStatus, string> = {
  granted: '授权有效',
  pending: '审查中',
  lapsed: '失效',
  expired: '期限届满',
  invalidated: '被宣告无效',
  rejected: '驳回',
  withdrawn: '撤回',
  unknown: '未知',
};

const INVENTORY_STATE_ZH: Record<InventoryState, string> = {
  idle: '闲置',
  implemented: '已实施',
  licensed: '已许可',
  transferred: '已转让',
  abandoned: '已放弃',
};

/** Patents pitched within N months of `month` (either side), with the month they were pitched. */
function recentPitches(lineUps: ReadonlyArray<{ month: string; patentIds: string[] }>, month: string, n: number): Map<string, string> {
  const recent = new Map<string, string>();
  if (n === 0) return recent;
  const at = monthIndex(month);
  const ordered = [...lineUps].sort((a, b) => monthIndex(b.month) - monthIndex(a.month));
  for (const lineUp of ordered) {
    const distance = Math.abs(at - monthIndex(lineUp.month));
    if (distance === 0 || distance > n) continue;
    for (const id of lineUp.patentIds) if (!recent.has(id)) recent.set(id, lineUp.month);
  }
  return recent;
}

/**
 * How alike two candidates are for the audience: half the share of owners they have in common
 * (Jaccard), half the cosine of their enterprise-score vectors (whether they speak to the same SMEs).
 */
function similarity(a: Candidate, b: Candidate): number {
  const owners = new Set([...a.owners, ...b.owners]);
  const shared = a.owners.filter((o) => b.owners.includes(o)).length;
  let dot = 0;
  for (const [enterprise, score] of a.audience) dot += score * (b.audience.get(enterprise) ?? 0);
  const norm = (m: Map<string, number>) => Math.sqrt([...m.values()].reduce((s, v) => s + v * v, 0));
  const cosine = dot === 0 ? 0 : dot / (norm(a.audience) * norm(b.audience));
  return 0.5 * (shared / owners.size) + 0.5 * cosine;
}

function describeChoice(c: Candidate, rank: number, sim: number, maxPerOwner: number, perOwner: ReadonlyMap<string, number>): LineUpChoice {
  const open = c.patent.openLicence?.declared === true;
  const screeningScore = c.patent.screening?.score;
  const title = shorten(c.best.demandTitle || c.best.demandId, 16);
  const zh = [`第 ${rank} 位：最佳匹配 ${c.best.score.toFixed(2)}（需求"${title}"），可回应 ${c.audience.size} 家企业（匹配度合计 ${c.total.toFixed(2)}）`];
  const en = [`#${rank}: best match ${c.best.score.toFixed(2)} (demand "${title}"), answers ${c.audience.size} SME${c.audience.size === 1 ? '' : 's'} (summed match ${c.total.toFixed(2)})`];
  zh.push(open ? '已声明开放许可' : '未声明开放许可');
  en.push(open ? 'open licence declared' : 'no open licence');
  zh.push(screeningScore === undefined ? '尚未筛选评分' : `筛选分 ${Math.round(screeningScore)}`);
  en.push(screeningScore === undefined ? 'not screened yet' : `screening ${Math.round(screeningScore)}`);
  const ownersAtCap = c.owners.filter((o) => (perOwner.get(o) ?? 0) >= maxPerOwner).length;
  if (sim > 0.05) {
    zh.push(`与已入选专利相似度 ${sim.toFixed(2)}（同权利人或同一批企业），已按多样性折算`);
    en.push(`similarity ${sim.toFixed(2)} to patents already chosen (same owner or audience), discounted for diversity`);
  }
  if (ownersAtCap > 0) {
    zh.push(`其权利人已达每家 ${maxPerOwner} 件上限`);
    en.push(`its owner now has the maximum of ${maxPerOwner}`);
  }
  zh.push(`综合分 ${c.relevance.toFixed(2)}`);
  en.push(`relevance ${c.relevance.toFixed(2)}`);
  return {
    rank,
    patentId: c.patent.id,
    title: c.patent.title,
    ownerOrganizationIds: c.patent.ownerOrganizationIds,
    relevance: c.relevance,
    demandFit: c.demandFit,
    bestMatch: c.best,
    enterprises: [...c.audience].map(([enterpriseId, score]) => ({ enterpriseId, score })).sort((a, b) => b.score - a.score || (a.enterpriseId < b.enterpriseId ? -1 : 1)),
    openLicence: open,
    screeningScore,
    similarityToChosen: sim,
    reason: `${zh.join('；')}。`,
    reasonEn: `${en.join('; ')}.`,
  };
}

function shorten(text: string, chars: number): string {
  const glyphs = [...text];
  return glyphs.length <= chars ? text : `${glyphs.slice(0, chars).join('')}…`;
}

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}
