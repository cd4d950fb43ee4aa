import { tagChains, type ChainCatalogue, type Demand } from '@patent-bridge/domain';
import { isMostlyLatin, normalizeForSearch, tokenize, translateEnglish } from '@patent-bridge/text';
import { classifyEnglish, type EnglishIpcTerms } from './english-ipc.ts';
import { weightedTerms, type WeightedTerms } from './features/text.ts';
import type { SubclassHints } from './features/classification.ts';

/** A demand prepared for matching: its search text and terms, its chains and its IPC hints. */
export interface DemandProfile {
  demand: Demand;
  /** Title, keywords and description: what hybrid search is queried with. */
  queryText: string;
  /** Title and description normalised for search (Simplified, lower case), for explanation snippets. */
  searchableText: string;
  /** Search terms of the demand, title and keywords first. */
  terms: string[];
  /** The same terms, weighted for keyword overlap. */
  weightedTerms: WeightedTerms;
  /** The demand's chains, or those its text points to when it names none. */
  chains: string[];
  chainsInferred: boolean;
  hints: SubclassHints;
  /** Chinese terms an English demand was translated to (the patents are Chinese); empty otherwise. */
  translatedTerms: string[];
}

/** What a profile is built with besides the demand. */
export interface ProfileContext {
  catalogue: ChainCatalogue;
  industries?: IndustryLinks | undefined;
  /** English → IPC subclass weights from the CPC titles, for demands written in English. */
  english?: EnglishIpcTerms | undefined;
}

/** Industry → IPC links, as the GB/T 4754 ↔ IPC bridge gives them. */
export interface IndustryLinks {
  /** IPC subclasses (4 characters) or classes (3) of an industry, strongest first, weights 0…1. */
  ipcFor(industryCode: string): ReadonlyArray<{ ipc: string; weight: number }>;
  name(industryCode: string): string | undefined;
}

export class DemandWithoutTextError extends Error {
  constructor(readonly demandId: string) {
    super(`demand ${demandId} has no usable text: its title, keywords and description hold no searchable word`);
  }
}

/**
 * Prepares a demand for matching. A demand written in English is translated to Chinese terms with
 * the project's glossary and classified against the CPC titles, because the patents are Chinese.
 * Throws `DemandWithoutTextError` when nothing in it can be searched for (only punctuation or stop
 * words).
 *
 * @example
 * const profile = demandProfile(demand, { catalogue, industries, english });
 * profile.terms // ['杀青', '自动化', '茶叶', …]
 */
export function demandProfile(demand: Demand, context: ProfileContext): DemandProfile {
  const { catalogue, industries } = context;
  const original = [demand.title, demand.keywords.join(' '), demand.description].filter((s) => s.trim()).join(' ');
  const english = isMostlyLatin(original);
  const translatedTerms = english ? translateEnglish(original).terms : [];
  const queryText = translatedTerms.length > 0 ? `${translatedTerms.join(' ')} ${original}` : original;
  const terms = [...new Set(tokenize(queryText))];
  if (terms.length === 0) throw new DemandWithoutTextError(demand.id);
  let chains = demand.chains;
  let chainsInferred = false;
  if (chains.length === 0) {
    const text = translatedTerms.length > 0 ? translatedTerms.join(' ') : `${demand.title} ${demand.keywords.join(' ')}`;
    chains = tagChains({ ipcCodes: [], title: text, abstract: translatedTerms.length > 0 ? '' : demand.description }, catalogue).map((t) => t.chain);
    chainsInferred = chains.length > 0;
  }
  const parts = [demand.title, demand.description, demand.keywords.join('、')];
  if (translatedTerms.length > 0) parts.push(`（译：${translatedTerms.join('、')}）`);
  const hints = subclassHints(demand, chains, catalogue, industries);
  const englishHints = english && context.english ? classifyEnglish(context.english, original, 5) : [];
  return {
    demand,
    queryText,
    searchableText: normalizeForSearch(sentences(parts)),
    terms,
    weightedTerms: weightedTerms(terms),
    chains,
    chainsInferred,
    hints: englishHints.length > 0 ? withHints(hints, englishHints.map((h) => ({ ipc: h.subclass, weight: 0.8 * h.score })), '英文需求所述技术领域') : hints,
    translatedTerms,
  };
}

function withHints(hints: SubclassHints, links: ReadonlyArray<{ ipc: string; weight: number }>, origin: string): SubclassHints {
  const weights = new Map(hints.weights);
  const origins = new Map(hints.origins);
  for (const { ipc, weight } of links) {
    if (weight <= (weights.get(ipc) ?? 0)) continue;
    weights.set(ipc, weight);
    origins.set(ipc, origin);
  }
  return { weights, origins };
}

/** Joins parts into one text, ending each with a full stop unless it already ends with punctuation. */
function sentences(parts: readonly string[]): string {
  return parts
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => (/[。！？.!?；;]$/.test(p) ? p : `${p}。`))
    .join('');
}

function subclassHints(demand: Demand, chains: readonly string[], catalogue: ChainCatalogue, industries?: IndustryLinks): SubclassHints {
  const weights = new Map<string, number>();
  const origins = new Map<string, string>();
  const add = (ipc: string, weight: number, origin: string) => {
    const key = ipc.replace(/\s.*$/, '').slice(0, 4).toUpperCase();
    if (key.length < 3 || weight <= (weights.get(key) ?? 0)) return;
    weights.set(key, weight);
    origins.set(key, origin);
  };
  if (demand.industryCode && industries) {
    const name = industries.name(demand.industryCode);
    for (const link of industries.ipcFor(demand.industryCode)) add(link.ipc, link.weight, `需求所在行业（${demand.industryCode}${name ? ` ${name}` : ''}）`);
  }
  for (const id of chains) {
    const chain = catalogue.chains.find((c) => c.id === id);
    for (const prefix of chain?.ipcPrefixes ?? []) add(prefix, 0.7, `"${chain!.name}"产业链`);
  }
  return { weights, origins };
}

/**
 * Adds the subclasses of the demand's best candidates as weaker hints (pseudo-relevance
 * feedback): what the closest patents are classified as is what the demand is probably about.
 *
 * @example
 * withCandidateHints(profile.hints, [['A23F 3/06'], ['A23F 3/08', 'A23N 12/08']])
 */
export function withCandidateHints(hints: SubclassHints, topIpc: ReadonlyArray<readonly string[]>, strength = 0.6): SubclassHints {
  // Votes per subclass, and per class at a lower weight: a patent in the same class but another
  // subclass is still closer to the demand than one from elsewhere.
  const votes = new Map<string, number>();
  const classVotes = new Map<string, number>();
  topIpc.forEach((codes, rank) => {
    const subclasses = new Set(codes.map((code) => code.slice(0, 4).toUpperCase()));
    for (const subclass of subclasses) votes.set(subclass, (votes.get(subclass) ?? 0) + 1 / Math.log2(rank + 2));
    for (const cls of new Set([...subclasses].map((s) => s.slice(0, 3)))) classVotes.set(cls, (classVotes.get(cls) ?? 0) + 1 / Math.log2(rank + 2));
  });
  const best = Math.max(0, ...votes.values());
  if (best === 0) return hints;
  const weights = new Map(hints.weights);
  const origins = new Map(hints.origins);
  const add = (key: string, weight: number) => {
    if (weight <= (weights.get(key) ?? 0)) return;
    weights.set(key, weight);
    origins.set(key, '需求描述所指的技术领域');
  };
  for (const [subclass, vote] of votes) add(subclass, strength * (vote / best));
  const bestClass = Math.max(0, ...classVotes.values());
  for (const [cls, vote] of classVotes) add(cls, 0.5 * strength * (vote / bestClass));
  return { weights, origins };
}
