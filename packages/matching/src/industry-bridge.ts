/**
 * The bridge between the industries SMEs name (GB/T 4754 three-digit groups) and the IPC codes
 * patents carry, for the matcher's "IPC fit" feature. The data is derived once by
 * `scripts/build-industry-bridge.ts` into `config/industry-ipc-bridge.json` (see
 * `docs/industry-bridge.md`); this module reads it and answers both directions.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { normalizeIpc } from '@patent-bridge/domain';
import { IndustryBridge, type BridgeIndustry } from './industry-bridge/schema.ts';

export { IndustryBridge, BridgeIndustry, BridgeLink, BridgeSource, ReverseEntry } from './industry-bridge/schema.ts';

/** The committed bridge file. */
export const INDUSTRY_BRIDGE_FILE = fileURLToPath(new URL('../config/industry-ipc-bridge.json', import.meta.url));

/** A patent's further IPC codes count this much against its main (first) code. */
export const SECONDARY_CODE_FACTOR = 0.8;
/** A link met only at class level (same 3 characters, or same subclass as a group link) counts this much. */
export const CLASS_AGREEMENT_FACTOR = 0.5;

/** How a fit was reached: the industry's link, the patent code that met it, and the link's sources. */
export interface IpcFitVia {
  /** The industry's link: `A23F`, `A01` or `G06N 10`. */
  ipc: string;
  /** The three-digit industry code the link belongs to. */
  industry: string;
  /** The link's sources joined with `+`: `corpus`, `ipc-title`, `chain`, e.g. `corpus+chain`. */
  source: string;
  /** The patent's code that met the link (normalised, e.g. `A23F 3/06`). */
  patentIpc: string;
  /** `link`: the code lies under the link; `class`: they share only the class (or subclass, for a group link). */
  agreement: 'link' | 'class';
}

export interface IpcFit {
  /** 0..1: 1 when the patent's main code lies under the industry's strongest link. */
  value: number;
  via?: IpcFitVia;
}

/** An industry an IPC code stands for, from the reverse index. */
export interface IndustryForIpc {
  industry: string;
  name: string;
  /** 0..1: 1 for the industry the code stands for most (times `SECONDARY_CODE_FACTOR` for a further code). */
  value: number;
  /** The reverse-index key that matched (`A23F`, `A01`, `G06N 10`) and the patent's code. */
  via: { ipc: string; patentIpc: string };
}

let committed: IndustryBridge | undefined;

/**
 * Reads and validates the bridge (the committed `config/industry-ipc-bridge.json` unless a file is
 * given); the committed one is read once per process.
 *
 * @example
 * const bridge = loadIndustryBridge();
 * bridge.industries.length // 432
 * industryName(bridge, '153') // '精制茶加工'
 */
export function loadIndustryBridge(file: string = INDUSTRY_BRIDGE_FILE): IndustryBridge {
  if (file === INDUSTRY_BRIDGE_FILE && committed !== undefined) return committed;
  const bridge = IndustryBridge.parse(JSON.parse(readFileSync(file, 'utf8')));
  if (file === INDUSTRY_BRIDGE_FILE) committed = bridge;
  return bridge;
}

/**
 * The name of a GB/T 4754 industry group; a four-digit class code is read as its group.
 *
 * @example
 * industryName(bridge, '391')  // '计算机制造'
 * industryName(bridge, '1530') // '精制茶加工'
 * industryName(bridge, '999')  // undefined
 */
export function industryName(bridge: IndustryBridge, code: string): string | undefined {
  return findIndustry(bridge, code)?.name;
}

/**
 * How well a patent's IPC codes fit an industry, 0..1. Each code is met against the industry's
 * links: a code under a link scores the link's weight, a code sharing only the class scores
 * `CLASS_AGREEMENT_FACTOR` of it; codes after the first (the main code) count
 * `SECONDARY_CODE_FACTOR`. The best pair wins and is returned as `via`. Unknown industries,
 * industries without links and codes that are not IPC codes give 0.
 *
 * @example
 * ipcFit(bridge, '153', ['A23F 3/06'])
 * // { value: 1, via: { ipc: 'A23F', industry: '153', source: 'corpus+ipc-title+chain', patentIpc: 'A23F 3/06', agreement: 'link' } }
 * ipcFit(bridge, '153', ['A23L 2/38']) // { value: 0.5, via: { ipc: 'A23F', agreement: 'class', … } }: class A23 beats the weaker A23L link (0.33)
 * ipcFit(bridge, '153', ['H01M 10/05']) // { value: 0 }
 */
export function ipcFit(bridge: IndustryBridge, industryCode: string, ipcCodes: readonly string[]): IpcFit {
  const industry = findIndustry(bridge, industryCode);
  if (industry === undefined || industry.links.length === 0) return { value: 0 };
  let best: IpcFit = { value: 0 };
  normalizedCodes(ipcCodes).forEach((code, position) => {
    const factor = position === 0 ? 1 : SECONDARY_CODE_FACTOR;
    for (const link of industry.links) {
      const agreement = agreementOf(code, link.ipc);
      if (agreement === undefined) continue;
      const value = factor * link.weight * (agreement === 'link' ? 1 : CLASS_AGREEMENT_FACTOR);
      if (value > best.value) {
        best = { value, via: { ipc: link.ipc, industry: industry.code, source: link.sources.join('+'), patentIpc: code, agreement } };
      }
    }
  });
  return best;
}

/**
 * The industries a patent's IPC codes stand for, strongest first, from the bridge's reverse index
 * (codes after the first count `SECONDARY_CODE_FACTOR`). Only codes under a link count; class-level
 * agreement does not.
 *
 * @example
 * industriesForIpc(bridge, ['A23F 3/06'])[0]
 * // { industry: '153', name: '精制茶加工', value: 1, via: { ipc: 'A23F', patentIpc: 'A23F 3/06' } }
 * industriesForIpc(bridge, ['G06F 16/30', 'H04L 29/06'], { limit: 3 }).map((i) => i.industry) // ['654', '391', '651']
 */
export function industriesForIpc(bridge: IndustryBridge, ipcCodes: readonly string[], options: { limit?: number } = {}): IndustryForIpc[] {
  const best = new Map<string, IndustryForIpc>();
  normalizedCodes(ipcCodes).forEach((code, position) => {
    const factor = position === 0 ? 1 : SECONDARY_CODE_FACTOR;
    for (const [key, entries] of Object.entries(bridge.ipcIndex)) {
      if (agreementOf(code, key) !== 'link') continue;
      for (const entry of entries) {
        const value = factor * entry.weight;
        const current = best.get(entry.industry);
        if (current === undefined || value > current.value) {
          best.set(entry.industry, { industry: entry.industry, name: industryName(bridge, entry.industry) ?? '', value, via: { ipc: key, patentIpc: code } });
        }
      }
    }
  });
  return [...best.values()]
    .sort((x, y) => y.value - x.value || (x.industry < y.industry ? -1 : 1))
    .slice(0, options.limit ?? 10);
}

/**
 * The bridge in the shape the demand profile reads industries through (`IndustryLinks` in
 * `demand-profile.ts`): an industry's links, strongest first, and its name.
 *
 * @example
 * const industries = industryLinksOf(loadIndustryBridge());
 * industries.ipcFor('153')[0] // { ipc: 'A23F', weight: 1 }
 * industries.name('153')      // '精制茶加工'
 * const profile = demandProfile(demand, catalogue, industries);
 */
export function industryLinksOf(bridge: IndustryBridge): {
  ipcFor(industryCode: string): ReadonlyArray<{ ipc: string; weight: number }>;
  name(industryCode: string): string | undefined;
} {
  return {
    ipcFor: (industryCode) => (findIndustry(bridge, industryCode)?.links ?? []).map(({ ipc, weight }) => ({ ipc, weight })),
    name: (industryCode) => industryName(bridge, industryCode),
  };
}

/**
 * Whether a normalised IPC code lies under a link key (`A23F`, `A01`, `G06N 10`, `H04L 9/08`) or
 * only shares its class with it.
 */
function agreementOf(code: string, key: string): IpcFitVia['agreement'] | undefined {
  if (liesUnder(code, key)) return 'link';
  if (code.slice(0, 3) === key.slice(0, 3)) return 'class';
  return undefined;
}

function liesUnder(code: string, key: string): boolean {
  if (!code.startsWith(key)) return false;
  if (key.length <= 4 || key.includes('/')) return true;
  // A main-group key `G06N 10` covers `G06N 10/00`, not `G06N 100/00`.
  const next = code[key.length];
  return next === undefined || next === '/';
}

function normalizedCodes(ipcCodes: readonly string[]): string[] {
  const codes: string[] = [];
  for (const raw of ipcCodes) {
    const code = normalizeIpc(raw) ?? normalizeClass(raw);
    if (code !== undefined && !codes.includes(code)) codes.push(code);
  }
  return codes;
}

function normalizeClass(raw: string): string | undefined {
  const folded = raw.trim().toUpperCase();
  return /^[A-H]\d{2}$/.test(folded) ? folded : undefined;
}

const industryIndexes = new WeakMap<IndustryBridge, Map<string, BridgeIndustry>>();

function findIndustry(bridge: IndustryBridge, code: string): BridgeIndustry | undefined {
  let index = industryIndexes.get(bridge);
  if (index === undefined) {
    index = new Map(bridge.industries.map((industry) => [industry.code, industry]));
    industryIndexes.set(bridge, index);
  }
  const trimmed = code.trim();
  return index.get(/^\d{4}$/.test(trimmed) ? trimmed.slice(0, 3) : trimmed);
}
