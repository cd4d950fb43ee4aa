/**
 * Figures that say how good a bridge is, for the generator's report and `docs/industry-bridge.md`.
 */
import type { Chain } from '@patent-bridge/domain';
import { REFERENCE_LINKS } from './reference-links.ts';
import type { IndustryBridge } from './schema.ts';

export interface BridgeQuality {
  /** Industries with at least one link, and all industries. */
  coverage: { linked: number; industries: number };
  /** Against `REFERENCE_LINKS`: share found first, share found in the first five, mean reciprocal rank (first ten). */
  reference: { industries: number; hitAt1: number; hitAt5: number; mrr: number };
  /** Industries the chain catalogue lists: share whose first five links fall under (or contain) one of their chains' IPC prefixes. */
  chains: { industries: number; agreementAt5: number };
  /**
   * The reverse index against `REFERENCE_LINKS` read backwards: for each subclass the reference
   * names, the share whose first (first three) industries include one the reference links to it.
   */
  reverse: { subclasses: number; hitAt1: number; hitAt3: number };
}

/**
 * Measures a bridge against the hand-checked reference links and the chain catalogue, and counts
 * the industries that have links.
 *
 * @example
 * measureBridge({ industries: [{ code: '153', name: '精制茶加工', links: [{ ipc: 'A23F', weight: 1, sources: ['corpus'] }] }], ipcIndex: { A23F: [{ industry: '153', weight: 1 }] } }, catalogue.chains)
 * // { coverage: { linked: 1, industries: 1 }, reference: { industries: 104, hitAt1: 0.0096…, … }, … }
 */
export function measureBridge(bridge: Pick<IndustryBridge, 'industries' | 'ipcIndex'>, chains: readonly Chain[]): BridgeQuality {
  const ranked = new Map(bridge.industries.map((industry) => [industry.code, industry.links.map((link) => link.ipc)]));
  const linked = bridge.industries.filter((industry) => industry.links.length > 0).length;

  let hitAt1 = 0;
  let hitAt5 = 0;
  let reciprocal = 0;
  const referenceCodes = Object.keys(REFERENCE_LINKS);
  for (const code of referenceCodes) {
    const expected = REFERENCE_LINKS[code]!;
    const links = ranked.get(code) ?? [];
    const rank = links.slice(0, 10).findIndex((link) => expected.some((prefix) => overlaps(link, prefix)));
    if (rank === 0) hitAt1++;
    if (rank >= 0 && rank < 5) hitAt5++;
    if (rank >= 0) reciprocal += 1 / (rank + 1);
  }

  const prefixesByIndustry = new Map<string, Set<string>>();
  for (const chain of chains) {
    for (const code of chain.industryCodes) {
      let prefixes = prefixesByIndustry.get(code);
      if (prefixes === undefined) prefixesByIndustry.set(code, (prefixes = new Set()));
      for (const prefix of chain.ipcPrefixes) prefixes.add(prefix);
    }
  }
  let agreeing = 0;
  for (const [code, prefixes] of prefixesByIndustry) {
    const links = ranked.get(code) ?? [];
    if (links.slice(0, 5).some((link) => [...prefixes].some((prefix) => overlaps(link, prefix)))) agreeing++;
  }

  const subclasses = [...new Set(Object.values(REFERENCE_LINKS).flat().filter((prefix) => prefix.length === 4))].sort();
  let reverseAt1 = 0;
  let reverseAt3 = 0;
  for (const subclass of subclasses) {
    const expected = referenceCodes.filter((code) => REFERENCE_LINKS[code]!.some((prefix) => subclass.startsWith(prefix)));
    const industries = (bridge.ipcIndex[subclass] ?? []).map((entry) => entry.industry);
    const rank = industries.findIndex((industry) => expected.includes(industry));
    if (rank === 0) reverseAt1++;
    if (rank >= 0 && rank < 3) reverseAt3++;
  }

  const share = (count: number, total: number) => (total === 0 ? 0 : count / total);
  return {
    coverage: { linked, industries: bridge.industries.length },
    reference: {
      industries: referenceCodes.length,
      hitAt1: share(hitAt1, referenceCodes.length),
      hitAt5: share(hitAt5, referenceCodes.length),
      mrr: share(reciprocal, referenceCodes.length),
    },
    chains: { industries: prefixesByIndustry.size, agreementAt5: share(agreeing, prefixesByIndustry.size) },
    reverse: { subclasses: subclasses.length, hitAt1: share(reverseAt1, subclasses.length), hitAt3: share(reverseAt3, subclasses.length) },
  };
}

/** A link and a prefix agree when one lies under the other (`A01B` under `A01`, `G06N` over `G06N 10`). */
function overlaps(link: string, prefix: string): boolean {
  return link.startsWith(prefix) || prefix.startsWith(link);
}
