/**
 * Turns raw co-occurrence counts into association strengths before the SVD. Raw counts are
 * dominated by frequent terms; these weightings make a cell say how much more often than by
 * chance a term meets a label or context.
 */
import type { SparseMatrix } from './sparse-matrix.ts';

export interface PmiOptions {
  /** Exponent applied to the column totals (context distribution smoothing; 0.75 for word contexts, 1 = plain PMI). */
  columnSmoothing?: number;
  /** Keep only the strongest entries of each row (0 = all). */
  maxPerRow?: number;
}

/**
 * Positive pointwise mutual information: max(0, log(n(t,c)·N / (n(t)·n(c)))), with the column
 * totals optionally smoothed (n(c)^α, renormalised).
 *
 * @example
 * const weighted = positivePmi(termLabelCounts, { columnSmoothing: 1 });
 */
export function positivePmi(counts: SparseMatrix, options: PmiOptions = {}): SparseMatrix {
  const alpha = options.columnSmoothing ?? 1;
  const rowTotals = new Float64Array(counts.rows);
  const columnTotals = new Float64Array(counts.columns);
  let total = 0;
  for (let i = 0; i < counts.rows; i++) {
    for (let p = counts.rowStart[i]!; p < counts.rowStart[i + 1]!; p++) {
      const v = counts.values[p]!;
      rowTotals[i]! += v;
      columnTotals[counts.columnIndex[p]!]! += v;
      total += v;
    }
  }
  let smoothedTotal = 0;
  const smoothed = columnTotals.map((n) => n ** alpha);
  for (const n of smoothed) smoothedTotal += n;
  const weights = new Float32Array(counts.values.length);
  for (let i = 0; i < counts.rows; i++) {
    const rowProbability = rowTotals[i]! / total;
    for (let p = counts.rowStart[i]!; p < counts.rowStart[i + 1]!; p++) {
      const joint = counts.values[p]! / total;
      const columnProbability = smoothed[counts.columnIndex[p]!]! / smoothedTotal;
      const pmi = Math.log(joint / (rowProbability * columnProbability));
      weights[p] = pmi > 0 ? pmi : 0;
    }
  }
  return keepStrongest({ ...counts, values: weights }, options.maxPerRow ?? 0);
}

/**
 * tf-idf with the columns as documents: n(t,c) · log(C / c(t)), where c(t) is the number of
 * columns in which term t occurs (the LSA weighting of label pseudo-documents).
 *
 * @example
 * const weighted = columnTfIdf(termLabelCounts);
 */
export function columnTfIdf(counts: SparseMatrix, options: { sublinear?: boolean } = {}): SparseMatrix {
  const weights = new Float32Array(counts.values.length);
  for (let i = 0; i < counts.rows; i++) {
    const start = counts.rowStart[i]!;
    const end = counts.rowStart[i + 1]!;
    const idf = Math.log(counts.columns / Math.max(1, end - start));
    for (let p = start; p < end; p++) {
      const n = counts.values[p]!;
      weights[p] = (options.sublinear ? Math.log1p(n) : n) * idf;
    }
  }
  return { ...counts, values: weights };
}

/**
 * Each row divided by its total: the term's distribution over the columns, square-rooted
 * (Hellinger), so that Euclidean distances between rows compare distributions.
 *
 * @example
 * const weighted = hellingerRows(termLabelCounts);
 */
export function hellingerRows(counts: SparseMatrix): SparseMatrix {
  const weights = new Float32Array(counts.values.length);
  for (let i = 0; i < counts.rows; i++) {
    let total = 0;
    for (let p = counts.rowStart[i]!; p < counts.rowStart[i + 1]!; p++) total += counts.values[p]!;
    for (let p = counts.rowStart[i]!; p < counts.rowStart[i + 1]!; p++) weights[p] = Math.sqrt(counts.values[p]! / total);
  }
  return { ...counts, values: weights };
}

/**
 * Drops explicit zeros and, when `maxPerRow` > 0, all but the largest entries of each row.
 *
 * @example
 * const pruned = keepStrongest(weighted, 100);
 */
export function keepStrongest(matrix: SparseMatrix, maxPerRow: number): SparseMatrix {
  const rowStart = new Uint32Array(matrix.rows + 1);
  const columnIndex: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < matrix.rows; i++) {
    let entries: number[] = [];
    for (let p = matrix.rowStart[i]!; p < matrix.rowStart[i + 1]!; p++) if (matrix.values[p]! > 0 || matrix.values[p]! < 0) entries.push(p);
    if (maxPerRow > 0 && entries.length > maxPerRow) {
      entries = entries
        .sort((a, b) => Math.abs(matrix.values[b]!) - Math.abs(matrix.values[a]!) || a - b)
        .slice(0, maxPerRow)
        .sort((a, b) => a - b);
    }
    for (const p of entries) {
      columnIndex.push(matrix.columnIndex[p]!);
      values.push(matrix.values[p]!);
    }
    rowStart[i + 1] = columnIndex.length;
  }
  return { rows: matrix.rows, columns: matrix.columns, rowStart, columnIndex: Uint32Array.from(columnIndex), values: Float32Array.from(values) };
}

/**
 * Places matrices with the same rows side by side, each scaled so that its Frobenius norm equals
 * its weight (blocks of different size then count as much as their weights say).
 *
 * @example
 * const combined = concatenateBlocks([{ matrix: labels, weight: 1 }, { matrix: contexts, weight: 0.5 }]);
 */
export function concatenateBlocks(blocks: ReadonlyArray<{ matrix: SparseMatrix; weight: number }>): SparseMatrix {
  const used = blocks.filter((block) => block.weight > 0 && block.matrix.values.length > 0);
  const rows = used[0]?.matrix.rows ?? blocks[0]?.matrix.rows ?? 0;
  const scales = used.map(({ matrix, weight }) => {
    let norm = 0;
    for (const v of matrix.values) norm += v * v;
    return norm > 0 ? weight / Math.sqrt(norm) : 0;
  });
  const offsets: number[] = [];
  let columns = 0;
  for (const { matrix } of used) {
    offsets.push(columns);
    columns += matrix.columns;
  }
  const nonZeros = used.reduce((sum, { matrix }) => sum + matrix.values.length, 0);
  const rowStart = new Uint32Array(rows + 1);
  const columnIndex = new Uint32Array(nonZeros);
  const values = new Float32Array(nonZeros);
  let at = 0;
  for (let i = 0; i < rows; i++) {
    used.forEach(({ matrix }, b) => {
      for (let p = matrix.rowStart[i]!; p < matrix.rowStart[i + 1]!; p++) {
        columnIndex[at] = matrix.columnIndex[p]! + offsets[b]!;
        values[at] = matrix.values[p]! * scales[b]!;
        at++;
      }
    });
    rowStart[i + 1] = at;
  }
  return { rows, columns, rowStart, columnIndex, values };
}
