/**
 * Eigen-decomposition of small dense symmetric matrices (a few hundred rows): the last step of
 * the truncated SVD.
 */

/** Eigenvalues in decreasing order and the matching unit eigenvectors as columns of `vectors` (row-major n × n). */
export interface SymmetricEigen {
  readonly values: Float64Array;
  readonly vectors: Float64Array;
}

/**
 * Cyclic Jacobi rotations until the off-diagonal mass is negligible. `matrix` is row-major n × n
 * and is not modified; only its upper triangle is read (the lower one is assumed equal).
 *
 * @example
 * const { values, vectors } = symmetricEigen(Float64Array.of(2, 1, 1, 2), 2);
 * // values ≈ [3, 1]; vectors[0], vectors[2] ≈ ±[0.707, 0.707]
 */
export function symmetricEigen(matrix: Float64Array, n: number, maxSweeps = 60): SymmetricEigen {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      a[i * n + j] = matrix[i * n + j]!;
      a[j * n + i] = matrix[i * n + j]!;
    }
  }
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;

  let total = 0;
  for (let i = 0; i < n * n; i++) total += a[i]! * a[i]!;
  const tolerance = 1e-30 * Math.max(total, Number.MIN_VALUE);

  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p * n + q]! * a[p * n + q]!;
    if (off <= tolerance) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q]!;
        if (apq === 0) continue;
        const app = a[p * n + p]!;
        const aqq = a[q * n + q]!;
        // Skip rotations too small to change the diagonal at double precision.
        if (Math.abs(apq) < 1e-18 * (Math.abs(app) + Math.abs(aqq)) && sweep > 3) {
          a[p * n + q] = 0;
          a[q * n + p] = 0;
          continue;
        }
        const theta = (aqq - app) / (2 * apq);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        rotate(a, v, n, p, q, c, s);
      }
    }
  }

  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = a[i * n + i]!;
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => values[y]! - values[x]! || x - y);
  const sortedValues = new Float64Array(n);
  const sortedVectors = new Float64Array(n * n);
  order.forEach((from, to) => {
    sortedValues[to] = values[from]!;
    for (let i = 0; i < n; i++) sortedVectors[i * n + to] = v[i * n + from]!;
  });
  return { values: sortedValues, vectors: sortedVectors };
}

/** Applies the rotation J(p, q, c, s) on both sides of `a` (Jᵀ a J) and on the right of `v`. */
function rotate(a: Float64Array, v: Float64Array, n: number, p: number, q: number, c: number, s: number): void {
  for (let k = 0; k < n; k++) {
    const akp = a[k * n + p]!;
    const akq = a[k * n + q]!;
    a[k * n + p] = c * akp - s * akq;
    a[k * n + q] = s * akp + c * akq;
  }
  const rowP = p * n;
  const rowQ = q * n;
  for (let k = 0; k < n; k++) {
    const apk = a[rowP + k]!;
    const aqk = a[rowQ + k]!;
    a[rowP + k] = c * apk - s * aqk;
    a[rowQ + k] = s * apk + c * aqk;
  }
  a[rowP + q] = 0;
  a[rowQ + p] = 0;
  for (let k = 0; k < n; k++) {
    const vkp = v[k * n + p]!;
    const vkq = v[k * n + q]!;
    v[k * n + p] = c * vkp - s * vkq;
    v[k * n + q] = s * vkp + c * vkq;
  }
}
