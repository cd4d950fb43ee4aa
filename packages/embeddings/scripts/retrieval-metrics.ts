/**
 * Measures for the evaluation script: graded nDCG@k of a ranking and Spearman's rank correlation.
 */

/**
 * nDCG@k with graded gains: DCG of the ranking's first k gains (gain / log2(rank + 1)) divided by
 * the DCG of the best possible ranking (`allGains` sorted in decreasing order). 0 when nothing is
 * relevant.
 *
 * @example
 * ndcgAtK([1, 0, 0.5], [1, 0.5, 0, 0], 3); // ≈ 0.92
 */
export function ndcgAtK(rankedGains: readonly number[], allGains: readonly number[], k: number): number {
  const ideal = [...allGains].sort((a, b) => b - a).slice(0, k);
  const idealDcg = dcg(ideal);
  return idealDcg > 0 ? dcg(rankedGains.slice(0, k)) / idealDcg : 0;
}

function dcg(gains: readonly number[]): number {
  let sum = 0;
  gains.forEach((gain, i) => (sum += gain / Math.log2(i + 2)));
  return sum;
}

/**
 * Spearman's ρ: Pearson correlation of the ranks (ties get their average rank).
 *
 * @example
 * spearman([1, 2, 3], [10, 30, 20]); // 0.5
 */
export function spearman(x: readonly number[], y: readonly number[]): number {
  return pearson(ranks(x), ranks(y));
}

function ranks(values: readonly number[]): number[] {
  const order = values.map((_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const out = new Array<number>(values.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && values[order[j + 1]!] === values[order[i]!]) j++;
    const average = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) out[order[k]!] = average;
    i = j + 1;
  }
  return out;
}

function pearson(x: readonly number[], y: readonly number[]): number {
  const n = x.length;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
    syy += (y[i]! - my) ** 2;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0;
}

/**
 * The gain of a document for a query: 1 when they share an IPC subclass, 0.5 when they share only
 * a class (first three characters), else 0.
 *
 * @example
 * ipcGain(['A01B'], ['A01C', 'G06F']); // 0.5
 */
export function ipcGain(query: readonly string[], document: readonly string[]): number {
  if (document.some((s) => query.includes(s))) return 1;
  const classes = new Set(query.map((s) => s.slice(0, 3)));
  return document.some((s) => classes.has(s.slice(0, 3))) ? 0.5 : 0;
}
