import { z } from 'zod';
import catalogueFile from '../config/chains.json' with { type: 'json' };
import type { ChainTag } from './patent.ts';

/** An industrial chain (产业链): the unit of the "one chain per month" roadshows. */
export const Chain = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string().min(1),
  nameEn: z.string().min(1),
  description: z.string(),
  /** IPC prefixes of any length: `A61K`, `A23`, `G06N 10`. */
  ipcPrefixes: z.array(z.string().min(1)),
  /** GB/T 4754 3-digit industry codes. */
  industryCodes: z.array(z.string().regex(/^\d{3}$/)),
  keywords: z.array(z.string().min(1)),
});
export type Chain = z.infer<typeof Chain>;

export const ChainCatalogue = z.strictObject({
  version: z.string(),
  note: z.string().optional(),
  chains: z.array(Chain).min(1),
});
export type ChainCatalogue = z.infer<typeof ChainCatalogue>;

/**
 * The default chain catalogue shipped in `packages/domain/config/chains.json`.
 *
 * @example
 * defaultChainCatalogue().chains.map((c) => c.id) // ['biomedicine', 'intelligent-manufacturing', …]
 */
export function defaultChainCatalogue(): ChainCatalogue {
  return ChainCatalogue.parse(catalogueFile);
}

/**
 * Tags a patent with the chains it belongs to and why: an IPC prefix rule first, otherwise a keyword
 * in the (Simplified) title or abstract. Keywords alone need the title to contain one, or the
 * abstract to contain two, so that a passing mention does not tag a patent.
 *
 * @example
 * tagChains({ ipcCodes: ['A23F 3/06'], title: '一种滚筒杀青机' }, catalogue)
 * // [{ chain: 'modern-agriculture-food', reason: 'ipc:A23' }]
 */
export function tagChains(
  patent: { ipcCodes: readonly string[]; title: string; abstract?: string | undefined },
  catalogue: ChainCatalogue,
): ChainTag[] {
  const tags: ChainTag[] = [];
  for (const chain of catalogue.chains) {
    const prefix = longestMatchingPrefix(chain.ipcPrefixes, patent.ipcCodes);
    if (prefix) {
      tags.push({ chain: chain.id, reason: `ipc:${prefix}` });
      continue;
    }
    const inTitle = chain.keywords.find((k) => patent.title.includes(k));
    if (inTitle) {
      tags.push({ chain: chain.id, reason: `keyword:${inTitle}` });
      continue;
    }
    const inAbstract = chain.keywords.filter((k) => patent.abstract?.includes(k));
    if (inAbstract.length >= 2) tags.push({ chain: chain.id, reason: `keyword:${inAbstract.slice(0, 2).join('+')}` });
  }
  return tags;
}

function longestMatchingPrefix(prefixes: readonly string[], codes: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const prefix of prefixes) {
    if (codes.some((code) => code.startsWith(prefix)) && (best === undefined || prefix.length > best.length)) best = prefix;
  }
  return best;
}
