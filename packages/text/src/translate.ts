/**
 * English demand text → Chinese search terms, through the project's technical glossary
 * (`dict/en-zh-glossary.tsv`). The patent index is Chinese, so an SME demand written in
 * English finds nothing until its technology words are put into the Chinese that patents use.
 */
import { readDataLines } from './data-files.ts';
import { latinTokens } from './english.ts';
import { normalizeForSearch } from './normalize.ts';
import { isStopWord } from './stopwords.ts';
import { tokenize } from './tokenize.ts';

/** The glossary's file name in `packages/text/dict/`. */
export const GLOSSARY_FILE = 'en-zh-glossary.tsv';

/** What `translateEnglish` found in a text. */
export interface EnglishTranslation {
  /** Chinese search terms, in the order of the text, without duplicates. */
  terms: string[];
  /** Content words the glossary does not know, lower case as written, without duplicates. */
  unknown: string[];
}

interface Glossary {
  /** Stems of the English side joined by a space → the Chinese terms. */
  entries: ReadonlyMap<string, readonly string[]>;
  /** Words in the longest English phrase. */
  longestPhrase: number;
}

/** One word of the text: its stem, the word as written, and whether it is a stop word. */
interface Word {
  stem: string;
  surface: string;
  stop: boolean;
}

const HAN_GLOBAL = /\p{Script=Han}/gu;
const LETTER = /\p{L}/u;
const LETTER_GLOBAL = /\p{L}/gu;
/** Han runs, words, and everything else; hyphens, apostrophes and slashes keep a phrase together. */
const PIECE = /(\p{Script=Han}+)|((?:(?!\p{Script=Han})[\p{L}\p{N}])+)|([-'’/]+)|(\S)/gu;
const WORD = /[\p{L}\p{N}]+/gu;

/** Below this share of Han characters among the letters, a text is taken for English. */
const MAX_HAN_SHARE = 0.1;

let glossary: Glossary | undefined;

/** The stems a glossary phrase or a text word is compared by: stop words kept, Porter-stemmed. */
function stemsOf(phrase: string): string[] {
  return [...normalizeForSearch(phrase).matchAll(WORD)].flatMap(([word]) => latinTokens(word, true));
}

function loadGlossary(): Glossary {
  if (glossary !== undefined) return glossary;
  const entries = new Map<string, readonly string[]>();
  let longestPhrase = 1;
  for (const line of readDataLines(GLOSSARY_FILE)) {
    const [english = '', chinese = '', domain = '', ...rest] = line.split('\t');
    const key = stemsOf(english);
    const terms = chinese.split('|').map((term) => term.trim()).filter((term) => term !== '');
    if (key.length === 0 || terms.length === 0 || domain === '' || rest.length > 0) {
      throw new Error(`${GLOSSARY_FILE}: malformed entry "${line}"`);
    }
    const joined = key.join(' ');
    if (entries.has(joined)) throw new Error(`${GLOSSARY_FILE}: "${english}" stems like an earlier entry (${joined})`);
    entries.set(joined, terms);
    longestPhrase = Math.max(longestPhrase, key.length);
  }
  glossary = { entries, longestPhrase };
  return glossary;
}

/**
 * Splits search-form text into clauses of words (phrases never span punctuation or Chinese)
 * and hands Han runs over as they are.
 */
function* clauses(normalized: string): Generator<{ words: Word[] } | { han: string }> {
  let words: Word[] = [];
  for (const [, han, word, joiner] of normalized.matchAll(PIECE)) {
    if (word !== undefined) {
      const stop = isStopWord(word);
      for (const stem of latinTokens(word, true)) words.push({ stem, surface: word, stop });
      continue;
    }
    if (joiner !== undefined) continue;
    if (words.length > 0) yield { words };
    words = [];
    if (han !== undefined) yield { han };
  }
  if (words.length > 0) yield { words };
}

/**
 * Translates the technology words of an English text into the Chinese terms patents use.
 *
 * @example
 * translateEnglish('Automatic seam tracking for our welding robots');
 * // { terms: ['自动', '焊缝跟踪', '焊缝', '焊接', '机器人'], unknown: [] }
 * translateEnglish('A heat pump dryer for green tea');
 * // { terms: ['热泵', '烘干机', '干燥机', '绿茶'], unknown: [] }
 * translateEnglish('Robotic deburring of castings, Jiaozhou');
 * // { terms: ['机器人', '去毛刺', '铸造'], unknown: ['jiaozhou'] }
 *
 * The text is put in search form (`normalizeForSearch`) and cut into words with the
 * package's English tokenizer (Porter stems, stop words kept for matching). Glossary
 * entries (`dict/en-zh-glossary.tsv`) match by stem, so "robots" and "robotic" both find
 * "robot"; the longest phrase wins ("seam tracking" → 焊缝跟踪 before "tracking" → 跟踪), and
 * phrases never run across punctuation. Every Chinese term of a matched entry is returned,
 * in text order, once. Content words (not stop words, with a letter) that no entry covers
 * are reported in `unknown`. Chinese in the text is already in the patents' language: its
 * words (`tokenize`) are passed through into `terms` untouched. Deterministic.
 */
export function translateEnglish(text: string): EnglishTranslation {
  const { entries, longestPhrase } = loadGlossary();
  const terms = new Set<string>();
  const unknown = new Set<string>();
  for (const clause of clauses(normalizeForSearch(text))) {
    if ('han' in clause) {
      for (const word of tokenize(clause.han)) terms.add(word);
      continue;
    }
    const { words } = clause;
    let at = 0;
    while (at < words.length) {
      let matched = 0;
      for (let length = Math.min(longestPhrase, words.length - at); length > 0; length--) {
        const found = entries.get(words.slice(at, at + length).map((word) => word.stem).join(' '));
        if (found === undefined) continue;
        for (const term of found) terms.add(term);
        matched = length;
        break;
      }
      if (matched === 0) {
        const word = words[at]!;
        if (!word.stop && LETTER.test(word.surface)) unknown.add(word.surface);
        matched = 1;
      }
      at += matched;
    }
  }
  return { terms: [...terms], unknown: [...unknown] };
}

/**
 * Tells whether a text is written in a Latin-script language rather than Chinese: fewer
 * than 10% of its letters are Han characters.
 *
 * @example
 * isMostlyLatin('Laser welding of aluminium battery trays'); // true
 * isMostlyLatin('Tea fixation (杀青) machine for green tea');  // true
 * isMostlyLatin('茶叶杀青机 for green tea');                   // false
 * isMostlyLatin('2024');                                      // false (no letters)
 */
export function isMostlyLatin(text: string): boolean {
  const letters = text.match(LETTER_GLOBAL)?.length ?? 0;
  if (letters === 0) return false;
  const han = text.match(HAN_GLOBAL)?.length ?? 0;
  return han / letters < MAX_HAN_SHARE;
}
