import { describe, expect, it } from 'vitest';
import { sparseFromRows, transposeSparse } from '../src/offline/sparse-matrix.ts';
import { symmetricEigen } from '../src/offline/symmetric-eigen.ts';
import { orthonormalize, truncatedSvd } from '../src/offline/truncated-svd.ts';
import { SeededRandom } from '../src/offline/seeded-random.ts';

function randomSparse(rows: number, columns: number, density: number, seed: number) {
  const random = new SeededRandom(seed);
  const list: Array<[number[], number[]]> = [];
  for (let i = 0; i < rows; i++) {
    const cols: number[] = [];
    const vals: number[] = [];
    for (let j = 0; j < columns; j++) if (random.uniform() < density) { cols.push(j); vals.push(random.gaussian()); }
    list.push([cols, vals]);
  }
  return sparseFromRows(columns, list);
}

function dense(a: ReturnType<typeof randomSparse>): number[][] {
  const out = Array.from({ length: a.rows }, () => new Array<number>(a.columns).fill(0));
  for (let i = 0; i < a.rows; i++) for (let p = a.rowStart[i]!; p < a.rowStart[i + 1]!; p++) out[i]![a.columnIndex[p]!] = a.values[p]!;
  return out;
}

describe('symmetricEigen', () => {
  it('diagonalises a small symmetric matrix', () => {
    const { values, vectors } = symmetricEigen(Float64Array.of(4, 1, 0, 1, 3, 1, 0, 1, 2), 3);
    // A v = λ v for each column
    const a = [[4, 1, 0], [1, 3, 1], [0, 1, 2]];
    for (let k = 0; k < 3; k++) {
      for (let i = 0; i < 3; i++) {
        let av = 0;
        for (let j = 0; j < 3; j++) av += a[i]![j]! * vectors[j * 3 + k]!;
        expect(av).toBeCloseTo(values[k]! * vectors[i * 3 + k]!, 10);
      }
    }
    expect(values[0]).toBeGreaterThan(values[1]!);
    expect(values[1]).toBeGreaterThan(values[2]!);
    expect(values[0]! + values[1]! + values[2]!).toBeCloseTo(9, 10);
  });
});

describe('truncatedSvd', () => {
  it('reconstructs an exactly low-rank matrix and gives orthonormal factors', () => {
    // rank-3 matrix: sum of three outer products
    const random = new SeededRandom(3);
    const m = 60, n = 25;
    const rows: Array<[number[], number[]]> = [];
    const u = Array.from({ length: 3 }, () => Array.from({ length: m }, () => random.gaussian()));
    const v = Array.from({ length: 3 }, () => Array.from({ length: n }, () => random.gaussian()));
    for (let i = 0; i < m; i++) {
      const cols: number[] = [], vals: number[] = [];
      for (let j = 0; j < n; j++) { cols.push(j); vals.push(u[0]![i]! * v[0]![j]! * 5 + u[1]![i]! * v[1]![j]! * 2 + u[2]![i]! * v[2]![j]!); }
      rows.push([cols, vals]);
    }
    const a = sparseFromRows(n, rows);
    for (const matrix of [a, transposeSparse(a)]) {
      const svd = truncatedSvd(matrix, 10, { seed: 5 });
      expect(svd.singularValues.length).toBe(3);
      const full = dense(matrix);
      const k = svd.singularValues.length;
      let error = 0, norm = 0;
      for (let i = 0; i < matrix.rows; i++) for (let j = 0; j < matrix.columns; j++) {
        let x = 0;
        for (let r = 0; r < k; r++) x += svd.left.data[i * k + r]! * svd.singularValues[r]! * svd.right.data[j * k + r]!;
        error += (x - full[i]![j]!) ** 2; norm += full[i]![j]! ** 2;
      }
      expect(Math.sqrt(error / norm)).toBeLessThan(1e-5);
    }
  });

  it('matches the leading singular values of a random sparse matrix', () => {
    const a = randomSparse(200, 40, 0.2, 11);
    const exact = symmetricEigen(gram(dense(a), 40), 40).values; // σ² of A
    const svd = truncatedSvd(a, 5, { seed: 2, powerIterations: 8 });
    for (let j = 0; j < 3; j++) expect(svd.singularValues[j]! ** 2 / exact[j]!).toBeCloseTo(1, 3);
  });

  it('orthonormalize keeps only independent directions', () => {
    const y = { rows: 4, columns: 3, data: Float64Array.of(1, 2, 3, 0, 0, 0, 1, 2, 3, 1, 0, 1) };
    const q = orthonormalize(y);
    expect(q.columns).toBe(2);
  });
});

function gram(a: number[][], n: number): Float64Array {
  const g = new Float64Array(n * n);
  for (const row of a) for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) g[i * n + j]! += row[i]! * row[j]!;
  return g;
}
