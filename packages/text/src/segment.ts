/**
 * Word segmentation of search-form text with jieba (precise mode, HMM on for words
 * missing from the dictionaries) and the patent-domain user dictionary.
 */
import { getSegmenter } from './dictionary.ts';
import { normalizeForSearch } from './normalize.ts';

/** A token with at least one letter or digit; jieba also returns spaces and punctuation. */
const HAS_WORD_CHARACTER = /[\p{L}\p{N}]/u;

/** A word of the precise segmentation and the shorter dictionary words inside it. */
export interface SegmentedWord {
  word: string;
  /** Dictionary words of two and three characters inside `word` (jieba's search mode). */
  parts: string[];
}

/**
 * Splits text into words, after `normalizeForSearch`.
 *
 * ```ts
 * segment('石墨烯复合材料的制备方法'); // ['石墨烯', '复合材料', '的', '制备', '方法']
 * segment('基于CRISPR-Cas9的基因编辑'); // ['基于', 'crispr', 'cas9', '的', '基因', '编辑']
 * ```
 *
 * Keeps stop words and single characters; drops spaces and punctuation. For search
 * tokens use `tokenize`.
 */
export function segment(text: string): string[] {
  return segmentNormalized(normalizeForSearch(text));
}

/** `segment` for text already in search form. */
export function segmentNormalized(normalized: string): string[] {
  return getSegmenter()
    .cut(normalized, true)
    .filter((word) => HAS_WORD_CHARACTER.test(word));
}

/**
 * Precise words with their search-mode parts, for text already in search form.
 * jieba's search mode emits, for each precise word, its dictionary sub-words followed by
 * the word itself; the two segmentations are aligned on that.
 */
export function segmentWithParts(normalized: string): SegmentedWord[] {
  const jieba = getSegmenter();
  const words = jieba.cut(normalized, true);
  const searchWords = jieba.cutForSearch(normalized, true);
  const result: SegmentedWord[] = [];
  let parts: string[] = [];
  let next = 0;
  for (const token of searchWords) {
    const word = words[next];
    if (token === word) {
      if (HAS_WORD_CHARACTER.test(word)) result.push({ word, parts });
      parts = [];
      next++;
    } else if (word !== undefined && token.length < word.length && word.includes(token)) {
      parts.push(token);
    } else {
      // The two modes disagree (never seen in practice): fall back to precise words.
      return words.filter((w) => HAS_WORD_CHARACTER.test(w)).map((w) => ({ word: w, parts: [] }));
    }
  }
  return result;
}
