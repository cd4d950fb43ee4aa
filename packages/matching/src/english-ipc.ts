/**
 * Which IPC subclasses an English demand is about, from the words of the English CPC titles.
 * The weights are derived once by `scripts/build-english-ipc-terms.ts` into
 * `config/english-ipc-terms.json` (stemmed title words with TF-IDF weights per subclass, no
 * title text); this module reads them and scores a text against them.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isMostlyLatin, tokenize } from '@patent-bridge/text';
import { z } from 'zod';

/** The committed terms file. */
export const ENGLISH_IPC_TERMS_FILE = fileURLToPath(new URL('../config/english-ipc-terms.json', import.meta.url));

const Subclass = z.string().regex(/^[A-H]\d{2}[A-Z]$/, 'an IPC subclass such as A23F');

export const EnglishIpcTerms = z.strictObject({
  version: z.literal(1),
  about: z.string(),
  /** The file the weights were derived from. */
  source: z.string().min(1),
  /** `TEXT_PIPELINE_VERSION` of the tokenizer that produced the stems. */
  textPipelineVersion: z.number().int().positive(),
  method: z.record(z.string(), z.union([z.number(), z.string()])),
  /** Subclass → stem → weight (TF-IDF, unit length over all the subclass's stems; the strongest kept). */
  subclasses: z.record(Subclass, z.record(z.string().min(1), z.number().gt(0).lte(1))),
});
export type EnglishIpcTerms = z.infer<typeof EnglishIpcTerms>;

/** One suggested subclass; the best of a text scores 1. */
export interface EnglishIpcMatch {
  subclass: string;
  score: number;
}

let committed: EnglishIpcTerms | undefined;
/** Stem → the subclasses listing it, built once per terms object. */
const postingsCache = new WeakMap<EnglishIpcTerms, ReadonlyMap<string, ReadonlyArray<readonly [string, number]>>>();

/**
 * Reads and validates the English IPC terms (the committed `config/english-ipc-terms.json`
 * unless a file is given); the committed one is read once per process.
 *
 * @example
 * const terms = loadEnglishIpcTerms();
 * Object.keys(terms.subclasses).length // 642
 * terms.subclasses['A23F']?.['tea']    // 0.571 (stems, as `tokenize` makes them)
 */
export function loadEnglishIpcTerms(file: string = ENGLISH_IPC_TERMS_FILE): EnglishIpcTerms {
  if (file === ENGLISH_IPC_TERMS_FILE && committed !== undefined) return committed;
  const terms = EnglishIpcTerms.parse(JSON.parse(readFileSync(file, 'utf8')));
  if (file === ENGLISH_IPC_TERMS_FILE) committed = terms;
  return terms;
}

/**
 * The stem an agent noun stands for when the vocabulary knows it: Porter keeps the `-er` of
 * short words (seeder, planter, dryer, cutter, sprayer), which CPC titles and demands use
 * alongside the activity (sowing, seeding; drying). `seeder` → `seed`, `cutter` → `cut`,
 * `sprayer` → `sprai`; a stem without such a base is returned as it is.
 *
 * @example
 * agentBase('seeder', (stem) => stem === 'seed') // 'seed'
 * agentBase('water', () => false)               // 'water'
 */
export function agentBase(stem: string, known: (stem: string) => boolean): string {
  if (stem.length < 5 || !stem.endsWith('er')) return stem;
  const base = stem.slice(0, -2);
  const candidates = [base];
  if (/([b-df-hj-np-tv-z])\1$/.test(base)) candidates.push(base.slice(0, -1));
  if (base.endsWith('y')) candidates.push(`${base.slice(0, -1)}i`);
  return candidates.find(known) ?? stem;
}

function postingsOf(terms: EnglishIpcTerms): ReadonlyMap<string, ReadonlyArray<readonly [string, number]>> {
  const cached = postingsCache.get(terms);
  if (cached !== undefined) return cached;
  const postings = new Map<string, Array<readonly [string, number]>>();
  for (const [subclass, weights] of Object.entries(terms.subclasses)) {
    for (const [stem, weight] of Object.entries(weights)) {
      let list = postings.get(stem);
      if (list === undefined) postings.set(stem, (list = []));
      list.push([subclass, weight]);
    }
  }
  postingsCache.set(terms, postings);
  return postings;
}

/**
 * Ranks the IPC subclasses an English text is about, best first, scores normalised so that the
 * best is 1.
 *
 * @example
 * const terms = loadEnglishIpcTerms();
 * classifyEnglish(terms, 'lithium battery electrode');
 * // [{ subclass: 'H01M', score: 1 }, …]
 * classifyEnglish(terms, 'wheat seeding machine', 3).map((m) => m.subclass);
 * // ['A01C', 'A23N', 'A23B']
 * classifyEnglish(terms, '茶叶杀青机'); // [] (not English)
 *
 * The text's English words are stemmed with the search tokenizer (`tokenize`, stop words
 * dropped), the same one that made the stems of the file; a subclass scores the sum of the
 * weights of the stems it lists, each counted once per occurrence in the text with diminishing
 * returns (1 + ln n). Texts that are not mostly Latin-script (`isMostlyLatin`) and texts with
 * no known word give `[]`. Ties go to the lower code, so the ranking is deterministic.
 */
export function classifyEnglish(terms: EnglishIpcTerms, text: string, limit = 5): EnglishIpcMatch[] {
  if (limit <= 0 || !isMostlyLatin(text)) return [];
  const counts = new Map<string, number>();
  const postings = postingsOf(terms);
  const known = (stem: string) => postings.has(stem);
  for (const token of tokenize(text)) {
    const stem = known(token) ? token : agentBase(token, known);
    counts.set(stem, (counts.get(stem) ?? 0) + 1);
  }
  const scores = new Map<string, number>();
  for (const [stem, count] of counts) {
    const weight = 1 + Math.log(count);
    for (const [subclass, termWeight] of postings.get(stem) ?? []) {
      scores.set(subclass, (scores.get(subclass) ?? 0) + weight * termWeight);
    }
  }
  const ranked = [...scores].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0)).slice(0, limit);
  const best = ranked[0]?.[1] ?? 0;
  if (best <= 0) return [];
  return ranked.map(([subclass, score]) => ({ subclass, score: Math.round((score / best) * 1000) / 1000 }));
}
