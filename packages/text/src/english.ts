/**
 * Tokens of non-Chinese runs (English words, model numbers, formulas): lower-case words
 * stemmed with Porter, digits kept where they identify something (5g, cas9, 18650).
 */
import { stemmer } from 'stemmer';
import { isStopWord } from './stopwords.ts';

/** Letters (any script but Han) and digits; everything else separates words. */
const WORD = /[\p{L}\p{N}]+/gu;
const HAN = /\p{Script=Han}/u;
const ASCII_LETTERS = /^[a-z]+$/;
const DIGITS = /^\p{N}+$/u;

/**
 * Pure numbers shorter than this are dropped: reference numerals ("机架（1）"),
 * quantities and ranges ("20～25天") are noise for search, while three or more digits are
 * usually a grade or model (304不锈钢, 18650电池, 6061铝合金).
 */
const MIN_NUMBER_LENGTH = 3;

/**
 * Splits a non-Chinese run into search tokens.
 *
 * ```ts
 * latinTokens('crispr-cas9', false);    // ['crispr', 'cas9']
 * latinTokens('antenna arrays', false); // ['antenna', 'arrai']
 * ```
 *
 * Expects search form (lower case). Drops single characters, short pure numbers and
 * English stop words (unless `keepStopWords`); stems ASCII words with Porter; keeps
 * mixed letter-digit words (5g, n2o, 60co) unstemmed.
 */
export function latinTokens(run: string, keepStopWords: boolean): string[] {
  const tokens: string[] = [];
  for (const [word] of run.matchAll(WORD)) {
    if (HAN.test(word)) continue; // never happens for jieba output; kept as a guard
    if ([...word].length < 2) continue;
    if (DIGITS.test(word)) {
      if (word.length >= MIN_NUMBER_LENGTH) tokens.push(word);
      continue;
    }
    if (!keepStopWords && isStopWord(word)) continue;
    tokens.push(ASCII_LETTERS.test(word) ? stemmer(word) : word);
  }
  return tokens;
}
