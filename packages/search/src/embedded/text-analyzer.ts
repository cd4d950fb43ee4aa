/**
 * The tokenizer part of the embedded engine: which terms a document is indexed under and which
 * terms a query looks for. Replaceable (tests use a whitespace analyzer); the default is the
 * project's Chinese-aware pipeline from `@patent-bridge/text`.
 */
import { TEXT_PIPELINE_VERSION, tokenize, tokenizeForIndex } from '@patent-bridge/text';

export interface TextAnalyzer {
  /** Changes whenever either function can return different terms; snapshots record it. */
  readonly version: string;
  /** Terms a document field is indexed under (repeats count as term frequency). */
  indexTerms(text: string): string[];
  /** Terms a query searches for. */
  queryTerms(text: string): string[];
}

/**
 * jieba + patent dictionary + stop words + Porter stemming (`@patent-bridge/text`). Documents are
 * indexed with `tokenizeForIndex` (words plus their dictionary sub-words, so 电池 finds
 * 锂离子电池) and queried with `tokenize` (words), the pairing measured best there.
 *
 * @example
 * patentTextAnalyzer.queryTerms('锂离子电池正极材料'); // ['锂离子电池', '正极', '材料']
 */
export const patentTextAnalyzer: TextAnalyzer = {
  version: `patent-text-${TEXT_PIPELINE_VERSION}`,
  indexTerms: (text) => tokenizeForIndex(text),
  queryTerms: (text) => tokenize(text),
};
