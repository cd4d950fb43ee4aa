import { z } from 'zod';
import { chainIdsOf, PlanningDemand, PlanningMatch, PlanningPatent, whyUnpitchable } from './eligibility.ts';

/** What a chain can offer at a roadshow: idle, granted patents with a strong match to one of its SMEs. */
export const ChainSupply = z.strictObject({
  chainId: z.string().min(1),
  /** How many such patents. */
  patents: z.number().int().nonnegative(),
  /** Mean of those patents' best match scores (0…1). */
  strength: z.number().min(0).max(1),
});
export type ChainSupply = z.infer<typeof ChainSupply>;

/** Who would come: SMEs of the chain with an open demand strongly matched by one of its pitchable patents. */
export const ChainDemand = z.strictObject({
  chainId: z.string().min(1),
  /** How many such enterprises. */
  enterprises: z.number().int().nonnegative(),
  /** Mean of those enterprises' best match scores (0…1). */
  strength: z.number().min(0).max(1),
});
export type ChainDemand = z.infer<typeof ChainDemand>;

export const ChainReadinessInput = z.object({
  patents: z.array(PlanningPatent),
  demands: z.array(PlanningDemand),
  matches: z.array(PlanningMatch),
  /** A match at or above this score counts (the matcher's `strongMatchScore`). */
  strongMatchScore: z.number().min(0).max(1).default(0.6),
  /** ISO date on which patents must still be in force. */
  asOf: z.iso.date(),
});
export type ChainReadinessInput = z.input<typeof ChainReadinessInput>;

/**
 * Supply and demand per chain, the inputs of `planYear`, from plain patents, demands and matches.
 * A strong match counts for a chain when the patent is tagged with it and the demand names it (a
 * demand that names no chain takes its matched patent's chains). Only pitchable patents (granted,
 * in force on `asOf`, idle) and open demands count.
 *
 * @example
 * chainReadiness({ patents, demands, matches, asOf: '2025-01-01' })
 * // { supply: [{ chainId: 'biomedicine', patents: 14, strength: 0.71 }, …], demand: [{ chainId: 'biomedicine', enterprises: 9, strength: 0.68 }, …] }
 */
export function chainReadiness(input: ChainReadinessInput): { supply: ChainSupply[]; demand: ChainDemand[] } {
  const { patents, demands, matches, strongMatchScore, asOf } = ChainReadinessInput.parse(input);
  const pitchable = new Map(patents.filter((p) => whyUnpitchable(p, asOf) === undefined).map((p) => [p.id, chainIdsOf(p)]));
  const openDemands = new Map(demands.filter((d) => d.status === 'open').map((d) => [d.id, d]));
  // chain → patent → best score, and chain → enterprise → best score
  const patentBest = new Map<string, Map<string, number>>();
  const enterpriseBest = new Map<string, Map<string, number>>();
  const raise = (table: Map<string, Map<string, number>>, chain: string, key: string, score: number) => {
    const row = table.get(chain) ?? new Map<string, number>();
    table.set(chain, row);
    row.set(key, Math.max(row.get(key) ?? 0, score));
  };
  for (const match of matches) {
    if (match.score < strongMatchScore) continue;
    const patentChains = pitchable.get(match.patentId);
    const demand = openDemands.get(match.demandId);
    if (!patentChains || !demand) continue;
    const chains = demand.chains.length > 0 ? patentChains.filter((c) => demand.chains.includes(c)) : patentChains;
    for (const chain of chains) {
      raise(patentBest, chain, match.patentId, match.score);
      raise(enterpriseBest, chain, demand.enterpriseId, match.score);
    }
  }
  const summarise = (row: Map<string, number>) => ({ count: row.size, strength: round(mean([...row.values()])) });
  const chains = [...new Set([...patentBest.keys()])].sort();
  return {
    supply: chains.map((chainId) => {
      const s = summarise(patentBest.get(chainId)!);
      return { chainId, patents: s.count, strength: s.strength };
    }),
    demand: chains.map((chainId) => {
      const s = summarise(enterpriseBest.get(chainId)!);
      return { chainId, enterprises: s.count, strength: s.strength };
    }),
  };
}

function mean(values: number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

function round(value: number): number {
  return Math.round(Math.min(1, Math.max(0, value)) * 1000) / 1000;
}
