/**
 * The pure core of the industry bridge generator: from the industries' texts, patents with their
 * IPC subclasses, the Chinese IPC titles and the chain catalogue to each industry's weighted IPC
 * links and the reverse index. No file access; `scripts/build-industry-bridge.ts` reads the inputs.
 */
import type { Chain } from '@patent-bridge/domain';
import {
  corpusEvidence,
  indexIpcTitles,
  indexPatentCorpus,
  ipcTitleEvidence,
  type EvidenceIpcTitle,
  type EvidencePatent,
  type IpcTitleIndex,
  type PatentCorpus,
} from './evidence.ts';
import { industryQueries, type IndustryText } from './industry-query.ts';
import type { BridgeIndustry, BridgeLink, BridgeSource, IndustryBridge } from './schema.ts';

export interface BridgeInputs {
  industries: readonly IndustryText[];
  /** Patents with at least one IPC subclass; `text` is what the industry queries are matched against. */
  patents: readonly EvidencePatent[];
  /** Chinese IPC titles (section A in the shared reference files). */
  ipcTitles: readonly EvidenceIpcTitle[];
  chains: readonly Chain[];
}

export interface BridgeOptions {
  /** Times a word of the industry's name counts against one of its note. */
  nameBoost: number;
  /** Query terms kept per industry. */
  queryTerms: number;
  /** Patents taken from the top of each industry's ranking. */
  topPatents: number;
  /** A hit's contribution is (score / best) ^ this. */
  scoreExponent: number;
  /** Corpus scores are divided by (subclass share of the corpus) ^ this. */
  liftExponent: number;
  /** The lift treats a subclass as holding at least this many patents. */
  liftFloor: number;
  /** A corpus link needs this many of the top patents to carry the subclass… */
  minSupport: number;
  /** …and that count must be this many times what the subclass' share of the corpus predicts. */
  minEnrichment: number;
  /** Subclasses of the IPC-title ranking considered per industry. */
  titleCandidates: number;
  /** IPC-title scores below this share of the industry's best title score are dropped. */
  minTitleShare: number;
  /** Weight of the corpus evidence in a link (its own scale: best corpus link = 1). */
  corpusWeight: number;
  /** Weight of the IPC-title evidence (best title match = 1, times the industry's section-A share). */
  titleWeight: number;
  /** Added to an evidence link that lies under one of the industry's chains' IPC prefixes. */
  chainBoost: number;
  /** Weight, before normalisation, of a chain prefix no evidence link lies under. */
  chainOnlyWeight: number;
  /** Links kept per industry after normalisation (weakest dropped first). */
  maxLinks: number;
  /** Links below this normalised weight are dropped. */
  minLinkWeight: number;
  /** Industries kept per IPC in the reverse index. */
  maxIndustriesPerIpc: number;
  /** Decimals of stored weights. */
  precision: number;
  /**
   * GB/T 4754 divisions (first two digits) that get no links: state bodies, parties, social and
   * international organisations (门类 S and T) have no technology of their own, and their notes
   * only match patents by accident (机关, 委员会).
   */
  unlinkedDivisions: readonly string[];
  /** Leave out the chain catalogue (to measure the evidence against it). */
  withoutChains: boolean;
}

/** The settings the committed bridge is built with; `docs/industry-bridge.md` gives the measurements behind them. */
export const DEFAULT_BRIDGE_OPTIONS: BridgeOptions = {
  nameBoost: 3,
  queryTerms: 40,
  topPatents: 100,
  scoreExponent: 1,
  liftExponent: 0.5,
  liftFloor: 5,
  minSupport: 2,
  minEnrichment: 3,
  titleCandidates: 5,
  minTitleShare: 0.3,
  corpusWeight: 1,
  titleWeight: 1,
  chainBoost: 0.3,
  chainOnlyWeight: 0.15,
  maxLinks: 15,
  minLinkWeight: 0.05,
  maxIndustriesPerIpc: 12,
  precision: 3,
  unlinkedDivisions: ['90', '91', '92', '93', '94', '95', '96'],
  withoutChains: false,
};

/** What the evidence stage yields per industry: raw scores per IPC key and where each came from. */
interface Candidate {
  score: number;
  sources: Set<BridgeSource>;
  /** The raw BM25 mass of the evidence behind it (corpus hits, title match), for the reverse index. */
  mass: number;
}

/** The indexes built once per run; `buildIndustryBridge` makes them, measurements reuse them. */
export interface BridgeIndexes {
  corpus: PatentCorpus;
  titles: IpcTitleIndex;
}

/**
 * Indexes the patents and the IPC titles (the slow part: segmentation of every patent text).
 *
 * @example
 * const indexes = indexBridgeInputs(inputs);
 * const bridge = buildIndustryBridge(inputs, DEFAULT_BRIDGE_OPTIONS, indexes);
 */
export function indexBridgeInputs(inputs: Pick<BridgeInputs, 'patents' | 'ipcTitles'>): BridgeIndexes {
  return { corpus: indexPatentCorpus(inputs.patents), titles: indexIpcTitles(inputs.ipcTitles) };
}

/**
 * Builds the bridge: for each industry, its IPC links with weights (best = 1) and sources, and the
 * reverse index from IPC codes to industries. Deterministic for the same inputs and options.
 *
 * @example
 * const bridge = buildIndustryBridge({ industries, patents, ipcTitles, chains: catalogue.chains });
 * bridge.industries.find((i) => i.code === '153')?.links[0] // { ipc: 'A23F', weight: 1, sources: ['corpus', 'ipc-title', 'chain'] }
 */
export function buildIndustryBridge(
  inputs: BridgeInputs,
  options: BridgeOptions = DEFAULT_BRIDGE_OPTIONS,
  indexes: BridgeIndexes = indexBridgeInputs(inputs),
): Pick<IndustryBridge, 'industries' | 'ipcIndex'> {
  const queries = industryQueries(inputs.industries, { nameBoost: options.nameBoost, terms: options.queryTerms });
  const chainPrefixes = options.withoutChains ? new Map<string, string[]>() : chainPrefixesByIndustry(inputs.chains);
  const strengths = new Map<string, Map<string, number>>();
  const industries: BridgeIndustry[] = inputs.industries.map((industry) => {
    if (options.unlinkedDivisions.includes(industry.code.slice(0, 2))) return { code: industry.code, name: industry.name, links: [] };
    const query = queries.get(industry.code) ?? new Map<string, number>();
    const candidates = evidenceCandidates(indexes, query, options);
    addChainPrior(candidates, chainPrefixes.get(industry.code) ?? [], indexes.corpus, query, options);
    const links = finalLinks(candidates, options);
    strengths.set(industry.code, reverseStrengths(candidates, links));
    return { code: industry.code, name: industry.name, links };
  });
  return { industries, ipcIndex: reverseIndex(strengths, options) };
}

function evidenceCandidates(indexes: BridgeIndexes, query: ReadonlyMap<string, number>, options: BridgeOptions): Map<string, Candidate> {
  const candidates = new Map<string, Candidate>();
  const corpus = corpusEvidence(indexes.corpus, query, options);
  const add = (ipc: string, score: number, source: BridgeSource) => {
    const candidate = candidates.get(ipc);
    if (candidate === undefined) {
      candidates.set(ipc, { score, sources: new Set([source]), mass: corpus.mass.get(ipc) ?? 0 });
    } else {
      candidate.score += score;
      candidate.sources.add(source);
    }
  };

  const enrichment = (subclass: string) => corpus.support.get(subclass)! / (corpus.hits * (indexes.corpus.background.get(subclass) ?? 1));
  const supported = [...corpus.scores].filter(([subclass]) => corpus.support.get(subclass)! >= options.minSupport && enrichment(subclass) >= options.minEnrichment);
  const bestCorpus = Math.max(0, ...supported.map(([, score]) => score));
  for (const [subclass, score] of supported) add(subclass, (options.corpusWeight * score) / bestCorpus, 'corpus');

  // The titles cover one section only (A): their weight follows the share of the corpus evidence
  // that falls in it, so that 计算机 in a video-game title does not link computers to A63F.
  const titles = ipcTitleEvidence(indexes.titles, query, options.titleCandidates);
  const sections = new Set(indexes.titles.subclasses.map((subclass) => subclass[0]));
  const totalCorpus = [...corpus.scores.values()].reduce((sum, score) => sum + score, 0);
  const inSections = [...corpus.scores].filter(([subclass]) => sections.has(subclass[0])).reduce((sum, [, score]) => sum + score, 0);
  const sectionShare = totalCorpus === 0 ? 0 : inSections / totalCorpus;
  const bestTitle = Math.max(0, ...titles.values());
  for (const [subclass, score] of titles) {
    const share = score / bestTitle;
    if (share >= options.minTitleShare && sectionShare > 0) {
      add(subclass, options.titleWeight * share * sectionShare, 'ipc-title');
      candidates.get(subclass)!.mass += score * sectionShare;
    }
  }
  return candidates;
}

function addChainPrior(
  candidates: Map<string, Candidate>,
  prefixes: readonly string[],
  corpus: PatentCorpus,
  query: ReadonlyMap<string, number>,
  options: BridgeOptions,
): void {
  if (prefixes.length === 0) return;
  const uncovered: string[] = [];
  for (const prefix of prefixes) {
    let covered = false;
    for (const [ipc, candidate] of candidates) {
      if (!ipc.startsWith(prefix) && !prefix.startsWith(ipc)) continue;
      if (!candidate.sources.has('chain')) candidate.score += options.chainBoost;
      candidate.sources.add('chain');
      covered = true;
    }
    if (!covered) uncovered.push(prefix);
  }
  // Uncovered prefixes become weak links of their own, those the query's patents touch first.
  const touched = corpusEvidence(corpus, query, { ...options, liftExponent: 0 }).scores;
  const mass = (prefix: string) => [...touched].filter(([subclass]) => subclass.startsWith(prefix) || prefix.startsWith(subclass)).reduce((sum, [, score]) => sum + score, 0);
  const ordered = uncovered.map((prefix) => ({ prefix, mass: mass(prefix) })).sort((x, y) => y.mass - x.mass || (x.prefix < y.prefix ? -1 : 1));
  ordered.forEach(({ prefix }, rank) => {
    candidates.set(prefix, { score: options.chainOnlyWeight * (1 - rank / (2 * ordered.length)), sources: new Set(['chain']), mass: 0 });
  });
}

const SOURCE_ORDER: readonly BridgeSource[] = ['corpus', 'ipc-title', 'chain'];

function finalLinks(candidates: ReadonlyMap<string, Candidate>, options: BridgeOptions): BridgeLink[] {
  const best = Math.max(0, ...[...candidates.values()].map((candidate) => candidate.score));
  if (best === 0) return [];
  const factor = 10 ** options.precision;
  return [...candidates]
    .map(([ipc, candidate]) => ({
      ipc,
      weight: Math.round((candidate.score / best) * factor) / factor,
      sources: SOURCE_ORDER.filter((source) => candidate.sources.has(source)),
    }))
    .filter((link) => link.weight >= options.minLinkWeight)
    .sort((x, y) => y.weight - x.weight || (x.ipc < y.ipc ? -1 : 1))
    .slice(0, options.maxLinks);
}

/**
 * How strongly each kept link's code stands for the industry, for the reverse index: the link's
 * weight times the raw BM25 mass of the evidence behind it (patents found plus title match), so
 * that an industry whose note finds many patents of the code outranks one that finds a few. Links
 * from the chain catalogue alone have no evidence and stay out of the reverse index.
 */
function reverseStrengths(candidates: ReadonlyMap<string, Candidate>, links: readonly BridgeLink[]): Map<string, number> {
  return new Map(links.map((link) => [link.ipc, link.weight * candidates.get(link.ipc)!.mass]));
}

function reverseIndex(strengths: ReadonlyMap<string, ReadonlyMap<string, number>>, options: BridgeOptions): IndustryBridge['ipcIndex'] {
  const byIpc = new Map<string, { industry: string; strength: number }[]>();
  for (const [industry, links] of strengths) {
    for (const [ipc, strength] of links) {
      if (strength <= 0) continue;
      let list = byIpc.get(ipc);
      if (list === undefined) byIpc.set(ipc, (list = []));
      list.push({ industry, strength });
    }
  }
  const factor = 10 ** options.precision;
  const index: IndustryBridge['ipcIndex'] = {};
  for (const ipc of [...byIpc.keys()].sort()) {
    const list = byIpc.get(ipc)!.sort((x, y) => y.strength - x.strength || (x.industry < y.industry ? -1 : 1));
    const best = list[0]!.strength;
    const entries = list
      .slice(0, options.maxIndustriesPerIpc)
      .map(({ industry, strength }) => ({ industry, weight: Math.round((strength / best) * factor) / factor }))
      .filter((entry) => entry.weight > 0);
    if (entries.length > 0) index[ipc] = entries;
  }
  return index;
}

/**
 * The IPC prefixes of the chains that list each industry code, in catalogue order, without repeats.
 *
 * @example
 * chainPrefixesByIndustry(catalogue.chains).get('153') // ['A01', 'A21', 'A22', 'A23', 'C12G', …]
 */
export function chainPrefixesByIndustry(chains: readonly Chain[]): Map<string, string[]> {
  const byIndustry = new Map<string, string[]>();
  for (const chain of chains) {
    for (const code of chain.industryCodes) {
      let prefixes = byIndustry.get(code);
      if (prefixes === undefined) byIndustry.set(code, (prefixes = []));
      for (const prefix of chain.ipcPrefixes) if (!prefixes.includes(prefix)) prefixes.push(prefix);
    }
  }
  return byIndustry;
}
