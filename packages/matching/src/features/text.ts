import type { FeatureValue } from './feature.ts';
import { unit } from './feature.ts';

/** Cosines of the offline embedder: below the floor texts are unrelated, above the ceiling near-identical. */
const COSINE_FLOOR = 0.1;
const COSINE_CEILING = 0.75;

/**
 * Semantic similarity of the demand's and the patent's embeddings, rescaled to 0…1.
 *
 * @example
 * semanticFeature(0.62) // { value: 0.8, reason: '语义相似度 0.62' }
 */
export function semanticFeature(cosine: number | undefined): FeatureValue {
  if (cosine === undefined || !Number.isFinite(cosine)) return { value: 0 };
  const value = unit((cosine - COSINE_FLOOR) / (COSINE_CEILING - COSINE_FLOOR));
  return value >= 0.4 ? { value, reason: `语义相似度 ${cosine.toFixed(2)}` } : { value };
}

/** Words every technical text uses: they count little towards overlap and never headline an explanation. */
const GENERIC = new Set([
  '系统', '方法', '装置', '设备', '技术', '产品', '自动', '控制', '结构', '工艺', '生产', '加工', '使用', '提高', '问题', '需要', '希望', '现在', '我们',
  '公司', '企业', '成本', '效率', '质量', '方案', '一种', '实现', '进行', '包括', '采用', '用于', '具有', '能够', '可以', '通过', '研究', '开发', '应用',
  'system', 'method', 'devic', 'device', 'use', 'product', 'technolog', 'compani', 'need', 'want',
]);

/** Whether a term is too common in technical text to explain a match. */
export function isGenericTerm(term: string): boolean {
  return GENERIC.has(term);
}

/** Longer Chinese words are more specific; single characters and generic words say little. */
export function termWeight(term: string): number {
  if (GENERIC.has(term)) return 0.2;
  const length = [...term].length;
  if (/^[\x00-\x7f]+$/.test(term)) return length >= 4 ? 1.5 : 1;
  return length <= 1 ? 0.3 : length === 2 ? 1 : length === 3 ? 1.5 : 2;
}

/** A demand's distinct terms with their weights, computed once per demand rather than per candidate. */
export interface WeightedTerms {
  terms: ReadonlyArray<readonly [string, number]>;
  total: number;
}

/**
 * Weighs a demand's terms for `keywordFeature`.
 *
 * @example
 * weightedTerms(['杀青', '系统']) // { terms: [['杀青', 1], ['系统', 0.2]], total: 1.2 }
 */
export function weightedTerms(terms: readonly string[]): WeightedTerms {
  const list = [...new Set(terms)].map((term) => [term, termWeight(term)] as const);
  return { terms: list, total: list.reduce((sum, [, weight]) => sum + weight, 0) };
}

/**
 * Keyword overlap: the weighted share of the demand's terms that the patent's text holds (half
 * the demand's weight already counts as full overlap: descriptions are longer than titles),
 * averaged with the search engine's BM25 score for the pair when the caller has it.
 *
 * @example
 * keywordFeature(['杀青', '自动化', '茶叶'], new Set(['杀青', '茶叶', '滚筒'])) // { value: 0.8, matched: ['杀青', '茶叶'] }
 */
export function keywordFeature(demandTerms: readonly string[] | WeightedTerms, patentTerms: ReadonlySet<string>, bm25?: number): FeatureValue & { matched: string[] } {
  const weighted = Array.isArray(demandTerms) ? weightedTerms(demandTerms) : (demandTerms as WeightedTerms);
  const total = weighted.total;
  let hit = 0;
  const matched: string[] = [];
  for (const [term, weight] of weighted.terms) {
    if (patentTerms.has(term)) {
      hit += weight;
      matched.push(term);
    }
  }
  if (total === 0) return { value: 0, matched };
  const coverage = unit(hit / (0.5 * Math.min(total, 12)));
  return { value: bm25 === undefined ? coverage : (coverage + unit(bm25)) / 2, matched: matched.sort((a, b) => termWeight(b) - termWeight(a) || b.length - a.length) };
}
