/**
 * Training of the offline embedder: count what each term co-occurs with in the corpus (IPC labels
 * of its documents, frequent terms, documents), weight the counts, reduce them by truncated SVD to
 * `dimensions` columns, and derive the document-level weights and common directions.
 */
import { TEXT_PIPELINE_VERSION } from '@patent-bridge/text';
import { columnTfIdf, concatenateBlocks, hellingerRows, keepStrongest, positivePmi } from './association-weights.ts';
import { labelColumns } from './ipc-labels.ts';
import { OfflineEmbedder, type OfflineModelState } from './offline-embedder.ts';
import { resolveOfflineSettings, type OfflineEmbedderOptions, type OfflineEmbedderSettings } from './offline-embedder-settings.ts';
import { firstRows, multiplySparseDense, type SparseMatrix } from './sparse-matrix.ts';
import { termContextCounts, termLabelCounts, termPostings } from './term-statistics.ts';
import { textTokens } from './text-tokens.ts';
import { truncatedSvd } from './truncated-svd.ts';
import { buildVocabulary, encodeDocument, type EncodedDocument } from './vocabulary.ts';

/** A corpus document: its text (title and abstract) and, where known, its labels (IPC codes). */
export interface OfflineTrainingDocument {
  readonly text: string;
  /** IPC codes (`A01B`, `A01B 1/00`) or other category names; may be empty. */
  readonly labels?: readonly string[];
}

/** A corpus document already tokenised with `textTokens(text, settings.tokens)`. */
export interface TokenizedTrainingDocument {
  readonly tokens: readonly string[];
  readonly labels?: readonly string[];
}

/**
 * Trains an offline embedder on a corpus. Deterministic: the same documents (in any order) and
 * settings give the same vectors and `version`.
 *
 * @example
 * const embedder = trainOfflineEmbedder([
 *   { text: '一种滚筒杀青机', labels: ['A23F'] },
 *   { text: '茶叶杀青装置及其控制方法', labels: ['A23F'] },
 * ], { dimensions: 128 });
 */
export function trainOfflineEmbedder(corpus: Iterable<OfflineTrainingDocument>, options: OfflineEmbedderOptions = {}): OfflineEmbedder {
  const settings = resolveOfflineSettings(options);
  const documents: TokenizedTrainingDocument[] = [];
  for (const document of corpus) documents.push({ tokens: textTokens(document.text, settings.tokens), labels: document.labels ?? [] });
  return trainOfflineEmbedderFromTokens(documents, settings);
}

/**
 * `trainOfflineEmbedder` for documents tokenised beforehand (the evaluation script tokenises once
 * and trains many variants; `ensureOfflineEmbedder` tokenises while it reads an async corpus).
 *
 * @example
 * const settings = resolveOfflineSettings({ tokens: 'words' });
 * const embedder = trainOfflineEmbedderFromTokens(texts.map((t) => ({ tokens: textTokens(t, 'words') })), settings);
 */
export function trainOfflineEmbedderFromTokens(
  documents: readonly TokenizedTrainingDocument[],
  options: OfflineEmbedderOptions = {},
): OfflineEmbedder {
  const settings = resolveOfflineSettings(options);
  const order = canonicalOrder(documents);
  const ordered = order.map((i) => documents[i]!);
  const vocabulary = buildVocabulary(
    ordered.map((document) => document.tokens),
    { minDocumentFrequency: settings.minDocumentFrequency, maxTerms: settings.maxTerms },
  );
  const encoded = ordered.map((document) => encodeDocument(vocabulary, document.tokens));
  const termCount = vocabulary.terms.length;
  const d = settings.dimensions;

  const documentLabels = ordered.map((document) => labelColumns(document.labels ?? []));
  const labelledDocuments = documentLabels.filter((labels) => labels.length > 0).length;
  const postings = termPostings(encoded, termCount);
  const labelBlock = labelledDocuments > 0 && settings.labelWeight > 0 ? weightedLabelBlock(postings, documentLabels, settings) : undefined;
  const cooccurrenceBlocks = cooccurrenceBlockList(postings, encoded, settings);
  const cooccurrenceWeight = cooccurrenceBlocks.reduce((sum, block) => sum + block.weight, 0);

  const vectors = new Float32Array(termCount * d);
  const separate = settings.labelShare > 0 && d > 1 && labelBlock !== undefined && cooccurrenceBlocks.length > 0;
  if (separate) {
    // Two spaces side by side: the label block's own SVD, then the co-occurrence blocks'.
    const total = settings.labelWeight + cooccurrenceWeight;
    const labelDimensions = Math.min(Math.max(1, Math.round(settings.labelShare * d)), d - 1);
    writeTermVectors(vectors, d, 0, labelDimensions, labelBlock, settings, Math.sqrt(settings.labelWeight / total));
    writeTermVectors(vectors, d, labelDimensions, d - labelDimensions, concatenateBlocks(cooccurrenceBlocks), settings, Math.sqrt(cooccurrenceWeight / total));
  } else {
    const blocks = [...(labelBlock ? [{ matrix: labelBlock, weight: settings.labelWeight }] : []), ...cooccurrenceBlocks];
    if (blocks.length > 0) writeTermVectors(vectors, d, 0, d, concatenateBlocks(blocks), settings, 1);
  }
  if (settings.normalizeTermVectors) normalizeRows(vectors, d);

  const weights = termWeights(vocabulary.documentFrequency, vocabulary.termFrequency, vocabulary.documents, settings);
  const components = commonComponents(encoded, vectors, weights, d, settings.commonComponents);
  const state: OfflineModelState = {
    settings,
    textPipelineVersion: TEXT_PIPELINE_VERSION,
    trainedOn: documents.length,
    labelledDocuments,
    terms: vocabulary.terms,
    vectors,
    weights,
    components,
  };
  return new OfflineEmbedder(state);
}

/** Term × label counts weighted as the settings say (PPMI, tf-idf of label pseudo-documents, or Hellinger). */
function weightedLabelBlock(
  postings: SparseMatrix,
  documentLabels: ReadonlyArray<ReturnType<typeof labelColumns>>,
  settings: OfflineEmbedderSettings,
): SparseMatrix {
  const { counts } = termLabelCounts(postings, documentLabels, { classWeight: settings.classWeight });
  const weighted =
    settings.labelWeighting === 'ppmi' ? positivePmi(counts) : settings.labelWeighting === 'tfidf' ? columnTfIdf(counts) : hellingerRows(counts);
  return keepStrongest(weighted, 0);
}

/** The co-occurrence blocks the settings switch on: term × context-term PPMI, term × document tf-idf. */
function cooccurrenceBlockList(
  postings: SparseMatrix,
  encoded: readonly EncodedDocument[],
  settings: OfflineEmbedderSettings,
): Array<{ matrix: SparseMatrix; weight: number }> {
  const blocks: Array<{ matrix: SparseMatrix; weight: number }> = [];
  if (settings.contextWeight > 0 && postings.rows > 1) {
    const counts = termContextCounts(postings, encoded, { contexts: settings.contexts });
    blocks.push({ matrix: positivePmi(counts, { columnSmoothing: 0.75, maxPerRow: settings.contextsPerTerm }), weight: settings.contextWeight });
  }
  if (settings.documentWeight > 0 && postings.columns > 0) {
    blocks.push({ matrix: columnTfIdf(postings, { sublinear: true }), weight: settings.documentWeight });
  }
  return blocks.filter((block) => block.matrix.values.length > 0);
}

/**
 * Reduces `matrix` to `width` columns by truncated SVD and writes each term's row into columns
 * `offset…offset+width-1` of the term table: U·Σ^p (scaled to unit length when normalising, times
 * `scale`). The SVD is fitted on the `svdTerms` most frequent terms (the first rows) and every term
 * is then projected onto the fitted space (LSA fold-in: A·V·Σ^(p-1)), which keeps the dense work
 * proportional to `svdTerms` rather than the vocabulary. Columns without rank stay zero.
 */
function writeTermVectors(
  vectors: Float32Array,
  d: number,
  offset: number,
  width: number,
  matrix: SparseMatrix,
  settings: OfflineEmbedderSettings,
  scale: number,
): void {
  if (width <= 0 || matrix.columns === 0 || matrix.values.length === 0) return;
  const fit = settings.svdTerms > 0 && settings.svdTerms < matrix.rows ? firstRows(matrix, settings.svdTerms) : matrix;
  const svd = truncatedSvd(fit, width, { seed: settings.seed, powerIterations: settings.powerIterations, oversampling: settings.oversampling });
  const k = svd.singularValues.length;
  if (k === 0) return;
  const projected = multiplySparseDense(matrix, svd.right); // U·Σ for every term
  const powers = Array.from(svd.singularValues, (s) => s ** (settings.singularValuePower - 1));
  for (let t = 0; t < matrix.rows; t++) {
    let norm = 0;
    for (let j = 0; j < k; j++) {
      const value = projected.data[t * k + j]! * powers[j]!;
      vectors[t * d + offset + j] = value;
      norm += value * value;
    }
    const factor = settings.normalizeTermVectors ? (norm > 0 ? scale / Math.sqrt(norm) : 0) : scale;
    for (let j = 0; j < k; j++) vectors[t * d + offset + j]! *= factor;
  }
}

/** Scales every non-zero row of a row-major table to unit length. */
function normalizeRows(vectors: Float32Array, d: number): void {
  for (let base = 0; base < vectors.length; base += d) {
    let norm = 0;
    for (let j = 0; j < d; j++) norm += vectors[base + j]! * vectors[base + j]!;
    if (!(norm > 0)) continue;
    const inverse = 1 / Math.sqrt(norm);
    for (let j = 0; j < d; j++) vectors[base + j]! *= inverse;
  }
}

/** idf = ln((N + 1) / (df + 1)) + 1, or SIF a / (a + p(term)). */
function termWeights(df: Uint32Array, tf: Uint32Array, documents: number, settings: OfflineEmbedderSettings): Float32Array {
  const weights = new Float32Array(df.length);
  if (settings.termWeighting === 'idf') {
    for (let t = 0; t < df.length; t++) weights[t] = Math.log((documents + 1) / (df[t]! + 1)) + 1;
  } else {
    let total = 0;
    for (const n of tf) total += n;
    const a = settings.sifSmoothing;
    for (let t = 0; t < tf.length; t++) weights[t] = a / (a + tf[t]! / Math.max(1, total));
  }
  return weights;
}

/**
 * The leading uncentred principal directions of the training documents' unit vectors (at most
 * 5,000 documents, evenly spaced): power iteration with deflation on their d × d second-moment
 * matrix. SIF removes them: they carry what all patents share ("device", "method") rather than
 * what sets one apart.
 */
function commonComponents(encoded: readonly EncodedDocument[], vectors: Float32Array, weights: Float32Array, d: number, count: number): Float32Array {
  const components = new Float32Array(count * d);
  if (count === 0 || encoded.length === 0) return components;
  const step = Math.max(1, Math.ceil(encoded.length / 5000));
  const moment = new Float64Array(d * d);
  const sum = new Float64Array(d);
  for (let i = 0; i < encoded.length; i += step) {
    const { terms, counts } = encoded[i]!;
    sum.fill(0);
    for (let k = 0; k < terms.length; k++) {
      const w = weights[terms[k]!]! * counts[k]!;
      const base = terms[k]! * d;
      for (let j = 0; j < d; j++) sum[j]! += w * vectors[base + j]!;
    }
    let norm = 0;
    for (let j = 0; j < d; j++) norm += sum[j]! * sum[j]!;
    if (!(norm > 0)) continue;
    for (let a = 0; a < d; a++) {
      const xa = sum[a]! / norm; // (sum / ‖sum‖)(sum / ‖sum‖)ᵀ = sum sumᵀ / ‖sum‖², norm being ‖sum‖²
      if (xa === 0) continue;
      for (let b = a; b < d; b++) moment[a * d + b]! += xa * sum[b]!;
    }
  }
  for (let a = 0; a < d; a++) for (let b = 0; b < a; b++) moment[a * d + b] = moment[b * d + a]!;
  for (let c = 0; c < count; c++) {
    let direction = new Float64Array(d).fill(1 / Math.sqrt(d));
    for (let iteration = 0; iteration < 1000; iteration++) {
      const next = new Float64Array(d);
      for (let a = 0; a < d; a++) {
        let dot = 0;
        for (let b = 0; b < d; b++) dot += moment[a * d + b]! * direction[b]!;
        next[a] = dot;
      }
      for (let previous = 0; previous < c; previous++) {
        let dot = 0;
        for (let j = 0; j < d; j++) dot += next[j]! * components[previous * d + j]!;
        for (let j = 0; j < d; j++) next[j]! -= dot * components[previous * d + j]!;
      }
      let norm = 0;
      for (let j = 0; j < d; j++) norm += next[j]! * next[j]!;
      if (!(norm > 0)) break;
      const inverse = 1 / Math.sqrt(norm);
      let change = 0;
      for (let j = 0; j < d; j++) {
        next[j]! *= inverse;
        change += (next[j]! - direction[j]!) ** 2;
      }
      direction = next;
      if (change < 1e-20) break;
    }
    for (let j = 0; j < d; j++) components[c * d + j] = direction[j]!;
  }
  return components;
}

/**
 * Positions of the documents sorted by content (tokens, then labels), so that training does not
 * depend on the order the corpus arrives in (database scans need not be ordered).
 */
function canonicalOrder(documents: readonly TokenizedTrainingDocument[]): number[] {
  const keys = documents.map((document) => `${document.tokens.join('\u0001')}\u0000${[...(document.labels ?? [])].sort().join('\u0001')}`);
  return keys.map((_, i) => i).sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : a - b));
}
