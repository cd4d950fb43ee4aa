/**
 * Compressed sparse row matrices and their products with dense row-major blocks: the only
 * operations the truncated SVD needs.
 */

/** A sparse matrix in compressed sparse row form. Row `i` holds entries `rowStart[i]…rowStart[i+1]-1`. */
export interface SparseMatrix {
  readonly rows: number;
  readonly columns: number;
  readonly rowStart: Uint32Array;
  readonly columnIndex: Uint32Array;
  readonly values: Float32Array;
}

/** A dense matrix stored row by row: entry (i, j) is `data[i * columns + j]`. */
export interface DenseMatrix {
  readonly rows: number;
  readonly columns: number;
  readonly data: Float64Array;
}

/**
 * Builds a CSR matrix from per-row entry lists (column indexes and values of the same length).
 * Entries are sorted by column within each row; zero values are dropped.
 *
 * @example
 * const m = sparseFromRows(3, [[[0, 2], [1, 5]], [[], []]]); // 2 × 3: row 0 = [1, 0, 5]
 */
export function sparseFromRows(columns: number, rows: ReadonlyArray<readonly [ArrayLike<number>, ArrayLike<number>]>): SparseMatrix {
  let nonZeros = 0;
  for (const [, values] of rows) for (let k = 0; k < values.length; k++) if (values[k] !== 0) nonZeros++;
  const rowStart = new Uint32Array(rows.length + 1);
  const columnIndex = new Uint32Array(nonZeros);
  const values = new Float32Array(nonZeros);
  let at = 0;
  rows.forEach(([cols, vals], i) => {
    const order = Array.from({ length: cols.length }, (_, k) => k).sort((a, b) => cols[a]! - cols[b]!);
    for (const k of order) {
      if (vals[k] === 0) continue;
      columnIndex[at] = cols[k]!;
      values[at] = vals[k]!;
      at++;
    }
    rowStart[i + 1] = at;
  });
  return { rows: rows.length, columns, rowStart, columnIndex, values };
}

/**
 * `A · X` for a sparse `A` (m × n) and a dense `X` (n × k): a dense m × k matrix.
 *
 * @example
 * const y = multiplySparseDense(a, { rows: a.columns, columns: 1, data: Float64Array.of(1, 1, 1) });
 */
export function multiplySparseDense(a: SparseMatrix, x: DenseMatrix): DenseMatrix {
  if (x.rows !== a.columns) throw new RangeError(`cannot multiply ${a.rows}×${a.columns} by ${x.rows}×${x.columns}`);
  const k = x.columns;
  const out = new Float64Array(a.rows * k);
  const { rowStart, columnIndex, values } = a;
  const xd = x.data;
  for (let i = 0; i < a.rows; i++) {
    const base = i * k;
    for (let p = rowStart[i]!; p < rowStart[i + 1]!; p++) {
      const v = values[p]!;
      const from = columnIndex[p]! * k;
      for (let j = 0; j < k; j++) out[base + j]! += v * xd[from + j]!;
    }
  }
  return { rows: a.rows, columns: k, data: out };
}

/**
 * `Aᵀ · X` for a sparse `A` (m × n) and a dense `X` (m × k): a dense n × k matrix.
 *
 * @example
 * const columnSums = multiplySparseTransposedDense(a, { rows: a.rows, columns: 1, data: new Float64Array(a.rows).fill(1) });
 */
export function multiplySparseTransposedDense(a: SparseMatrix, x: DenseMatrix): DenseMatrix {
  if (x.rows !== a.rows) throw new RangeError(`cannot multiply (${a.rows}×${a.columns})ᵀ by ${x.rows}×${x.columns}`);
  const k = x.columns;
  const out = new Float64Array(a.columns * k);
  const { rowStart, columnIndex, values } = a;
  const xd = x.data;
  for (let i = 0; i < a.rows; i++) {
    const from = i * k;
    for (let p = rowStart[i]!; p < rowStart[i + 1]!; p++) {
      const v = values[p]!;
      const base = columnIndex[p]! * k;
      for (let j = 0; j < k; j++) out[base + j]! += v * xd[from + j]!;
    }
  }
  return { rows: a.columns, columns: k, data: out };
}

/**
 * The transpose of a CSR matrix, again in CSR form.
 *
 * @example
 * const t = transposeSparse(a); // t.rows === a.columns
 */
export function transposeSparse(a: SparseMatrix): SparseMatrix {
  const counts = new Uint32Array(a.columns + 1);
  for (let p = 0; p < a.columnIndex.length; p++) counts[a.columnIndex[p]! + 1]!++;
  for (let j = 0; j < a.columns; j++) counts[j + 1]! += counts[j]!;
  const rowStart = counts.slice();
  const next = counts.slice(0, a.columns);
  const columnIndex = new Uint32Array(a.columnIndex.length);
  const values = new Float32Array(a.values.length);
  for (let i = 0; i < a.rows; i++) {
    for (let p = a.rowStart[i]!; p < a.rowStart[i + 1]!; p++) {
      const at = next[a.columnIndex[p]!]!++;
      columnIndex[at] = i;
      values[at] = a.values[p]!;
    }
  }
  return { rows: a.columns, columns: a.rows, rowStart, columnIndex, values };
}

/**
 * The first `count` rows of a CSR matrix (sharing no storage with it).
 *
 * @example
 * const frequent = firstRows(termByDocument, 10_000); // the 10k most frequent terms' rows
 */
export function firstRows(a: SparseMatrix, count: number): SparseMatrix {
  const rows = Math.min(count, a.rows);
  const end = a.rowStart[rows]!;
  return {
    rows,
    columns: a.columns,
    rowStart: a.rowStart.slice(0, rows + 1),
    columnIndex: a.columnIndex.slice(0, end),
    values: a.values.slice(0, end),
  };
}
