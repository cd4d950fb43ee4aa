/**
 * The offline embedder: a term vector table learned from the indexed corpus itself, and the
 * arithmetic that turns a text into a unit vector with it.
 */
import { createHash } from 'node:crypto';
import { TEXT_PIPELINE_VERSION } from '@patent-bridge/text';
import type { Embedder } from '../embedder.ts';
import { writeOfflineModel } from './model-file.ts';
import type { OfflineEmbedderSettings } from './offline-embedder-settings.ts';
import { textTokens } from './text-tokens.ts';

/** What training produced: enough to embed, to save, and to tell whether it is stale. */
export interface OfflineModelState {
  readonly settings: OfflineEmbedderSettings;
  /** `TEXT_PIPELINE_VERSION` of `@patent-bridge/text` at training time. */
  readonly textPipelineVersion: number;
  /** Documents trained on. */
  readonly trainedOn: number;
  /** Of those, documents that carried labels. */
  readonly labelledDocuments: number;
  readonly terms: readonly string[];
  /** terms.length × dimensions, row-major: each term's vector as it enters a sum. */
  readonly vectors: Float32Array;
  /** terms.length: each term's weight in a document sum. */
  readonly weights: Float32Array;
  /** commonComponents × dimensions: unit directions removed from every document vector. */
  readonly components: Float32Array;
}

/** `Embedder.id` of the offline embedder. */
export const OFFLINE_EMBEDDER_ID = 'offline-cooccurrence-svd';

/**
 * Embeds texts with a trained term table: the weighted sum of the known terms' vectors, common
 * directions removed, scaled to unit length. Unknown terms contribute nothing; a text without a
 * known term (after the sub-word fallback of `words` mode) gets the zero vector. Create one with
 * `trainOfflineEmbedder` or `loadOfflineEmbedder`.
 *
 * @example
 * const embedder = trainOfflineEmbedder(patents.map((p) => ({ text: `${p.title}\n${p.abstract}`, labels: p.ipc })));
 * const [query] = await embedder.embed(['茶叶杀青设备']);
 * await embedder.save('data/embeddings/offline-embedder.bin');
 */
export class OfflineEmbedder implements Embedder {
  readonly id = OFFLINE_EMBEDDER_ID;
  readonly version: string;
  readonly dimensions: number;
  /** Hash of the trained state alone (what the model file's integrity check compares). */
  readonly contentHash: string;
  readonly #state: OfflineModelState;
  readonly #index: ReadonlyMap<string, number>;

  constructor(state: OfflineModelState) {
    const d = state.settings.dimensions;
    if (state.vectors.length !== state.terms.length * d) throw new RangeError('vector table does not match the vocabulary');
    if (state.weights.length !== state.terms.length) throw new RangeError('weights do not match the vocabulary');
    if (state.components.length % d !== 0) throw new RangeError('common components do not match the dimensions');
    this.#state = state;
    this.dimensions = d;
    this.#index = new Map(state.terms.map((term, i) => [term, i]));
    this.contentHash = offlineModelContentHash(state);
    this.version = offlineModelVersion(state);
  }

  /**
   * False when the model was trained with another `TEXT_PIPELINE_VERSION` than the running
   * `@patent-bridge/text`: it still works (and its `version` differs from the trained one, so an
   * index re-embeds), but its vocabulary no longer matches the tokens; retrain it.
   *
   * @example
   * if (!embedder.textPipelineCurrent) embedder = trainOfflineEmbedder(corpus);
   */
  get textPipelineCurrent(): boolean {
    return this.#state.textPipelineVersion === TEXT_PIPELINE_VERSION;
  }

  /** The trained state (read-only views; used by `save`). */
  get state(): OfflineModelState {
    return this.#state;
  }

  /** Documents the embedder was trained on (for `shouldRetrain`). */
  get trainedOn(): number {
    return this.#state.trainedOn;
  }

  get settings(): Readonly<OfflineEmbedderSettings> {
    return this.#state.settings;
  }

  /**
   * Embeds texts; see the class comment.
   *
   * @example
   * const [a, b] = await embedder.embed(['滚筒杀青机', '茶叶杀青装置']);
   */
  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    return this.embedSync(texts);
  }

  /**
   * `embed` without the promise, for batch jobs and benchmarks.
   *
   * @example
   * const vectors = embedder.embedSync(titles);
   */
  embedSync(texts: readonly string[]): Float32Array[] {
    return texts.map((text) => this.#embedText(text));
  }

  /**
   * The vector of an already tokenised text (tokens as `textTokens` makes them for this
   * embedder's `settings.tokens`).
   *
   * @example
   * embedder.embedTokens(['滚筒', '杀青机']);
   */
  embedTokens(tokens: readonly string[]): Float32Array {
    return this.#embedKnown(tokens) ?? new Float32Array(this.dimensions);
  }

  /**
   * In `words` mode, a text none of whose words the model knows (say one long compound word) is
   * tried once more with the dictionary sub-words of its long words (`words-and-parts`).
   */
  #embedText(text: string): Float32Array {
    const mode = this.#state.settings.tokens;
    const vector = this.#embedKnown(textTokens(text, mode));
    if (vector !== undefined) return vector;
    if (mode === 'words') return this.#embedKnown(textTokens(text, 'words-and-parts')) ?? new Float32Array(this.dimensions);
    return new Float32Array(this.dimensions);
  }

  /** The unit vector of the known tokens, or undefined when none is known. */
  #embedKnown(tokens: readonly string[]): Float32Array | undefined {
    const d = this.dimensions;
    const { vectors, weights, components } = this.#state;
    const sum = new Float64Array(d);
    let found = false;
    for (const token of tokens) {
      const id = this.#index.get(token);
      if (id === undefined) continue;
      found = true;
      const w = weights[id]!;
      const base = id * d;
      for (let j = 0; j < d; j++) sum[j]! += w * vectors[base + j]!;
    }
    if (!found) return undefined;
    const out = new Float32Array(d);
    for (let c = 0; c < components.length; c += d) {
      let dot = 0;
      for (let j = 0; j < d; j++) dot += sum[j]! * components[c + j]!;
      for (let j = 0; j < d; j++) sum[j]! -= dot * components[c + j]!;
    }
    let norm = 0;
    for (let j = 0; j < d; j++) norm += sum[j]! * sum[j]!;
    if (!(norm > 1e-24)) return out;
    const scale = 1 / Math.sqrt(norm);
    for (let j = 0; j < d; j++) out[j] = sum[j]! * scale;
    return out;
  }

  /**
   * A term's vector (unit length when `normalizeTermVectors`), or undefined for an unknown term.
   *
   * @example
   * embedder.termVector('杀青'); // Float32Array(256)
   */
  termVector(term: string): Float32Array | undefined {
    const id = this.#index.get(term);
    if (id === undefined) return undefined;
    return this.#state.vectors.slice(id * this.dimensions, (id + 1) * this.dimensions);
  }

  /**
   * Writes the model to one binary file (see `model-file.ts`), atomically.
   *
   * @example
   * await embedder.save(join(dataDir, 'embeddings', 'offline-embedder.bin'));
   */
  async save(path: string): Promise<void> {
    await writeOfflineModel(path, this.#state);
  }
}

/**
 * The version of a trained state: `oe1-` and 16 hex digits of SHA-256 over the settings, the text
 * pipeline version it was trained with, the vocabulary and every number of the tables. Equal states
 * give equal versions on every machine; any change of corpus, settings or tokenizer changes it.
 * When the running text pipeline is not the one the model was trained with, the same text gives
 * other tokens, so the version gets `-t<running pipeline version>` appended.
 *
 * @example
 * offlineModelVersion(embedder.state); // 'oe1-3f9c0a1b2c3d4e5f'
 */
export function offlineModelVersion(state: OfflineModelState): string {
  const base = `oe1-${offlineModelContentHash(state)}`;
  return state.textPipelineVersion === TEXT_PIPELINE_VERSION ? base : `${base}-t${TEXT_PIPELINE_VERSION}`;
}

/**
 * 16 hex digits of SHA-256 over the trained state (settings, training text pipeline version,
 * vocabulary, tables).
 *
 * @example
 * offlineModelContentHash(embedder.state); // '3f9c0a1b2c3d4e5f'
 */
export function offlineModelContentHash(state: OfflineModelState): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ settings: sortedObject(state.settings), textPipelineVersion: state.textPipelineVersion }));
  hash.update('\u0000');
  hash.update(state.terms.join('\u0001'));
  hash.update('\u0000');
  for (const table of [state.vectors, state.weights, state.components]) {
    hash.update(new Uint8Array(table.buffer, table.byteOffset, table.byteLength));
    hash.update('\u0000');
  }
  return hash.digest('hex').slice(0, 16);
}

function sortedObject(value: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
