import type { ChainCatalogue } from '@patent-bridge/domain';
import type { FeatureValue } from './feature.ts';

/** The IPC subclasses a demand is likely to be answered from, with a weight 0…1 and where each came from. */
export interface SubclassHints {
  weights: ReadonlyMap<string, number>;
  /** Human-readable origin of each hint, e.g. `行业 153 精制茶加工`. */
  origins: ReadonlyMap<string, string>;
}

/**
 * IPC fit: how strongly the patent's subclasses are among those the demand's industry (through
 * the GB/T 4754 ↔ IPC bridge), its chains and its text point to.
 *
 * @example
 * ipcFitFeature(['A23F 3/06'], hints) // { value: 1, reason: 'IPC A23F 属于需求所在行业（153 精制茶加工）' }
 */
export function ipcFitFeature(patentIpc: readonly string[], hints: SubclassHints): FeatureValue {
  if (hints.weights.size === 0) return { value: 0.5 };
  let best = 0;
  let bestSubclass: string | undefined;
  patentIpc.forEach((code, i) => {
    const subclass = code.slice(0, 4).toUpperCase();
    const hinted = Math.max(hints.weights.get(subclass) ?? 0, hints.weights.get(subclass.slice(0, 3)) ?? 0);
    // The main (first) code counts fully, further codes a little less.
    const weight = hinted * (i === 0 ? 1 : 0.8);
    if (weight > best) {
      best = weight;
      bestSubclass = subclass;
    }
  });
  if (!bestSubclass || best < 0.2) return { value: best };
  const origin = hints.origins.get(bestSubclass) ?? hints.origins.get(bestSubclass.slice(0, 3));
  return { value: best, reason: origin ? `IPC ${bestSubclass} 属于${origin}` : `IPC ${bestSubclass} 与需求领域相符` };
}

/**
 * Chain match: the patent belongs to one of the demand's industrial chains (named by the demand,
 * or `inferred` from its words).
 *
 * @example
 * chainFeature(['modern-agriculture-food'], ['modern-agriculture-food'], catalogue) // { value: 1, reason: '同属"现代农业与食品"产业链' }
 */
export function chainFeature(demandChains: readonly string[], patentChains: readonly string[], catalogue: ChainCatalogue, inferred = false): FeatureValue {
  if (demandChains.length === 0) return { value: 0.5 };
  const shared = demandChains.find((c) => patentChains.includes(c));
  if (shared) {
    const name = catalogue.chains.find((c) => c.id === shared)?.name ?? shared;
    return { value: 1, reason: `同属"${name}"产业链` };
  }
  // Chains guessed from the demand's words are only a hint: missing them is no evidence against.
  if (inferred) return { value: 0.5 };
  return { value: patentChains.length === 0 ? 0.3 : 0 };
}
