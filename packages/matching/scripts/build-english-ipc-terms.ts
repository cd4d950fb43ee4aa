/**
 * Generates `packages/matching/config/english-ipc-terms.json`, the English words of each IPC
 * subclass, from the English CPC titles in the shared datasets (subclass and main-group lines):
 * for every subclass its strongest stems with TF-IDF weights. Only derived weights are written,
 * never the title texts. `src/english-ipc.ts` reads the file.
 *
 *   cd /work/main && npx tsx packages/matching/scripts/build-english-ipc-terms.ts
 *
 * `PB_SHARED_DATASETS` points at another copy of the shared datasets.
 */
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { loadCpcTitlesEn, sharedDatasetsRoot, type CpcTitle } from '@patent-bridge/datasets';
import { TEXT_PIPELINE_VERSION, tokenize } from '@patent-bridge/text';
import { agentBase, ENGLISH_IPC_TERMS_FILE, EnglishIpcTerms } from '../src/english-ipc.ts';

export interface EnglishIpcOptions {
  /** Stems kept per subclass, strongest first. */
  termsPerSubclass: number;
  /** How many times the subclass's own title counts against one main-group title. */
  subclassTitleWeight: number;
  /**
   * Each subclass's weights are divided by its vector length to this power (1: unit length, 0:
   * none). Full normalisation lets a subclass with a few short titles win on one shared word.
   * Measured with the 37k English phrases of the shared USPPPM set, their CPC class as the answer
   * (a top-5 subclass in that class): 17.6% at 1, 18.8% at 0.5, 19.1% at 0.25, 19.4% at 0; and
   * on the 7 English evaluation demands (a labelled subclass in the top 5): 3, 5, 5 and 4.
   */
  lengthExponent: number;
  /** Decimal places of the weights. */
  precision: number;
}

export const DEFAULT_ENGLISH_IPC_OPTIONS: EnglishIpcOptions = { termsPerSubclass: 40, subclassTitleWeight: 2, lengthExponent: 0.25, precision: 3 };

/** The shared datasets file the titles come from (`loadCpcTitlesEn` reads it). */
export const CPC_TITLES_EN_SOURCE = 'reference/cpc-titles-subclass-maingroup-en.tsv';

const SUBCLASS = /^[A-H]\d{2}[A-Z]$/;
/** CPC-only indexing subclasses (A23V, B29L…): no patent is classified there first. */
const INDEXING_SCHEME = /^INDEXING SCHEME/i;
/** References to other places of the scheme: `A01C5/00`, `A01B 35/00`, `B21D`, `E01`. */
const CODE_REFERENCE = /\b[A-HY]\d{2}(?:[A-Z](?:\s*\d{1,4}\/\d{2,6})?)?\b/g;

/**
 * A title without what points elsewhere: parenthesised notes (references, exclusions,
 * "takes precedence") are removed at any depth, CPC's `{…}` additions are kept without their
 * braces, and codes left in the text are dropped.
 *
 * @example
 * titleText('Fertiliser distributors ({combined with seeders} A01C7/06)') // 'Fertiliser distributors '
 * titleText('Ploughs with oscillating, digging or piercing tools {driven or not}')
 * // 'Ploughs with oscillating, digging or piercing tools driven or not'
 */
export function titleText(title: string): string {
  let depth = 0;
  let kept = '';
  for (const char of title) {
    if (char === '(') depth++;
    else if (char === ')') depth = Math.max(0, depth - 1);
    else if (depth === 0 && char !== '{' && char !== '}') kept += char;
  }
  return kept.replace(CODE_REFERENCE, ' ');
}

/**
 * The stem counts of every IPC subclass: its own title (weighted) and its main-group titles.
 * Section Y and CPC's indexing-scheme subclasses are left out.
 *
 * @example
 * const bags = subclassStemCounts(await loadCpcTitlesEn(sharedDatasetsRoot()), DEFAULT_ENGLISH_IPC_OPTIONS);
 * bags.get('A23F')?.get('tea') // 4 (twice in the title, weighted 2, plus `Tea; Tea substitutes…`)
 */
export function subclassStemCounts(titles: readonly CpcTitle[], options: EnglishIpcOptions): Map<string, Map<string, number>> {
  const bags = new Map<string, Map<string, number>>();
  for (const title of titles) {
    if (title.level !== 'subclass' || !SUBCLASS.test(title.code) || INDEXING_SCHEME.test(title.title)) continue;
    bags.set(title.code, new Map());
  }
  for (const title of titles) {
    const subclass = title.code.slice(0, 4);
    const bag = bags.get(subclass);
    if (bag === undefined) continue;
    const weight = title.level === 'subclass' ? options.subclassTitleWeight : title.level === 'main-group' ? 1 : 0;
    if (weight === 0) continue;
    for (const stem of tokenize(titleText(title.title))) {
      if (/^\d+$/.test(stem)) continue;
      bag.set(stem, (bag.get(stem) ?? 0) + weight);
    }
  }
  for (const [subclass, bag] of bags) if (bag.size === 0) bags.delete(subclass);
  return conflateAgentNouns(bags);
}

/** Counts `seeder` as `seed` (see `agentBase`) wherever some subclass uses the base stem. */
function conflateAgentNouns(bags: Map<string, Map<string, number>>): Map<string, Map<string, number>> {
  const vocabulary = new Set<string>();
  for (const bag of bags.values()) for (const stem of bag.keys()) vocabulary.add(stem);
  const known = (stem: string) => vocabulary.has(stem);
  for (const [subclass, bag] of bags) {
    const merged = new Map<string, number>();
    for (const [stem, count] of bag) {
      const base = agentBase(stem, known);
      merged.set(base, (merged.get(base) ?? 0) + count);
    }
    bags.set(subclass, merged);
  }
  return bags;
}

/**
 * TF-IDF over the subclasses as documents: `(1 + ln tf) · ln(N / df)`, divided by the subclass's
 * vector length to the power `lengthExponent`, scaled so that the largest weight of all is 1,
 * then the strongest `termsPerSubclass` stems of each subclass kept (ties by stem, so the output
 * is deterministic).
 *
 * @example
 * const weights = tfIdfWeights(bags, DEFAULT_ENGLISH_IPC_OPTIONS);
 * Object.keys(weights['A23F'] ?? {}) // ['tea', 'coffe', 'infus', 'substitut', …]
 */
export function tfIdfWeights(bags: ReadonlyMap<string, ReadonlyMap<string, number>>, options: EnglishIpcOptions): Record<string, Record<string, number>> {
  const documentFrequency = new Map<string, number>();
  for (const bag of bags.values()) for (const stem of bag.keys()) documentFrequency.set(stem, (documentFrequency.get(stem) ?? 0) + 1);
  const documents = bags.size;
  const scale = 10 ** options.precision;
  const scaled = new Map<string, Array<readonly [string, number]>>();
  let strongest = 0;
  for (const subclass of [...bags.keys()].sort()) {
    const raw = [...bags.get(subclass)!].map(([stem, count]) => [stem, (1 + Math.log(count)) * Math.log(documents / documentFrequency.get(stem)!)] as const);
    const length = Math.hypot(...raw.map(([, weight]) => weight));
    if (length === 0) continue;
    const divisor = length ** options.lengthExponent;
    scaled.set(subclass, raw.map(([stem, weight]) => [stem, weight / divisor] as const));
    for (const [, weight] of raw) strongest = Math.max(strongest, weight / divisor);
  }
  const result: Record<string, Record<string, number>> = {};
  for (const [subclass, raw] of scaled) {
    const kept = raw
      .map(([stem, weight]) => [stem, Math.round((weight / strongest) * scale) / scale] as const)
      .filter(([, weight]) => weight > 0)
      .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
      .slice(0, options.termsPerSubclass);
    if (kept.length > 0) result[subclass] = Object.fromEntries(kept);
  }
  return result;
}

/**
 * Builds the whole terms file from the CPC titles.
 *
 * @example
 * const terms = buildEnglishIpcTerms(await loadCpcTitlesEn(sharedDatasetsRoot()));
 * terms.subclasses['H01M'] // { cell: 0.488, electrochem: 0.473, batteri: 0.453, … }
 */
export function buildEnglishIpcTerms(titles: readonly CpcTitle[], options: EnglishIpcOptions = DEFAULT_ENGLISH_IPC_OPTIONS): EnglishIpcTerms {
  const weights = tfIdfWeights(subclassStemCounts(titles, options), options);
  return EnglishIpcTerms.parse({
    version: 1,
    about:
      'English words of each IPC subclass, generated by packages/matching/scripts/build-english-ipc-terms.ts from the English CPC ' +
      'titles (subclass and main-group lines; references in parentheses dropped); do not edit by hand. Stems are those of ' +
      '@patent-bridge/text tokenize(), agent nouns folded into their activity (seeder → seed); weights are TF-IDF over subclasses, ' +
      'divided by the subclass vector length to the power lengthExponent and scaled so the largest is 1; the strongest kept per subclass. ' +
      'Read by classifyEnglish() (src/english-ipc.ts).',
    source: `shared datasets ${CPC_TITLES_EN_SOURCE} (CPC titles 2022.02)`,
    textPipelineVersion: TEXT_PIPELINE_VERSION,
    method: {
      termsPerSubclass: options.termsPerSubclass,
      subclassTitleWeight: options.subclassTitleWeight,
      tf: '1 + ln(count)',
      idf: 'ln(subclasses / subclasses with the stem)',
      lengthExponent: options.lengthExponent,
      precision: options.precision,
    },
    subclasses: weights,
  });
}

/**
 * The file's text: one subclass per line, so that a regeneration diffs line by line.
 *
 * @example
 * writeFileSync(ENGLISH_IPC_TERMS_FILE, formatEnglishIpcTerms(terms));
 */
export function formatEnglishIpcTerms(terms: EnglishIpcTerms): string {
  const { subclasses, ...head } = terms;
  const headText = JSON.stringify(head, null, 2).replace(/\n}$/, '');
  const lines = Object.entries(subclasses).map(([subclass, weights]) => `    ${JSON.stringify(subclass)}: ${JSON.stringify(weights)}`);
  return `${headText},\n  "subclasses": {\n${lines.join(',\n')}\n  }\n}\n`;
}

async function main(): Promise<void> {
  const titles = await loadCpcTitlesEn(sharedDatasetsRoot());
  const terms = buildEnglishIpcTerms(titles);
  const text = formatEnglishIpcTerms(terms);
  EnglishIpcTerms.parse(JSON.parse(text));
  writeFileSync(ENGLISH_IPC_TERMS_FILE, text);
  const subclasses = Object.keys(terms.subclasses).length;
  const stems = Object.values(terms.subclasses).reduce((sum, weights) => sum + Object.keys(weights).length, 0);
  console.log(`read ${titles.length} CPC titles; ${subclasses} subclasses, ${stems} weighted stems`);
  console.log(`wrote ${ENGLISH_IPC_TERMS_FILE} (${(Buffer.byteLength(text) / 1024).toFixed(0)} KB)`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
