/**
 * Turns whatever arrives as `q` into a bounded list of distinct query terms. Hostile input
 * (10 kB strings, query-syntax characters, lone surrogates, non-strings) never throws and
 * never costs more than tokenising `MAX_QUERY_CHARS` characters.
 */
import type { TextAnalyzer } from './text-analyzer.ts';

/** Query text beyond this many UTF-16 units is ignored (a long demand description still fits). */
export const MAX_QUERY_CHARS = 4096;
/** Distinct terms beyond this many are ignored, in query order. */
export const MAX_QUERY_TERMS = 64;

/**
 * The distinct terms of a query, in order of first appearance, at most `maxTerms`.
 *
 * @example
 * queryTermsOf('石墨烯 石墨烯 制备', patentTextAnalyzer); // ['石墨烯', '制备']
 */
export function queryTermsOf(q: unknown, analyzer: TextAnalyzer, maxTerms = MAX_QUERY_TERMS, maxChars = MAX_QUERY_CHARS): string[] {
  if (typeof q !== 'string') return [];
  let text = q.length > maxChars ? q.slice(0, maxChars) : q;
  // A surrogate pair cut in half by the slice becomes a lone surrogate; drop it here too.
  text = text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '');
  if (text.trim() === '') return [];
  let raw: string[];
  try {
    raw = analyzer.queryTerms(text);
  } catch {
    return [];
  }
  const terms: string[] = [];
  const seen = new Set<string>();
  for (const term of raw) {
    if (typeof term !== 'string' || term === '' || seen.has(term)) continue;
    seen.add(term);
    terms.push(term);
    if (terms.length >= maxTerms) break;
  }
  return terms;
}

/** Whether `q` asks for everything (placeholder search): empty or only whitespace. */
export function isBlankQuery(q: unknown): boolean {
  return typeof q !== 'string' || q.trim() === '';
}
