/**
 * Co-occurrence counts of terms with what describes them: the documents they occur in, the
 * labels of those documents, and the frequent terms they share documents with. Each count matrix
 * has one row per vocabulary term.
 */
import type { LabelColumn } from './ipc-labels.ts';
import type { SparseMatrix } from './sparse-matrix.ts';
import type { EncodedDocument } from './vocabulary.ts';

/**
 * Term × document occurrence counts (the transpose of the encoded corpus): row t lists the
 * documents containing term t, in corpus order.
 *
 * @example
 * const postings = termPostings(encoded, vocabulary.terms.length);
 */
export function termPostings(documents: readonly EncodedDocument[], termCount: number): SparseMatrix {
  const rowStart = new Uint32Array(termCount + 1);
  for (const document of documents) for (const term of document.terms) rowStart[term + 1]!++;
  for (let t = 0; t < termCount; t++) rowStart[t + 1]! += rowStart[t]!;
  const next = rowStart.slice(0, termCount);
  const columnIndex = new Uint32Array(rowStart[termCount]!);
  const values = new Float32Array(rowStart[termCount]!);
  documents.forEach((document, d) => {
    for (let k = 0; k < document.terms.length; k++) {
      const at = next[document.terms[k]!]!++;
      columnIndex[at] = d;
      values[at] = document.counts[k]!;
    }
  });
  return { rows: termCount, columns: documents.length, rowStart, columnIndex, values };
}

/** Term × label counts and the label of each column. */
export interface TermLabelCounts {
  readonly counts: SparseMatrix;
  readonly columns: readonly LabelColumn[];
}

export interface TermLabelOptions {
  /** Weight of the class columns (`A01`) relative to the subclass columns (`A01B`); 0 leaves them out. Default 0.5. */
  classWeight?: number;
}

/**
 * For every term, how many labelled documents of each label contain it. A document with several
 * labels of one level splits its unit weight among them.
 *
 * @example
 * const { counts, columns } = termLabelCounts(postings, documents.map((d) => labelColumns(d.labels)));
 */
export function termLabelCounts(
  postings: SparseMatrix,
  documentLabels: ReadonlyArray<readonly LabelColumn[]>,
  options: TermLabelOptions = {},
): TermLabelCounts {
  const classWeight = options.classWeight ?? 0.5;
  const columnOf = new Map<string, number>();
  const columns: LabelColumn[] = [];
  // Per document: column ids and weights.
  const perDocument = documentLabels.map((labels) => {
    const used = labels.filter((label) => label.level !== 'class' || classWeight > 0);
    const perLevel = new Map<string, number>();
    for (const label of used) perLevel.set(label.level, (perLevel.get(label.level) ?? 0) + 1);
    const ids: number[] = [];
    const weights: number[] = [];
    for (const label of used) {
      const key = `${label.level}:${label.key}`;
      let id = columnOf.get(key);
      if (id === undefined) {
        id = columns.length;
        columnOf.set(key, id);
        columns.push(label);
      }
      ids.push(id);
      weights.push((label.level === 'class' ? classWeight : 1) / perLevel.get(label.level)!);
    }
    return { ids, weights };
  });
  // Sort the columns by key so that the result does not depend on document order.
  const order = columns.map((_, i) => i).sort((a, b) => compareColumns(columns[a]!, columns[b]!));
  const rank = new Uint32Array(columns.length);
  order.forEach((from, to) => (rank[from] = to));
  const sortedColumns = order.map((i) => columns[i]!);

  const scratch = new Float64Array(columns.length);
  const touched: number[] = [];
  const rows: Array<[Uint32Array, Float32Array]> = [];
  let nonZeros = 0;
  for (let t = 0; t < postings.rows; t++) {
    for (let p = postings.rowStart[t]!; p < postings.rowStart[t + 1]!; p++) {
      const { ids, weights } = perDocument[postings.columnIndex[p]!]!;
      for (let k = 0; k < ids.length; k++) {
        const column = rank[ids[k]!]!;
        if (scratch[column] === 0) touched.push(column);
        scratch[column]! += weights[k]!;
      }
    }
    nonZeros += flushRow(scratch, touched, rows);
  }
  return { counts: packRows(rows, sortedColumns.length, nonZeros), columns: sortedColumns };
}

function compareColumns(a: LabelColumn, b: LabelColumn): number {
  const x = `${a.level}:${a.key}`;
  const y = `${b.level}:${b.key}`;
  return x < y ? -1 : x > y ? 1 : 0;
}

export interface TermContextOptions {
  /** How many of the most frequent terms serve as contexts (default 2,000). */
  contexts?: number;
}

/**
 * For every term, in how many documents it occurs together with each context term (the most
 * frequent vocabulary terms, which are the first ids). A term never counts as its own context.
 *
 * @example
 * const counts = termContextCounts(postings, encoded, { contexts: 2000 }); // V × 2000
 */
export function termContextCounts(
  postings: SparseMatrix,
  documents: readonly EncodedDocument[],
  options: TermContextOptions = {},
): SparseMatrix {
  const contextCount = Math.min(options.contexts ?? 2000, postings.rows);
  // Per document: its context terms (ids below contextCount; terms are sorted, so a prefix).
  const contextEnd = documents.map((document) => {
    let end = 0;
    while (end < document.terms.length && document.terms[end]! < contextCount) end++;
    return end;
  });
  const scratch = new Float64Array(contextCount);
  const touched: number[] = [];
  const rows: Array<[Uint32Array, Float32Array]> = [];
  let nonZeros = 0;
  for (let t = 0; t < postings.rows; t++) {
    for (let p = postings.rowStart[t]!; p < postings.rowStart[t + 1]!; p++) {
      const d = postings.columnIndex[p]!;
      const terms = documents[d]!.terms;
      const end = contextEnd[d]!;
      for (let k = 0; k < end; k++) {
        const c = terms[k]!;
        if (c === t) continue;
        if (scratch[c] === 0) touched.push(c);
        scratch[c]!++;
      }
    }
    nonZeros += flushRow(scratch, touched, rows);
  }
  return packRows(rows, contextCount, nonZeros);
}

/**
 * Concatenates per-row (sorted columns, values) pairs into one CSR matrix.
 *
 * @example
 * packRows([[Uint32Array.of(0, 2), Float32Array.of(1, 5)]], 3, 2); // 1 × 3: [1, 0, 5]
 */
export function packRows(rows: ReadonlyArray<readonly [Uint32Array, Float32Array]>, columns: number, nonZeros: number): SparseMatrix {
  const rowStart = new Uint32Array(rows.length + 1);
  const columnIndex = new Uint32Array(nonZeros);
  const values = new Float32Array(nonZeros);
  let at = 0;
  rows.forEach(([cols, vals], i) => {
    columnIndex.set(cols, at);
    values.set(vals, at);
    at += cols.length;
    rowStart[i + 1] = at;
  });
  return { rows: rows.length, columns, rowStart, columnIndex, values };
}

/**
 * Moves the non-zero entries a row accumulated in `scratch` (listed in `touched`) into a sorted
 * sparse row, and resets both for the next row. Returns the row's number of non-zeros.
 *
 * @example
 * nonZeros += flushRow(scratch, touched, rows);
 */
function flushRow(scratch: Float64Array | Float32Array, touched: number[], rows: Array<[Uint32Array, Float32Array]>): number {
  touched.sort((a, b) => a - b);
  const cols = Uint32Array.from(touched);
  const vals = Float32Array.from(touched, (c) => scratch[c]!);
  for (const c of touched) scratch[c] = 0;
  touched.length = 0;
  rows.push([cols, vals]);
  return cols.length;
}
