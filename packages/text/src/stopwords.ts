/**
 * Stop words: patent boilerplate (本发明, 所述, 其特征在于…), Chinese function words and
 * English function words. The lists are versioned text files in `packages/text/dict/`.
 */
import { readDataLines } from './data-files.ts';

let stopWords: ReadonlySet<string> | undefined;

function loadStopWords(): ReadonlySet<string> {
  stopWords ??= new Set([...readDataLines('stopwords-zh.txt'), ...readDataLines('stopwords-en.txt')]);
  return stopWords;
}

/**
 * Tells whether a search token is a stop word.
 *
 * ```ts
 * isStopWord('所述');   // true  (patent boilerplate)
 * isStopWord('的');     // true
 * isStopWord('wherein'); // true
 * isStopWord('方法');   // false (kept: it separates process from apparatus patents)
 * ```
 *
 * Expects a token in search form (Simplified, lower case), as produced by
 * `normalizeForSearch`; English words are compared before stemming.
 */
export function isStopWord(token: string): boolean {
  return loadStopWords().has(token);
}
