/**
 * Truncated SVD of a sparse matrix by randomized subspace iteration (Halko, Martinsson & Tropp
 * 2011), in plain TypeScript. The orthonormalisations run on the matrix's smaller side.
 */
import { SeededRandom } from './seeded-random.ts';
import {
  multiplySparseDense,
  multiplySparseTransposedDense,
  transposeSparse,
  type DenseMatrix,
  type SparseMatrix,
} from './sparse-matrix.ts';
import { symmetricEigen } from './symmetric-eigen.ts';

export interface TruncatedSvdOptions {
  /** Extra random directions beyond `rank` (default 10). */
  oversampling?: number;
  /** Subspace (power) iterations (default 2). */
  powerIterations?: number;
  /** Seed of the random start (default 1). */
  seed?: number;
}

/** The leading singular triplets: `A ≈ left · diag(singularValues) · rightᵀ`. */
export interface TruncatedSvd {
  /** Decreasing; fewer than the requested rank when the matrix has lower rank. */
  readonly singularValues: Float64Array;
  /** m × r, orthonormal columns. */
  readonly left: DenseMatrix;
  /** n × r, orthonormal columns. */
  readonly right: DenseMatrix;
}

/**
 * The `rank` leading singular values and vectors of `a`.
 *
 * @example
 * const { singularValues, left } = truncatedSvd(termByLabel, 128, { seed: 7 });
 * // left.rows === termByLabel.rows; left.columns <= 128
 */
export function truncatedSvd(a: SparseMatrix, rank: number, options: TruncatedSvdOptions = {}): TruncatedSvd {
  if (a.columns <= a.rows) return svdOnNarrowSide(a, rank, options);
  const swapped = svdOnNarrowSide(transposeSparse(a), rank, options);
  return { singularValues: swapped.singularValues, left: swapped.right, right: swapped.left };
}

/** The SVD of `b` (r × c, c ≤ r), iterating in the c-dimensional column space. */
function svdOnNarrowSide(b: SparseMatrix, rank: number, options: TruncatedSvdOptions): TruncatedSvd {
  const width = Math.min(rank + (options.oversampling ?? 10), b.columns, b.rows);
  const random = new SeededRandom(options.seed ?? 1);
  const start = new Float64Array(b.columns * width);
  for (let i = 0; i < start.length; i++) start[i] = random.gaussian();
  let basis = orthonormalize({ rows: b.columns, columns: width, data: start });

  for (let iteration = 0; iteration < (options.powerIterations ?? 2); iteration++) {
    basis = orthonormalize(multiplySparseTransposedDense(b, multiplySparseDense(b, basis)));
  }

  // Rayleigh–Ritz: eigen-decompose basisᵀ · bᵀb · basis (computed on the narrow side).
  const image = multiplySparseDense(b, basis); // r × l
  const l = basis.columns;
  const small = crossProduct(basis, multiplySparseTransposedDense(b, image)); // l × l
  for (let i = 0; i < l; i++) {
    for (let j = i + 1; j < l; j++) {
      const average = (small[i * l + j]! + small[j * l + i]!) / 2;
      small[i * l + j] = average;
      small[j * l + i] = average;
    }
  }
  const { values, vectors } = symmetricEigen(small, l);
  const largest = Math.max(values[0] ?? 0, 0);
  let kept = 0;
  while (kept < Math.min(rank, l) && values[kept]! > largest * 1e-12 && values[kept]! > 0) kept++;

  const singularValues = new Float64Array(kept);
  for (let j = 0; j < kept; j++) singularValues[j] = Math.sqrt(values[j]!);
  const rotation = firstColumns(vectors, l, kept);
  const right = multiplyDense(basis, rotation); // c × kept
  // left = b · right · Σ⁻¹: through the sparse matrix, or the dense image when that is cheaper.
  const left = b.values.length <= b.rows * l ? multiplySparseDense(b, right) : multiplyDense(image, rotation);
  for (let i = 0; i < left.rows; i++) {
    for (let j = 0; j < kept; j++) left.data[i * kept + j]! /= singularValues[j]!;
  }
  return { singularValues, left, right };
}

/**
 * An orthonormal basis of the column space of `y` (same row count; fewer columns when `y` is
 * rank-deficient): Cholesky QR, falling back to the eigenvectors of the Gram matrix.
 *
 * @example
 * const q = orthonormalize(y); // qᵀq = I
 */
export function orthonormalize(y: DenseMatrix): DenseMatrix {
  const l = y.columns;
  const gram = gramMatrix(y);
  const factor = cholesky(gram, l);
  if (factor) return solveUpperRight(y, factor);
  const { values, vectors } = symmetricEigen(gram, l);
  const largest = Math.max(values[0] ?? 0, 0);
  let kept = 0;
  while (kept < l && values[kept]! > largest * 1e-10) kept++;
  const transform = firstColumns(vectors, l, kept);
  for (let i = 0; i < l; i++) {
    for (let j = 0; j < kept; j++) transform[i * kept + j]! /= Math.sqrt(values[j]!);
  }
  return multiplyDense(y, transform);
}

/** xᵀy for dense x (n × a) and y (n × b): a × b, row-major. */
function crossProduct(x: DenseMatrix, y: DenseMatrix): Float64Array {
  const a = x.columns;
  const b = y.columns;
  const out = new Float64Array(a * b);
  for (let r = 0; r < x.rows; r++) {
    for (let i = 0; i < a; i++) {
      const xi = x.data[r * a + i]!;
      if (xi === 0) continue;
      const row = i * b;
      const from = r * b;
      for (let j = 0; j < b; j++) out[row + j]! += xi * y.data[from + j]!;
    }
  }
  return out;
}

/** yᵀy (l × l, both triangles filled). */
function gramMatrix(y: DenseMatrix): Float64Array {
  const l = y.columns;
  const gram = new Float64Array(l * l);
  const data = y.data;
  for (let r = 0; r < y.rows; r++) {
    const base = r * l;
    for (let a = 0; a < l; a++) {
      const ya = data[base + a]!;
      if (ya === 0) continue;
      const row = a * l;
      for (let b = a; b < l; b++) gram[row + b]! += ya * data[base + b]!;
    }
  }
  for (let a = 0; a < l; a++) for (let b = 0; b < a; b++) gram[a * l + b] = gram[b * l + a]!;
  return gram;
}

/** Upper-triangular R with RᵀR = g, or undefined when g is not safely positive definite. */
function cholesky(g: Float64Array, n: number): Float64Array | undefined {
  let maxDiagonal = 0;
  for (let i = 0; i < n; i++) maxDiagonal = Math.max(maxDiagonal, g[i * n + i]!);
  const r = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let diagonal = g[j * n + j]!;
    for (let k = 0; k < j; k++) diagonal -= r[k * n + j]! * r[k * n + j]!;
    if (!(diagonal > maxDiagonal * 1e-12)) return undefined;
    const pivot = Math.sqrt(diagonal);
    r[j * n + j] = pivot;
    for (let i = j + 1; i < n; i++) {
      let sum = g[j * n + i]!;
      for (let k = 0; k < j; k++) sum -= r[k * n + j]! * r[k * n + i]!;
      r[j * n + i] = sum / pivot;
    }
  }
  return r;
}

/** y · R⁻¹ for upper-triangular R, row by row (forward substitution). */
function solveUpperRight(y: DenseMatrix, r: Float64Array): DenseMatrix {
  const l = y.columns;
  const out = new Float64Array(y.data.length);
  for (let row = 0; row < y.rows; row++) {
    const base = row * l;
    for (let j = 0; j < l; j++) {
      let sum = y.data[base + j]!;
      for (let i = 0; i < j; i++) sum -= out[base + i]! * r[i * l + j]!;
      out[base + j] = sum / r[j * l + j]!;
    }
  }
  return { rows: y.rows, columns: l, data: out };
}

/** The first `k` columns of a row-major n × n matrix, as row-major n × k. */
function firstColumns(m: Float64Array, n: number, k: number): Float64Array {
  const out = new Float64Array(n * k);
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) out[i * k + j] = m[i * n + j]!;
  return out;
}

/** Dense y (m × l) times row-major t (l × k). */
function multiplyDense(y: DenseMatrix, t: Float64Array): DenseMatrix {
  const l = y.columns;
  const k = l === 0 ? 0 : t.length / l;
  const out = new Float64Array(y.rows * k);
  for (let row = 0; row < y.rows; row++) {
    const from = row * l;
    const to = row * k;
    for (let a = 0; a < l; a++) {
      const ya = y.data[from + a]!;
      if (ya === 0) continue;
      const tRow = a * k;
      for (let j = 0; j < k; j++) out[to + j]! += ya * t[tRow + j]!;
    }
  }
  return { rows: y.rows, columns: k, data: out };
}
