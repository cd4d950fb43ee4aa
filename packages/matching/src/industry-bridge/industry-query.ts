/**
 * The search query of an industry: the words of its name and of its GB/T 4754 explanatory note,
 * weighted by TF-IDF across all the industries' texts, so that a word every note uses (制造, 活动,
 * 其他) weighs little and a word of one industry (茶, 计算机) weighs much.
 */
import { tokenize } from '@patent-bridge/text';

/** An industry as the generator reads it. */
export interface IndustryText {
  code: string;
  name: string;
  description: string;
}

export interface IndustryQueryOptions {
  /** How many times a word of the name counts against one of the note. */
  nameBoost: number;
  /** The strongest terms kept per query. */
  terms: number;
}

/**
 * The explanatory note without what it excludes: `不包括：…。` passages, and `列入（…）` pointers,
 * name other industries' products.
 *
 * @example
 * includedText('指对毛茶进行精制加工。不包括：,—,以茶为原料生产的茶饮料，列入（茶饮料及其他饮料制造）。')
 * // '指对毛茶进行精制加工。 '
 */
export function includedText(description: string): string {
  return description.replace(/不包括[：:][\s\S]*?。(?=[^—，,；;]|$)/g, ' ').replace(/列入（[^）]*）/g, '');
}

/**
 * Weighted query terms for every industry: (1 + ln tf) · ln(N / df), tf counting name words
 * `nameBoost` times, keeping the `terms` strongest.
 *
 * @example
 * const queries = industryQueries([{ code: '153', name: '精制茶加工', description: '指对毛茶…' }, …], { nameBoost: 3, terms: 40 });
 * queries.get('153') // Map { '精制' => 4.1, '茶' => 3.8, … }
 */
export function industryQueries(industries: readonly IndustryText[], options: IndustryQueryOptions): Map<string, Map<string, number>> {
  const counts = industries.map((industry) => {
    const tf = new Map<string, number>();
    for (const term of tokenize(industry.name)) tf.set(term, (tf.get(term) ?? 0) + options.nameBoost);
    for (const term of tokenize(includedText(industry.description))) {
      if (/^\d+$/.test(term)) continue;
      tf.set(term, (tf.get(term) ?? 0) + 1);
    }
    return tf;
  });
  const documentFrequency = new Map<string, number>();
  for (const tf of counts) for (const term of tf.keys()) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  const queries = new Map<string, Map<string, number>>();
  industries.forEach((industry, at) => {
    const weighted = [...counts[at]!]
      .map(([term, tf]) => [term, (1 + Math.log(tf)) * Math.log(industries.length / documentFrequency.get(term)!)] as const)
      .filter(([, weight]) => weight > 0)
      .sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))
      .slice(0, options.terms);
    queries.set(industry.code, new Map(weighted));
  });
  return queries;
}
